import Foundation
import Platform
import TestSupport
import Testing

@Suite struct AccountTests {
    static let member = [
        "display_name": "Amra Hadžić", "email": "amra@example.org", "password": "sigurna-lozinka",
        "language": "de", "time_zone": "Europe/Berlin",
    ]

    @Test(arguments: Backend.all)
    func memberRegistersConfirmsLogsInAndOut(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            let registered = try await browser.post("/account/register", Self.member)
            #expect(registered.status == .seeOther)
            #expect(try await browser.get("/account/").body.contains("amra@example.org"))
            let mail = try #require(try await app.mails(to: "amra@example.org").first)
            #expect(mail.subject == "Bestätigen Sie Ihre E-Mail-Adresse")
            let link = try #require(
                try await app.link(in: "amra@example.org", prefix: "http://zavicaj.test/account/confirm"))
            let confirmed = try await browser.get(String(link.dropFirst("http://zavicaj.test".count)))
            #expect(confirmed.status == .ok)
            #expect(try await app.environment.accounts.find(email: "amra@example.org")?.emailConfirmedAt != nil)
            // The same link works once only.
            #expect(try await browser.get(String(link.dropFirst("http://zavicaj.test".count))).status == .badRequest)
            #expect(try await browser.post("/account/logout").status == .seeOther)
            #expect(try await browser.get("/account/").status == .seeOther)
            let wrong = try await browser.post(
                "/account/login", ["email": "amra@example.org", "password": "nije-ta-lozinka"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.contains("E-mail adresa ili lozinka nisu tačni."))
            let login = try await browser.post(
                "/account/login", ["email": "AMRA@example.org", "password": "sigurna-lozinka"])
            #expect(login.location == "/account/")
            #expect(try await browser.get("/account/").status == .ok)
        }
    }

    @Test(arguments: Backend.all)
    func badRegistrationSaysWhichFieldAndWritesNothing(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            browser.acceptLanguage = "bs"
            var form = Self.member
            form["email"] = "not-an-address"
            let bad = try await browser.post("/account/register", form)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("Ovo nije ispravna e-mail adresa."))
            #expect(bad.body.contains("aria-invalid=\"true\" aria-describedby=\"e-email\""))
            form = Self.member
            form["password"] = "kratka"
            #expect(try await browser.post("/account/register", form).body.contains("najmanje 10 znakova"))
            form["password"] = "sigurna-lozinka"
            form["time_zone"] = "Mars/Olympus"
            #expect(try await browser.post("/account/register", form).status == .unprocessableContent)
            #expect(try await app.environment.accounts.find(email: "amra@example.org") == nil)
            #expect(try await app.mails(to: "amra@example.org").isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func formWithoutTokenIsRefused(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, browser) async throws -> Void in
            var form = Self.member
            form["_csrf"] = "forged"
            #expect(try await browser.post("/account/register", form).status == .forbidden)
            #expect(try await app.environment.accounts.find(email: "amra@example.org") == nil)
        }
    }

    @Test(arguments: Backend.all)
    func forgottenPasswordIsResetByMailLink(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            _ = try await browser.post("/account/register", Self.member)
            let other = browser.sibling()
            #expect(try await other.post("/account/forgot", ["email": "amra@example.org"]).status == .ok)
            #expect(try await other.post("/account/forgot", ["email": "nobody@example.org"]).status == .ok)
            #expect(try await app.mails(to: "nobody@example.org").isEmpty)
            let link = try #require(
                try await app.link(in: "amra@example.org", prefix: "http://zavicaj.test/account/reset"))
            let path = String(link.dropFirst("http://zavicaj.test".count))
            #expect(try await other.post(path, ["password": "short"]).status == .unprocessableContent)
            #expect(try await other.post(path, ["password": "nova-duga-lozinka"]).status == .ok)
            // Every earlier session ends with the reset.
            #expect(try await browser.get("/account/").status == .seeOther)
            #expect(
                try await other.post("/account/login", ["email": "amra@example.org", "password": "nova-duga-lozinka"])
                    .status == .seeOther)
            app.clock.advance(by: 2 * 3600)
            #expect(try await other.post(path, ["password": "jos-jedna-lozinka"]).status == .badRequest)
        }
    }

    /// The same account flows through the API: a new confirmation link, one's name and language changed
    /// (a wrong time zone refused, nothing changed), and a forgotten password reset by the mailed token,
    /// once, ending every earlier session; an unknown address gets the same answer and no mail.
    @Test(arguments: Backend.all)
    func aMemberKeepsTheirAccountThroughTheAPI(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, client in
            let registered = try await client.api(
                .post, "/api/v1/members",
                json: ["email": "amra@example.org", "password": "sigurna-lozinka", "display_name": "Amra"])
            #expect(registered.status == .created, "\(registered.body)")
            let token = try await client.token(app, email: "amra@example.org", password: "sigurna-lozinka")
            #expect(try await client.api(.post, "/api/v1/me/confirmation", token: token).status == .accepted)
            #expect(try await app.mails(to: "amra@example.org").count == 2)

            let wrong = try await client.api(
                .post, "/api/v1/me", json: ["display_name": "Amra H.", "time_zone": "Mars/Olympus"], token: token)
            #expect(wrong.status == .unprocessableContent)
            #expect(try await app.environment.accounts.find(email: "amra@example.org")?.displayName == "Amra")
            let saved = try await client.api(
                .post, "/api/v1/me", json: ["display_name": "Amra H.", "language": "de"], token: token)
            #expect(saved.json["display_name"] as? String == "Amra H." && saved.json["language"] as? String == "de")

            for email in ["amra@example.org", "nobody@example.org"] {
                let asked = try await client.api(.post, "/api/v1/password-resets", json: ["email": email])
                #expect(asked.status == .accepted)
            }
            #expect(try await app.mails(to: "nobody@example.org").isEmpty)
            let link = try #require(
                try await app.link(in: "amra@example.org", prefix: "http://zavicaj.test/account/reset"))
            let reset = try #require(URLComponents(string: link)?.queryItems?.first { $0.name == "token" }?.value)
            let short = try await client.api(
                .post, "/api/v1/password-resets/complete", json: ["token": reset, "password": "kratka"])
            #expect(short.status == .unprocessableContent)
            let done = try await client.api(
                .post, "/api/v1/password-resets/complete", json: ["token": reset, "password": "nova-duga-lozinka"])
            #expect(done.status == .noContent, "\(done.body)")
            #expect(try await client.api(.get, "/api/v1/me", token: token).status == .unauthorized)
            _ = try await client.token(app, email: "amra@example.org", password: "nova-duga-lozinka")
            let again = try await client.api(
                .post, "/api/v1/password-resets/complete", json: ["token": reset, "password": "jos-jedna-lozinka"])
            #expect(again.status == .badRequest)
        }
    }

    @Test(arguments: Backend.all)
    func profileExportAndErasure(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            _ = try await browser.post("/account/register", Self.member)
            let saved = try await browser.post(
                "/account/profile", ["display_name": "Amra H.", "language": "en", "time_zone": "America/Toronto"])
            #expect(saved.status == .seeOther)
            let account = try #require(try await app.environment.accounts.find(email: "amra@example.org"))
            #expect(
                account.displayName == "Amra H." && account.language == .en && account.timeZone == "America/Toronto")
            #expect(
                try await browser.post("/account/profile", ["display_name": "", "language": "en", "time_zone": "UTC"])
                    .status == .unprocessableContent)
            let export = try await browser.get("/account/export")
            #expect(export.headers[.contentDisposition]?.contains("attachment") == true)
            #expect((export.json["account"] as? [String: Any])?["email"] as? String == "amra@example.org")
            #expect((export.json["mails"] as? [Any])?.count == 1)
            #expect(
                try await browser.post("/account/delete", ["password": "wrong-password"]).status
                    == .unprocessableContent)
            #expect(try await browser.post("/account/delete", ["password": "sigurna-lozinka"]).status == .ok)
            #expect(try await app.environment.accounts.find(email: "amra@example.org") == nil)
            #expect(try await app.mails(to: "amra@example.org").isEmpty)
            #expect(try await browser.get("/account/").status == .seeOther)
        }
    }

    @Test(arguments: Backend.all)
    func loginIsRateLimitedPerAccountAndPerAddress(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            _ = try await browser.post("/account/register", Self.member)
            _ = try await browser.get("/lang/en")
            for _ in 0..<5 {
                _ = try await browser.post(
                    "/account/login", ["email": "amra@example.org", "password": "wrong-password"])
            }
            let limited = try await browser.post(
                "/account/login", ["email": "amra@example.org", "password": "sigurna-lozinka"])
            #expect(limited.status == .tooManyRequests)
            #expect(limited.body.contains("Too many failed attempts. Try again in 15 minutes."))
            app.clock.advance(by: 16 * 60)
            #expect(
                try await browser.post("/account/login", ["email": "amra@example.org", "password": "sigurna-lozinka"])
                    .status == .seeOther)
            let attacker = browser.sibling(address: "203.0.113.9")
            for i in 0..<20 {
                _ = try await attacker.post(
                    "/account/login", ["email": "x\(i)@example.org", "password": "wrong-password"])
            }
            #expect(
                try await attacker.post("/account/login", ["email": "amra@example.org", "password": "sigurna-lozinka"])
                    .status == .tooManyRequests)
        }
    }
}
