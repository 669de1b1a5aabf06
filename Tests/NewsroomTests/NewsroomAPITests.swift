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
            let visitor = client.sibling()  // the news page as drawn for visitors is kept…
            #expect(!(try await visitor.get("/kljuc/news").body.contains("Dani dijaspore")))
            let article = try await client.api(
                .post, "/api/v1/kljuc/news",
                json: [
                    "category": "diaspora", "title": ["bs": "Dani dijaspore"], "body": ["bs": "Program je objavljen."],
                ],
                token: officer)
            #expect(article.status == .created, "\(article.body)")
            #expect(try await client.get("/kljuc/news").body.contains("Dani dijaspore"))
            #expect(try await visitor.get("/kljuc/news").body.contains("Dani dijaspore"), "…and drawn anew on a write")

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

    /// The media desk and radio through the API: an outlet once per address, a release mailed to the list
    /// of every outlet, a programme that needs a frequency or a stream, its episodes and a listener
    /// estimate counted in the ledger; each write audited; another municipality's editor gets 404.
    @Test(arguments: Backend.all)
    func anEditorKeepsTheMediaListAndTheRadioThroughTheAPI(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, client) async throws -> Void in
            let officer = try await client.token(app, email: DemoData.email(role: .officer, slug: "jajce"))
            let release: [String: Any] = ["release_title": "Dani dijaspore", "release_body": "Program je objavljen."]
            let listed = try await client.api(.get, "/api/v1/jajce/media", token: officer)
            let before = try #require(listed.json["outlets"] as? [[String: Any]], "\(listed.body)").count
            let releases = try await app.count("ledger", "kind = 'press_release'")
            let outlet: [String: Any] = [
                "outlet_name": "Radio Jajce", "outlet_email": "redakcija@radio-jajce.test", "outlet_language": "bs",
            ]
            let added = try await client.api(.post, "/api/v1/jajce/media/outlets", json: outlet, token: officer)
            #expect(added.status == .created, "\(added.body)")
            let twice = try await client.api(.post, "/api/v1/jajce/media/outlets", json: outlet, token: officer)
            #expect(twice.status == .conflict)
            let sent = try await client.api(.post, "/api/v1/jajce/media/releases", json: release, token: officer)
            #expect(sent.status == .created && sent.json["outlets"] as? Int == before + 1, "\(sent.body)")
            let desk = try await client.api(.get, "/api/v1/jajce/media", token: officer)
            #expect((desk.json["releases"] as? [[String: Any]])?.first?["title"] as? String == "Dani dijaspore")
            #expect(try await app.count("ledger", "kind = 'press_release'") == releases + 1)

            var programme: [String: Any] = [
                "name": "Glas dijaspore", "station": "Radio Jajce", "weekday": 6, "airs_at": "18:30", "minutes": 60,
            ]
            let nowhere = try await client.api(.post, "/api/v1/jajce/radio/programmes", json: programme, token: officer)
            let fields = (nowhere.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields == ["frequency"], "\(nowhere.body)")
            programme["frequency"] = "FM 98,6"
            let created = try await client.api(.post, "/api/v1/jajce/radio/programmes", json: programme, token: officer)
            let id = try #require(created.json["id"] as? String, "\(created.body)")
            let episode = try await client.api(
                .post, "/api/v1/jajce/radio/programmes/\(id)/episodes",
                json: ["aired_on": "2026-11-14", "episode_title": "Gosti iz Beča"], token: officer)
            #expect((episode.json["episodes"] as? [[String: Any]])?.count == 1, "\(episode.body)")
            let estimate: [String: Any] = [
                "from_on": "2026-10-01", "to_on": "2026-10-31", "listeners": 4200, "source": "Anketa stanice",
            ]
            let counted = try await client.api(
                .post, "/api/v1/jajce/radio/programmes/\(id)/listeners", json: estimate, token: officer)
            #expect(counted.status == .created, "\(counted.body)")
            #expect(try await app.count("ledger", "kind = 'radio_listeners' AND quantity = 4200") == 1)
            #expect(
                try await app.count(
                    "audit_log",
                    "action IN ('media.outlet', 'press.release', 'radio.programme', 'radio.episode', 'radio.listeners')"
                )
                    == 5)

            let kakanj = try await client.token(app, email: DemoData.email(role: .officer, slug: "kakanj"))
            let foreign = try await client.api(
                .post, "/api/v1/kakanj/radio/programmes/\(id)/listeners", json: estimate, token: kakanj)
            #expect(foreign.status == .notFound)
            let theirs = try await client.api(.get, "/api/v1/kakanj/radio/programmes", token: kakanj)
            #expect((theirs.json["programmes"] as? [[String: Any]])?.contains { $0["id"] as? String == id } == false)
        }
    }
}
