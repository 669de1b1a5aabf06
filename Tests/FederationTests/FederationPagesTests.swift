import Foundation
import Platform
import TestSupport
import Testing

/// The same exchange through the pages: a platform admin adds a peer, a municipal admin grants a
/// book, a registrar searches the peer's books and opens what was found.
@Suite struct FederationPagesTests {
    @Test(arguments: Backend.all) func staffConnectGrantAndSearchThroughThePages(_ backend: Backend) async throws {
        let (a, b) = (try await Deployment.start(backend), try await Deployment.start(backend))
        defer {
            Task {
                await a.stop(); await b.stop()
            }
        }
        let (aBase, bBase) = (a.base, b.base)
        try await a.browse { browser in
            try await browser.signInStaff(a.app, role: .platformAdmin, slug: "kakanj")
            #expect(try await browser.get("/platform/federation").status == .ok)
            let bad = try await browser.post("/platform/federation", ["base_url": "ftp://x", "name": "X"])
            #expect(bad.status == .unprocessableContent && bad.body.contains("https://"))
            let added = try await browser.post("/platform/federation", ["base_url": bBase, "name": "Jajce"])
            #expect(added.status == .seeOther || added.status == .found, "\(added.body.prefix(300))")
            #expect(try await browser.get("/platform/federation").body.contains(bBase))
            // The page's download link, in the signed-in admin's session.
            #expect(try await browser.get("/platform/federation/log").json["deployment"] as? String == aBase)
        }
        let atB = try await b.call(
            .POST, "/api/v1/federation/peers", token: try await b.token(.platformAdmin),
            json: ["base_url": aBase, "name": "Kakanj"])
        let peerA = atB.json["id"] as? String ?? ""
        try await b.browse { browser in
            try await browser.signInStaff(b.app, role: .municipalAdmin, slug: "jajce")
            #expect(try await browser.get("/jajce/staff/federation-grants").body.contains("Kakanj"))
            _ = try await browser.post("/jajce/staff/federation-grants/\(peerA)", ["grant": "births:search"])
        }
        #expect(try await b.count("federation_grants", "peer_id = '\(peerA)' AND permission = 'search'") == 1)
        let jmbg = try await FederationTests().birthEntry(in: b, slug: "jajce").jmbg
        let peerB = try await a.env.database.sql.raw("SELECT id FROM federation_peers").first()!
            .decode(column: "id", as: String.self)
        try await a.browse { browser in
            try await browser.signInStaff(a.app, role: .registrar, slug: "kakanj")
            #expect(try await browser.get("/kakanj/staff/federation").body.contains("Jajce"))
            let unexplained = try await browser.post(
                "/kakanj/staff/federation", ["peer": peerB, "jmbg": jmbg, "purpose": ""])
            #expect(unexplained.status == .unprocessableContent)
            let found = try await browser.post(
                "/kakanj/staff/federation", ["peer": peerB, "jmbg": jmbg, "purpose": "KAK-2026-000007"])
            #expect(found.status == .ok)
            let link = try #require(
                found.body.firstMatch(of: /href="(\/kakanj\/staff\/federation\/[^"]+)"/).map { String($0.output.1) })
            // Opening it reads the entry to issue: not granted, so B answers as if it were not there.
            #expect(try await browser.get(link.replacingOccurrences(of: "&amp;", with: "&")).status == .notFound)
        }
    }
}
