import Foundation
import Platform
import TestSupport
import Testing
import ZavicajServer

/// The profile, consents, member search and export through `/api/v1`, on both databases.
@Suite struct DiasporaAPITests {
    static var profile: [String: Any] {
        [
            "country": "at", "city": "Graz", "since": 1994, "profession": "Stolar", "skills": ["Drvo", "CNC", "drvo"],
            "languages": ["bs", "de"], "interests": ["investment"], "consents": ["contact", "newsletter"],
        ]
    }

    @Test(arguments: Backend.all)
    func aMemberKeepsAProfileAndTheOfficeFindsAndExportsIt(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, client) async throws -> Void in
            try await client.registerMember(app, email: "edin@example.at", name: "Edin Mujić")
            let edin = try await client.token(app, email: "edin@example.at", password: "sigurna-lozinka")
            #expect(try await client.api(.get, "/api/v1/kljuc/diaspora/profile").status == .unauthorized)
            #expect(try await client.api(.get, "/api/v1/kljuc/diaspora/profile", token: edin).status == .notFound)

            var bad = Self.profile
            bad["country"] = "XY"
            let refused = try await client.api(.post, "/api/v1/kljuc/diaspora/profile", json: bad, token: edin)
            #expect((refused.json["error"] as? [String: Any])?["field"] as? String == "country")
            bad["country"] = "AT"
            bad["consents"] = ["contact", "everything"]
            let unknown = try await client.api(.post, "/api/v1/kljuc/diaspora/profile", json: bad, token: edin)
            #expect((unknown.json["error"] as? [String: Any])?["field"] as? String == "consents")
            #expect(try await app.count("diaspora_profiles") == 0)

            let saved = try await client.api(.post, "/api/v1/kljuc/diaspora/profile", json: Self.profile, token: edin)
            #expect(saved.status == .ok, "\(saved.body)")
            #expect(saved.json["country"] as? String == "AT" && saved.json["skills"] as? [String] == ["drvo", "cnc"])
            let given = try #require(saved.json["consents"] as? [String: String])
            #expect(Set(given.keys) == ["contact", "newsletter"])
            #expect(try await app.count("ledger", "kind = 'diaspora_member'") >= 1)

            // Withdrawing the newsletter keeps the day contact was first given.
            app.clock.advance(by: 86_400)
            var changed = Self.profile
            changed["consents"] = ["contact"]
            let withdrawn = try await client.api(.post, "/api/v1/kljuc/diaspora/profile", json: changed, token: edin)
            #expect(withdrawn.json["consents"] as? [String: String] == ["contact": given["contact"]!])
            let read = try await client.api(.get, "/api/v1/kljuc/diaspora/profile", token: edin)
            #expect(read.json["city"] as? String == "Graz")

            // The office finds him and exports him (he consented to contact); members and others cannot.
            let officer = try await client.token(app, email: DemoData.email(role: .officer, slug: "kljuc"))
            let found = try await client.api(
                .get, "/api/v1/kljuc/diaspora/members?country=AT&name=mujic", token: officer)
            let members = try #require(found.json["members"] as? [[String: Any]], "\(found.body)")
            #expect(members.map { $0["email"] as? String } == ["edin@example.at"])
            let csv = try await client.api(.get, "/api/v1/kljuc/diaspora/members.csv?skill=cnc", token: officer)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8" && csv.body.contains("Edin Mujić"))
            #expect(try await app.count("audit_log", "action IN ('diaspora.members', 'diaspora.export')") == 2)
            #expect(try await client.api(.get, "/api/v1/kljuc/diaspora/members", token: edin).status != .ok)
            let jajce = try await client.token(app, email: DemoData.email(role: .officer, slug: "jajce"))
            #expect(try await client.api(.get, "/api/v1/kljuc/diaspora/members", token: jajce).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/kljuc/diaspora/members.csv").status == .unauthorized)
        }
    }
}
