import Foundation
import Platform
import TestSupport
import Testing
import ZavicajServer

@Suite struct PortalTests {
    @Test(arguments: Backend.all)
    func homeListsTheFourMunicipalities(_ backend: Backend) async throws {
        let app = try await TestApp.make(backend)
        try await app.withClient { client in
            let page = try await Browser(client).get("/")
            #expect(page.status == .ok)
            for name in ["Općina Jajce", "Općina Ključ", "Grad Ljubuški", "Općina Kakanj"] {
                #expect(page.body.contains(name))
            }
            #expect(page.body.contains("<html lang=\"bs\">"))
            #expect(page.headers[.init("Content-Security-Policy")!]?.contains("frame-ancestors 'none'") == true)
            #expect(page.headers[.init("X-Content-Type-Options")!] == "nosniff")
        }
    }

    @Test(arguments: Backend.all)
    func languageSwitchIsRememberedAndAcceptLanguageIsHonoured(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            browser.acceptLanguage = "de-CH, de;q=0.9, en;q=0.5"
            #expect(try await browser.get("/jajce/").body.contains("<html lang=\"de\">"))
            let expected = [
                "bs": "Općina Jajce", "hr": "Općina Jajce", "sr-Latn": "Opština Jajce", "sr-Cyrl": "Општина Јајце",
                "en": "Municipality of Jajce", "de": "Gemeinde Jajce",
            ]
            for (code, name) in expected {
                let switched = try await browser.get("/lang/\(code)?next=/jajce/")
                #expect(switched.status == .seeOther)
                #expect(switched.location == "/jajce/")
                let page = try await browser.get("/jajce/")
                #expect(page.body.contains("<html lang=\"\(code)\">"))
                #expect(page.body.contains("<h1>\(name)</h1>"))
            }
            #expect(try await browser.get("/lang/en?next=//evil.example").location == "/")
        }
    }

    /// A visitor not signed in gets the portal drawn once for everyone: a change saved on this instance
    /// shows at once; one saved by another instance (here straight into the database) within 5 s.
    @Test(arguments: Backend.all)
    func portalDrawnForVisitorsFollowsChanges(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, client in
            let visitor = client.sibling()
            #expect(try await visitor.get("/jajce/").body.contains("Ured za dijasporu"))
            let admin = try await client.token(app, email: DemoData.email(role: .municipalAdmin, slug: "jajce"))
            let saved = try await client.api(
                .post, "/api/v1/jajce/departments", json: ["name": ["bs": "Služba za povratnike"]], token: admin)
            #expect(saved.status == .created, "\(saved.body)")
            #expect(try await visitor.get("/jajce/").body.contains("Služba za povratnike"), "this instance: at once")

            try await app.environment.database.sql.raw(
                "UPDATE departments SET names = '{\"bs\":\"Služba za investitore\"}' WHERE names LIKE '%povratnike%'"
            ).run()
            #expect(!(try await visitor.get("/jajce/").body.contains("Služba za investitore")), "still the drawn page")
            app.clock.advance(by: 6)
            #expect(try await visitor.get("/jajce/").body.contains("Služba za investitore"), "another instance: 5 s")
        }
    }

    /// The ask form is drawn once for visitors, but each visitor's copy carries their own form token,
    /// which their submission is checked against.
    @Test(arguments: [Backend.sqlite])
    func aKeptFormCarriesEachVisitorsOwnToken(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, client in
            let (ana, ben) = (client.sibling(), client.sibling())
            let first = try #require(InputHardeningTests.formToken(in: try await ana.get("/jajce/inquiries/new").body))
            let second = try #require(InputHardeningTests.formToken(in: try await ben.get("/jajce/inquiries/new").body))
            #expect(first.split(separator: ".")[0] != second.split(separator: ".")[0], "each visitor's own cookie")
            #expect(!(try await ana.get("/jajce/inquiries/new").body.contains("zv-token-")))
            var fields = InputHardeningTests.question
            fields["_csrf"] = second
            #expect(try await ana.post("/jajce/inquiries", fields).status == .forbidden, "another visitor's token")
            fields["_csrf"] = first
            #expect(try await ana.post("/jajce/inquiries", fields).status == .created)
        }
    }

    /// The stylesheet is linked under its digest, kept a year, and sent without a cookie.
    @Test(arguments: [Backend.sqlite])
    func stylesheetHasADigestNameAndNoCookie(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, client in
            let page = try await client.sibling().get("/jajce/")
            let link = try #require(page.body.firstMatch(of: /href="(\/static\/app\.[0-9a-f]{8}\.css)"/)?.1)
            let css = try await client.sibling().get(String(link))
            #expect(css.status == .ok)
            #expect(css.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(css.headers[.setCookie] == nil)
            #expect(css.body == (try await client.sibling().get("/static/app.css")).body)
        }
    }

    @Test(arguments: Backend.all)
    func unknownMunicipalityIsALocalized404(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            browser.acceptLanguage = "en"
            let page = try await browser.get("/atlantis/")
            #expect(page.status == .notFound)
            #expect(page.body.contains("This page does not exist."))
        }
    }

    @Test(arguments: Backend.all)
    func healthAndMetrics(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            let health = try await browser.get("/healthz")
            #expect(health.status == .ok)
            #expect(health.json["database"] as? String == backend.rawValue)
            _ = try await browser.get("/jajce/")
            let metrics = try await browser.get("/metrics")
            #expect(metrics.body.contains("hb_requests"))
            #expect(metrics.body.contains("http_server_request_duration"))
        }
    }
}

/// SQLite's log is copied into the file by the server's background checkpoint, not by the commits
/// that answer requests; every committed page is copied.
@Suite struct CheckpointTests {
    @Test func theBackgroundCheckpointCopiesTheLog() async throws {
        try await TestApp.browse(.sqlite) { app, client in
            let asked = try await client.api(
                .post, "/api/v1/jajce/inquiries",
                json: [
                    "category": "documents", "subject": "Izvod", "body": "Trebam izvod iz matične knjige rođenih.",
                    "name": "Ana", "email": "ana@example.org",
                ])
            #expect(asked.status == .created, "\(asked.body)")
            let (log, copied) = try await app.environment.database.checkpoint()
            #expect(log > 0 && copied == log, "\(copied) of \(log) pages")
            let autocheckpoint = try await app.environment.database.sql.raw("PRAGMA wal_autocheckpoint").first()
            #expect(try autocheckpoint?.decode(column: "wal_autocheckpoint", as: Int.self) == 10_000)
        }
    }
}
