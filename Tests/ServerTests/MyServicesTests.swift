import Foundation
import Inquiries
import Platform
import TestSupport
import Testing
import ZavicajServer

/// "Moje usluge", changing one's password and address, and the way from a service to an account.
@Suite struct MyServicesTests {
    @Test(arguments: Backend.all)
    func aMemberFindsTheirQuestionAndProfileInMyServices(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, member in
            try await member.registerMember(app, email: "amra@example.org", language: "bs")
            let empty = try await member.get("/account/services")
            #expect(
                empty.status == .ok && empty.body.contains("/jajce/"), "nothing yet: the municipalities are offered")
            #expect(try await member.get("/jajce/").body.contains("/account/services"), "linked from the header")
            let jajce = try #require(try await app.environment.municipalities.find(slug: "jajce"))
            let category = try #require(
                try await InquiryStore(app.environment.database.sql).categories(jajce.id).first?.id)
            let sent = try await member.upload(
                "/jajce/inquiries",
                [
                    "category": category, "subject": "Izvod za kćerku", "body": "Trebam izvod iz MKR.",
                    "name": "Amra Hadžić", "email": "amra@example.org", "language": "bs", "time_zone": "Europe/Berlin",
                ], files: [])
            let thread = try #require(sent.location)
            #expect(
                try await member.get(thread).body.contains("/account/services"),
                "the confirmation leads to Moje usluge")
            let number = try #require(thread.split(separator: "/").last?.split(separator: "?").first)
            _ = try await member.post(
                "/kljuc/diaspora/profile",
                ["country": "CH", "city": "Luzern", "since": "1993", "consents": "contact", "languages": "bs, de"])

            let page = try await member.get("/account/services")
            #expect(page.body.contains("Pitanja (Servis 48h)") && page.body.contains(String(number)))
            #expect(page.body.contains("Izvod za kćerku") && page.body.contains("Općina Jajce"))
            #expect(page.body.contains("odgovor stiže najkasnije"), "the next step names the deadline")
            #expect(page.body.contains("Saglasnosti: Ured za dijasporu me smije kontaktirati"), "consents in words")

            // The API lists the same, with the next step; someone else sees none of it.
            let token = try await member.token(app, email: "amra@example.org", password: "sigurna-lozinka")
            let listed = try await member.api(.get, "/api/v1/me/services", token: token)
            let services = try #require(listed.json["services"] as? [[String: Any]])
            #expect(Set(services.compactMap { $0["kind"] as? String }) == ["questions", "profiles"])
            #expect(services.contains { $0["reference"] as? String == String(number) && $0["next_step"] is String })
            let other = member.sibling()
            try await other.registerMember(app, email: "selma@example.org")
            #expect(!(try await other.get("/account/services").body.contains(String(number))))
        }
    }

    @Test(arguments: Backend.all)
    func aMemberChangesPasswordAndAddressAndOtherSessionsEnd(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, member in
            try await member.registerMember(app, email: "amra@example.org", language: "bs")
            let laptop = member.sibling()
            _ = try await laptop.post("/account/login", ["email": "amra@example.org", "password": "sigurna-lozinka"])
            #expect(try await laptop.get("/account/").status == .ok)

            let wrong = try await member.post(
                "/account/password", ["current_password": "pogresna-lozinka", "new_password": "kratka"])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.body.contains("error-summary") && wrong.body.contains("najmanje 10 znakova"))
            let changed = try await member.post(
                "/account/password", ["current_password": "sigurna-lozinka", "new_password": "nova-sigurna-lozinka"])
            #expect(changed.location == "/account/?notice=password_changed")
            #expect(try await member.get("/account/").status == .ok, "this session stays")
            #expect(try await laptop.get("/account/").status == .seeOther, "the other session ended")
            #expect(try await app.mails(to: "amra@example.org").contains { $0.subject.contains("promijenjena") })
            let login = try await laptop.post(
                "/account/login", ["email": "amra@example.org", "password": "nova-sigurna-lozinka"])
            #expect(login.location == "/account/")

            _ = try await laptop.sibling(address: "198.51.100.9").registerMember(app, email: "zauzeta@example.org")
            let taken = try await member.post(
                "/account/email", ["new_email": "zauzeta@example.org", "current_password": "nova-sigurna-lozinka"])
            #expect(taken.status == .unprocessableContent)
            let asked = try await member.post(
                "/account/email", ["new_email": "amra.nova@example.org", "current_password": "nova-sigurna-lozinka"])
            #expect(asked.location == "/account/?notice=email_change_sent")
            #expect(try await app.environment.accounts.find(email: "amra@example.org") != nil, "not moved yet")
            #expect(try await app.mails(to: "amra@example.org").contains { $0.body.contains("amra.nova@example.org") })
            let link = try #require(
                try await app.link(in: "amra.nova@example.org", prefix: "http://zavicaj.test/account/email/confirm"))
            let path = String(link.dropFirst("http://zavicaj.test".count))
            #expect(try await member.get(path).status == .ok)
            #expect(try await app.environment.accounts.find(email: "amra.nova@example.org") != nil)
            #expect(try await app.environment.accounts.find(email: "amra@example.org") == nil)
            #expect(try await member.get(path).status == .badRequest, "the link works once")

            // The same through the API.
            let token = try await member.token(app, email: "amra.nova@example.org", password: "nova-sigurna-lozinka")
            let bad = try await member.api(
                .post, "/api/v1/me/password", json: ["current_password": "x", "new_password": "jos-jedna-lozinka"],
                token: token)
            #expect(bad.status == .unprocessableContent)
            let good = try await member.api(
                .post, "/api/v1/me/password",
                json: ["current_password": "nova-sigurna-lozinka", "new_password": "jos-jedna-lozinka"], token: token)
            #expect(good.status == .noContent)
            #expect(try await member.api(.get, "/api/v1/me/services", token: token).status == .ok, "the token stays")
        }
    }

    @Test(arguments: Backend.all)
    func anAnonymousPersonLearnsWhyAndRegistrationLeadsBack(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, person in
            person.acceptLanguage = "bs"
            let sent = try await person.get("/jajce/extracts/new")
            let login = try await person.get(try #require(sent.location))
            #expect(login.body.contains("Za ovu uslugu trebate račun"))
            #expect(login.body.contains("/account/register?next=/jajce/extracts/new"))
            let registered = try await person.post(
                "/account/register?next=%2Fjajce%2Fextracts%2Fnew",
                [
                    "display_name": "Selma Begić", "email": "selma@example.org", "password": "sigurna-lozinka",
                    "language": "bs", "time_zone": "Europe/Vienna",
                ])
            #expect(registered.status == .seeOther)
            let link = try #require(
                try await app.link(in: "selma@example.org", prefix: "http://zavicaj.test/account/confirm"))
            #expect(link.hasSuffix("&next=/jajce/extracts/new"))
            let confirmed = try await person.get(String(link.dropFirst("http://zavicaj.test".count)))
            #expect(confirmed.body.contains("href=\"/jajce/extracts/new\""), "the way back to the service")
        }
    }

    @Test(arguments: Backend.all)
    func registrationAsksWhereThePersonIsFromAndLeadsToEachRegistry(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, person in
            person.acceptLanguage = "de-AT,de;q=0.9"
            let form = try await person.get("/account/register").body
            #expect(form.contains("Aus welcher Gemeinde stammen Sie?") && form.contains("value=\"kljuc\""))
            #expect(form.contains("<option value=\"Europe/Vienna\" selected>"), "the zone guessed from de-AT")
            let fields = [
                "display_name": "Selma Begić", "email": "selma@example.org", "password": "sigurna-lozinka",
                "language": "de", "time_zone": "Europe/Vienna",
            ]
            let before = try await app.count("accounts")
            var wrong = try await person.send(
                .post, "/account/register",
                body: "_csrf=\(person.cookies["zv_csrf"] ?? "")&display_name=Selma&email=selma%40example.org"
                    + "&password=sigurna-lozinka&municipalities=atlantida",
                headers: [.contentType: "application/x-www-form-urlencoded"], useCookies: true)
            #expect(wrong.status == .unprocessableContent && wrong.body.contains("error-summary"))
            #expect(try await app.count("accounts") == before, "nothing written")
            wrong = try await person.send(
                .post, "/account/register",
                body: (fields.map {
                    "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
                }
                    + ["municipalities=jajce", "municipalities=kljuc"])
                    .joined(separator: "&") + "&_csrf=\(person.cookies["zv_csrf"] ?? "")",
                headers: [.contentType: "application/x-www-form-urlencoded"], useCookies: true)
            #expect(wrong.status == .seeOther)
            let link = try #require(
                try await app.link(in: "selma@example.org", prefix: "http://zavicaj.test/account/confirm"))
            #expect(link.hasSuffix("&from=jajce,kljuc"))
            let confirmed = try await person.get(String(link.dropFirst("http://zavicaj.test".count))).body
            #expect(
                confirmed.contains("href=\"/jajce/diaspora/profile\"")
                    && confirmed.contains("href=\"/kljuc/diaspora/profile\""))
            #expect(confirmed.contains("Tragen Sie sich ins Diaspora-Register ein — Gemeinde Ključ"))
        }
    }

    @Test(arguments: Backend.all)
    func thePortalGroupsItsLinksAndLeavesOutEmptySections(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { _, person in
            person.acceptLanguage = "bs"
            let jajce = try await person.get("/jajce/").body
            for heading in ["Usluge", "Informacije", "Uključite se"] { #expect(jajce.contains(">\(heading)</h2>")) }
            #expect(!jajce.contains("/jajce/radio"), "Jajce has no radio programme")
            #expect(try await person.get("/kljuc/").body.contains("/kljuc/radio"), "Ključ has one")
        }
    }
}

/// The staff home says what waits on each person, the same through the API.
@Suite struct StaffHomeTests {
    @Test(arguments: Backend.all)
    func theStaffHomeShowsWorkWaitingPerRole(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, member in
            try await member.registerMember(app, email: "amra@example.org", language: "bs")
            let jajce = try #require(try await app.environment.municipalities.find(slug: "jajce"))
            let category = try #require(
                try await InquiryStore(app.environment.database.sql).categories(jajce.id).first?.id)
            func overdue() async throws -> Int {
                let token = try await member.token(app, email: DemoData.email(role: .officer, slug: "jajce"))
                let work = try await member.api(.get, "/api/v1/jajce/work", token: token)
                let rows = try #require(work.json["work"] as? [[String: Any]])
                return rows.first { $0["kind"] as? String == "work_inquiries_overdue" }?["count"] as? Int ?? -1
            }
            let before = try await overdue()
            _ = try await member.upload(
                "/jajce/inquiries",
                [
                    "category": category, "subject": "Izvod", "body": "Trebam izvod.", "name": "Amra Hadžić",
                    "email": "amra@example.org", "language": "bs", "time_zone": "Europe/Berlin",
                ], files: [])
            app.clock.advance(by: 30 * 24 * 3600)
            let after = try await overdue()
            #expect(after == before + 1)

            let officer = member.sibling(address: "203.0.113.20")
            try await officer.signInStaff(app, role: .officer, slug: "jajce")
            let home = try await officer.get("/jajce/staff/")
            #expect(home.body.contains("Čeka na vas"))
            #expect(home.body.contains("Pitanja kojima je istekao rok: \(after)"))
            #expect(home.body.contains("/jajce/staff/inquiries?overdue=1"))
            let observer = member.sibling(address: "203.0.113.21")
            try await observer.signInStaff(app, role: .observer, slug: "jajce")
            let quiet = try await observer.get("/jajce/staff/")
            #expect(quiet.status == .ok && !quiet.body.contains("istekao rok"), "an observer has no cases")
        }
    }
}
