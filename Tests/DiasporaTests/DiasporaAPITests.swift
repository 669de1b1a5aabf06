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
            // The export follows the page's consent filter: he withdrew the newsletter, so he is not in that one.
            let letter = try await client.api(
                .get, "/api/v1/kljuc/diaspora/members.csv?consent=newsletter", token: officer)
            #expect(letter.status == .ok && !letter.body.contains("Edin Mujić"), "\(letter.body)")

            // The office saves the filter as a segment; it lists it and offers it as a newsletter audience.
            let nameless = try await client.api(
                .post, "/api/v1/kljuc/diaspora/segments", json: ["country": "AT"], token: officer)
            #expect(nameless.status == .unprocessableContent)
            let segment = try await client.api(
                .post, "/api/v1/kljuc/diaspora/segments",
                json: ["segment_name": "Austrija CNC", "country": "AT", "skill": "cnc"], token: officer)
            #expect(segment.json["query"] as? String == "country=AT&skill=cnc", "\(segment.body)")
            let segments = try await client.api(.get, "/api/v1/kljuc/diaspora/segments", token: officer)
            #expect(
                (segments.json["segments"] as? [[String: Any]])?.contains { $0["name"] as? String == "Austrija CNC" }
                    == true)
            let audiences = try await client.api(.get, "/api/v1/kljuc/newsletters", token: officer)
            #expect(audiences.body.contains("segment:Austrija CNC"))
            #expect(try await app.count("audit_log", "action = 'diaspora.segment'") == 1)
            #expect(try await client.api(.get, "/api/v1/kljuc/diaspora/members", token: edin).status != .ok)
            let jajce = try await client.token(app, email: DemoData.email(role: .officer, slug: "jajce"))
            #expect(try await client.api(.get, "/api/v1/kljuc/diaspora/members", token: jajce).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/kljuc/diaspora/members.csv").status == .unauthorized)

            // He renames himself: the office finds him by the new name at once, not by the old one.
            let renamed = try await client.api(.post, "/api/v1/me", json: ["display_name": "Edin Hodžić"], token: edin)
            #expect(renamed.status == .ok, "\(renamed.body)")
            let byNew = try await client.api(.get, "/api/v1/kljuc/diaspora/members?name=hodzic", token: officer)
            #expect((byNew.json["members"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Edin Hodžić"])
            let byOld = try await client.api(.get, "/api/v1/kljuc/diaspora/members?name=mujic", token: officer)
            #expect((byOld.json["members"] as? [[String: Any]])?.isEmpty == true, "\(byOld.body)")
        }
    }

    @Test(arguments: Backend.all)
    func theOfficeKeepsAssociationsPartnersAndItsLogThroughTheAPI(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, client) async throws -> Void in
            let officer = try await client.token(app, email: DemoData.email(role: .officer, slug: "kljuc"))
            let association: [String: Any] = [
                "name": "Prijatelji Ključa Luzern", "city": "Luzern", "country": "CH", "contact_name": "Mirsad Softić",
                "contact_email": "info@prijatelji-kljuca.ch", "members": 140, "works_with": ["kljuc"],
                "public_listing": true,
            ]
            let before = try await app.count("associations")
            var wrong = association
            (wrong["city"], wrong["contact_email"], wrong["members"]) = ("", "nije-adresa", -3)
            let refused = try await client.api(.post, "/api/v1/kljuc/associations", json: wrong, token: officer)
            let fields = (refused.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields == ["city", "contact_email", "members"], "every wrong field at once: \(refused.body)")
            #expect(try await app.count("associations") == before, "and nothing written")
            let saved = try await client.api(.post, "/api/v1/kljuc/associations", json: association, token: officer)
            #expect(saved.status == .created, "\(saved.body)")
            let id = try #require(saved.json["id"] as? String)
            let listed = try await client.api(.get, "/api/v1/kljuc/associations", token: officer)
            #expect((listed.json["associations"] as? [[String: Any]])?.contains { $0["id"] as? String == id } == true)
            #expect(
                try await client.sibling(address: "198.51.100.31").get("/kljuc/associations").body.contains("Luzern"),
                "it agreed to be listed")

            let pdf = Data("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n".utf8).base64EncodedString()
            let agreement = try await client.api(
                .post, "/api/v1/kljuc/associations/agreements",
                json: [
                    "party": "association", "association_id": id, "subject": "Saradnja u kulturi",
                    "signed_on": "2026-10-01", "status": "signed",
                    "document": ["filename": "sporazum.pdf", "content_base64": pdf],
                ], token: officer)
            #expect(agreement.status == .created, "\(agreement.body)")
            let space = try await client.api(
                .post, "/api/v1/kljuc/associations/spaces",
                json: [
                    "association_id": id, "premises": "Sala 2", "from_date": "2026-11-01", "until_date": "2026-10-01",
                ],
                token: officer)
            #expect((space.json["error"] as? [String: Any])?["field"] as? String == "until_date")

            let contacts = try await app.count("office_contacts")
            let logged = try await client.api(
                .post, "/api/v1/kljuc/office/contacts",
                json: [
                    "party": "anonymous", "channel": "phone", "topic": "Dvojno državljanstvo", "outcome": "Upućen",
                    "referral": "ministry",
                ], token: officer)
            #expect(logged.status == .created, "\(logged.body)")
            #expect(try await app.count("office_contacts") == contacts + 1)

            let partner = try await client.api(
                .post, "/api/v1/kljuc/partners",
                json: ["name": "Drvoprerada d.o.o.", "kind": "business", "contact": "062"],
                token: officer)
            let partnerID = try #require(partner.json["id"] as? String, "\(partner.body)")
            let noted = try await client.api(
                .post, "/api/v1/kljuc/partners/\(partnerID)/contacts",
                json: ["happened_on": "2026-11-10", "note": "Zainteresovani za investitore"], token: officer)
            #expect(
                (noted.json["log"] as? [[String: Any]])?.first?["note"] as? String == "Zainteresovani za investitore")
            #expect(
                try await app.count(
                    "audit_log",
                    "action IN ('diaspora.association', 'diaspora.agreement', 'diaspora.partner', 'diaspora.partner_contact')"
                )
                    == 4, "every write is in the audit log")

            // Another municipality's office, a registrar and a member cannot use this desk.
            let jajce = try await client.token(app, email: DemoData.email(role: .officer, slug: "jajce"))
            #expect(try await client.api(.get, "/api/v1/kljuc/partners/\(partnerID)", token: jajce).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/jajce/partners/\(partnerID)", token: jajce).status == .notFound)
            let registrar = try await client.token(app, email: DemoData.email(role: .registrar, slug: "kljuc"))
            #expect(try await client.api(.get, "/api/v1/kljuc/associations", token: registrar).status == .forbidden)
            #expect(try await client.api(.get, "/api/v1/kljuc/associations").status == .unauthorized)
        }
    }
}
