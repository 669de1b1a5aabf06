import Foundation
import Platform
import TestSupport
import Testing
import ZavicajServer

/// The editors' flows through `/api/v1`, on both databases: news published, a newsletter sent only
/// to members who consented, its deliveries read; another municipality's editor sees none of it.
@Suite struct NewsroomAPITests {
    @Test(arguments: Backend.all)
    func anEditorPublishesAndSendsANewsletterThroughTheAPI(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, client) async throws -> Void in
            for n in 0..<3 { try await NewsroomTests.member(app, n, consent: n != 0) }
            let officer = try await client.token(app, email: DemoData.email(role: .officer, slug: "kljuc"))
            let article = try await client.api(
                .post, "/api/v1/kljuc/news",
                json: [
                    "category": "diaspora", "title": ["bs": "Dani dijaspore"], "body": ["bs": "Program je objavljen."],
                ],
                token: officer)
            #expect(article.status == .created, "\(article.body)")
            #expect(try await client.get("/kljuc/news").body.contains("Dani dijaspore"))

            let listed = try await client.api(.get, "/api/v1/kljuc/newsletters", token: officer)
            let audiences = try #require(listed.json["audiences"] as? [[String: Any]], "\(listed.body)")
            #expect(audiences.contains { $0["id"] as? String == "all" })
            let letter: [String: Any] = [
                "audience": "all", "subject": ["bs": "Bilten", "de": "Newsletter"],
                "body": ["bs": "Dragi naši…", "de": "Liebe Landsleute…"],
            ]
            var empty = letter
            empty["body"] = ["de": "nur Deutsch"]
            let refused = try await client.api(.post, "/api/v1/kljuc/newsletters", json: empty, token: officer)
            #expect((refused.json["error"] as? [String: Any])?["field"] as? String == "body_bs")
            #expect(try await app.count("newsletters") == 0)
            let sent = try await client.api(.post, "/api/v1/kljuc/newsletters", json: letter, token: officer)
            #expect(sent.status == .created && sent.json["recipients"] as? Int == 2, "\(sent.body)")
            let id = try #require(sent.json["id"] as? String)
            let deliveries = try await client.api(.get, "/api/v1/kljuc/newsletters/\(id)", token: officer)
            #expect((deliveries.json["deliveries"] as? [[String: Any]])?.count == 2)
            #expect(try await app.count("audit_log", "action = 'newsletter.deliveries' AND object_id = '\(id)'") == 1)

            let jajce = try await client.token(app, email: DemoData.email(role: .officer, slug: "jajce"))
            #expect(try await client.api(.get, "/api/v1/jajce/newsletters/\(id)", token: jajce).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/kljuc/newsletters", token: jajce).status == .notFound)
            #expect(try await client.api(.post, "/api/v1/kljuc/newsletters", json: letter).status == .unauthorized)
        }
    }
}
