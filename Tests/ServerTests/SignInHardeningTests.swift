import Foundation
import HTTPTypes
import Inquiries
import Platform
import TestSupport
import Testing
import ZavicajServer

/// Sign-in and limits that hold under parallel requests and across instances, on both databases.
@Suite struct SignInHardeningTests {
    static let registrar = DemoData.email(role: .registrar, slug: "jajce")

    @Test(arguments: Backend.all)
    func aTOTPCodeIsGoodOnce(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            let code = try await app.unusedCode(email: Self.registrar)
            let body: [String: Any] = ["email": Self.registrar, "password": DemoData.password, "totp": code]
            #expect(try await browser.api(.post, "/api/v1/sessions", json: body).status == .created)
            let again = try await browser.api(.post, "/api/v1/sessions", json: body)
            #expect(again.status == .unprocessableContent, "the same code a second time")
            // Nor through the page, within the same 30 seconds.
            _ = try await browser.post("/account/login", ["email": Self.registrar, "password": DemoData.password])
            #expect(try await browser.post("/account/totp", ["totp": code]).status == .unprocessableContent)
            #expect(
                try await browser.post("/account/totp", ["totp": try await app.unusedCode(email: Self.registrar)])
                    .status == .seeOther)
        }
    }

    @Test(arguments: Backend.all)
    func wrongCodesEndTheHalfSignedInSession(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            _ = try await app.unusedCode(email: Self.registrar)  // enrolled
            _ = try await browser.post("/account/login", ["email": Self.registrar, "password": DemoData.password])
            for _ in 0..<5 {
                #expect(try await browser.post("/account/totp", ["totp": "000000"]).status == .unprocessableContent)
            }
            let limited = try await browser.post(
                "/account/totp", ["totp": try await app.unusedCode(email: Self.registrar)])
            #expect(limited.status == .tooManyRequests, "the right code after five wrong ones")
            #expect(
                try await browser.get("/jajce/staff/").status == .seeOther,
                "the session was ended: start with the password")
            // The API shares the account's count.
            let api = try await browser.api(
                .post, "/api/v1/sessions",
                json: [
                    "email": Self.registrar, "password": DemoData.password,
                    "totp": try await app.unusedCode(email: Self.registrar),
                ])
            #expect(api.status == .tooManyRequests)
            app.clock.advance(by: 16 * 60)
            _ = try await browser.post("/account/login", ["email": Self.registrar, "password": DemoData.password])
            #expect(
                try await browser.post("/account/totp", ["totp": try await app.unusedCode(email: Self.registrar)])
                    .status == .seeOther)
        }
    }

    @Test(arguments: Backend.all)
    func parallelWrongPasswordsAreLimited(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            let statuses = try await inParallel(40) { _ in
                try await browser.api(
                    .post, "/api/v1/sessions",
                    json: ["email": "officer@jajce.zavicaj.test", "password": "wrong-password"]
                ).status
            }
            #expect(
                statuses.filter { $0 == .unauthorized }.count == 5,
                "five tries per account and address, however parallel")
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 35)
        }
    }

    @Test(arguments: Backend.all)
    func othersCannotLockAPersonOut(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            let attacker = browser.sibling(address: "203.0.113.66")
            for _ in 0..<10 {
                _ = try await attacker.post(
                    "/account/login", ["email": "officer@jajce.zavicaj.test", "password": "guess-guess"])
            }
            #expect(
                try await attacker.post(
                    "/account/login", ["email": "officer@jajce.zavicaj.test", "password": DemoData.password]
                ).status == .tooManyRequests)
            let officer = try await browser.post(
                "/account/login", ["email": "officer@jajce.zavicaj.test", "password": DemoData.password])
            #expect(officer.status == .seeOther, "the officer's own address is not locked by another's guesses")
        }
    }

    @Test(arguments: Backend.all)
    func aForgedForwardedForDoesNotEscapeTheAddressLimit(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            for index in 0..<20 {
                // The client writes an address of its own in front; the proxy appends the real one.
                let forged = "192.0.2.\(index), 203.0.113.9"
                let page = try await browser.api(
                    .post, "/api/v1/sessions", json: ["email": "x\(index)@example.org", "password": "wrong-password"],
                    forwardedFor: forged)
                #expect(page.status == .unauthorized)
            }
            let next = try await browser.api(
                .post, "/api/v1/sessions", json: ["email": "y@example.org", "password": "wrong-password"],
                forwardedFor: "192.0.2.200, 203.0.113.9")
            #expect(next.status == .tooManyRequests)
        }
    }

    @Test(arguments: Backend.all)
    func resetLinksAreOneAtATimeAndFewAnHour(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            try await browser.registerMember(app, email: "amra@example.org")
            let other = browser.sibling()
            _ = try await other.post("/account/forgot", ["email": "amra@example.org"])
            let first = try #require(
                try await app.link(in: "amra@example.org", prefix: "http://zavicaj.test/account/reset"))
            app.clock.advance(by: 1)
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<24 {
                    group.addTask { _ = try? await other.post("/account/forgot", ["email": "amra@example.org"]) }
                }
            }
            let links = try await app.mails(to: "amra@example.org").compactMap { mail in
                mail.body.split(whereSeparator: \.isWhitespace).map(String.init).first {
                    $0.hasPrefix("http://zavicaj.test/account/reset")
                }
            }
            #expect(links.count == 3, "three reset mails an hour")
            #expect(
                try await other.post(
                    String(first.dropFirst("http://zavicaj.test".count)), ["password": "nova-duga-lozinka"]
                ).status == .badRequest,
                "an older link stops working when a newer one is sent")
            var worked = 0
            for link in links where link != first {
                if try await other.post(
                    String(link.dropFirst("http://zavicaj.test".count)), ["password": "nova-duga-lozinka"]
                ).status == .ok {
                    worked += 1
                }
            }
            #expect(worked == 1, "one live link per account")
        }
    }

    @Test(arguments: Backend.all)
    func parallelUnconfirmedQuestionsHoldTheDailyLimit(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            let statuses = try await inParallel(20) { index in
                try await browser.api(
                    .post, "/api/v1/jajce/inquiries",
                    json: [
                        "category": "documents", "subject": "Pitanje \(index)", "body": "Tekst pitanja", "name": "Neko",
                        "email": "victim@example.org",
                    ]
                ).status
            }
            #expect(statuses.filter { $0 == .created }.count == InquiryService.unconfirmedPerDay)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 20 - InquiryService.unconfirmedPerDay)
            #expect(try await app.mails(to: "victim@example.org").count == InquiryService.unconfirmedPerDay)
        }
    }

    @Test(arguments: Backend.all)
    func strictTransportSecurityOnlyOverHTTPS(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            let plain = try await browser.get("/")
            #expect(plain.headers[.init("Strict-Transport-Security")!] == nil)
            let secure = try await browser.get("/", headers: [.init("X-Forwarded-Proto")!: "https"])
            #expect(secure.headers[.init("Strict-Transport-Security")!] == "max-age=31536000; includeSubDomains")
        }
    }
}
