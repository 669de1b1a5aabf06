import Foundation
import Platform
import TestSupport
import Testing
import ZavicajServer

@Suite struct APITests {
    @Test(arguments: Backend.all)
    func memberLifecycleThroughTheAPI(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, api in
            let bad = try await api.api(
                .post, "/api/v1/members", json: ["email": "x@example.org", "password": "short", "display_name": "X"])
            #expect(bad.status == .unprocessableContent)
            #expect((bad.json["error"] as? [String: Any])?["field"] as? String == "password")
            #expect(try await api.api(.post, "/api/v1/members", json: nil).status == .unprocessableContent)
            let created = try await api.api(
                .post, "/api/v1/members",
                json: [
                    "email": "emir@example.org", "password": "dugacka-lozinka",
                    "display_name": "Emir", "language": "en", "time_zone": "America/Toronto",
                ])
            #expect(created.status == .created)
            // The mailed link works when opened in a browser.
            let link = try #require(
                try await app.link(in: "emir@example.org", prefix: "http://zavicaj.test/account/confirm"))
            #expect(try await api.sibling().get(String(link.dropFirst("http://zavicaj.test".count))).status == .ok)
            #expect(try await api.api(.get, "/api/v1/me").status == .unauthorized)
            let session = try await api.api(
                .post, "/api/v1/sessions", json: ["email": "emir@example.org", "password": "dugacka-lozinka"])
            #expect(session.status == .created)
            let token = try #require(session.json["token"] as? String)
            let me = try await api.api(.get, "/api/v1/me", token: token)
            #expect(me.json["email"] as? String == "emir@example.org")
            #expect(me.json["email_confirmed"] as? Bool == true)
            let export = try await api.api(.get, "/api/v1/me/export", token: token)
            #expect((export.json["account"] as? [String: Any])?["time_zone"] as? String == "America/Toronto")
            #expect(
                try await api.api(.delete, "/api/v1/me", json: ["password": "wrong"], token: token).status
                    == .unprocessableContent)
            #expect(try await api.api(.delete, "/api/v1/sessions/current", token: token).status == .noContent)
            #expect(try await api.api(.get, "/api/v1/me", token: token).status == .unauthorized)
            let again = try #require(
                try await api.api(
                    .post, "/api/v1/sessions", json: ["email": "emir@example.org", "password": "dugacka-lozinka"]
                ).json["token"] as? String)
            #expect(
                try await api.api(.delete, "/api/v1/me", json: ["password": "dugacka-lozinka"], token: again).status
                    == .noContent)
            #expect(try await app.environment.accounts.find(email: "emir@example.org") == nil)
        }
    }

    @Test(arguments: Backend.all)
    func staffWithSecondFactorMustGiveTheCode(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, api in
            let credentials: [String: Any] = ["email": "registrar@kakanj.zavicaj.test", "password": DemoData.password]
            let unenrolled = try await api.api(.post, "/api/v1/sessions", json: credentials)
            #expect(unenrolled.status == .forbidden)
            #expect((unenrolled.json["error"] as? [String: Any])?["code"] as? String == "totp_enrolment_required")
            var account = try #require(try await app.environment.accounts.find(email: "registrar@kakanj.zavicaj.test"))
            account.totpSecret = SecondFactor.newSecret()
            account.totpEnabledAt = app.clock.clock.now()
            try await app.environment.accounts.update(account)
            #expect(try await api.api(.post, "/api/v1/sessions", json: credentials).status == .unprocessableContent)
            var withCode = credentials
            withCode["totp"] = SecondFactor.code(secret: account.totpSecret!, at: app.clock.clock.now())
            #expect(try await api.api(.post, "/api/v1/sessions", json: withCode).status == .created)
            app.clock.advance(by: 120)
            #expect(try await api.api(.post, "/api/v1/sessions", json: withCode).status == .unprocessableContent)
        }
    }

    @Test(arguments: Backend.all)
    func municipalitiesAndLocalizedErrors(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, api in
            let list = try await api.api(.get, "/api/v1/municipalities")
            let slugs = (list.json["municipalities"] as? [[String: Any]])?.compactMap { $0["slug"] as? String }
            #expect(slugs == ["jajce", "kakanj", "kljuc", "ljubuski"])
            api.acceptLanguage = "hr"
            let wrong = try await api.api(.post, "/api/v1/sessions", json: ["email": "a@b.ba", "password": "x"])
            #expect(
                (wrong.json["error"] as? [String: Any])?["message"] as? String
                    == "Adresa e-pošte ili lozinka nisu točni.")
        }
    }

    @Test func openAPIDocumentDescribesEveryAPIRoute() async throws {
        let app = try await TestApp.make(.sqlite)
        let routes = app.zavicaj.router.routes.map { ($0.method.rawValue.lowercased(), $0.path.description) }
            .filter { $0.1.hasPrefix("/api/v1") }
        try await app.withClient { client in
            let document = try await Browser(client).api(.get, "/api/v1/openapi.json").json
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            #expect(!routes.isEmpty)
            for (method, path) in routes {
                let openAPIPath = path.split(separator: "/").map {
                    $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0)
                }.joined(separator: "/")
                #expect(
                    paths["/" + openAPIPath]?[method] != nil,
                    "\(method.uppercased()) \(path) is missing from openapi.json")
            }
            // Path parameters are named as in the path, also inside a segment (`{number}.pdf`).
            let pdf = try #require(paths["/api/v1/documents/{number}.pdf"]?["get"] as? [String: Any])
            let names = (pdf["parameters"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(names == ["number"])
            let responses = try #require(pdf["responses"] as? [String: Any])
            #expect(responses["401"] != nil, "a route that needs a bearer lists 401")
        }
    }

    @Test(arguments: Backend.all)
    func twoInstancesOnOneDatabaseShareSessions(_ backend: Backend) async throws {
        let location = try await backend.location()
        let first = try await TestApp.make(backend, database: location)
        let second = try await TestApp.make(backend, database: location, clock: first.clock, demo: false)
        let token = try await first.withClient { client in
            try #require(
                try await Browser(client).api(
                    .post, "/api/v1/sessions",
                    json: [
                        "email": "officer@jajce.zavicaj.test",
                        "password": DemoData.password,
                    ]
                ).json["token"] as? String)
        }
        try await second.withClient { client in
            let me = try await Browser(client).api(.get, "/api/v1/me", token: token)
            #expect(me.json["email"] as? String == "officer@jajce.zavicaj.test")
        }
    }
}
