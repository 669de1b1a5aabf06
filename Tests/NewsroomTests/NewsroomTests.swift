import Foundation
import Platform
import SQLKit
import TestSupport
import Testing
import ZavicajServer

@testable import Diaspora
@testable import Newsroom

/// The newsroom through the real router on both databases.
@Suite struct NewsroomTests {
    /// A member of Ključ's registry with or without the newsletter consent.
    static func member(_ app: TestApp, _ n: Int, consent: Bool, language: Language = .de) async throws {
        let now = app.clock.clock.now()
        let kljuc = try #require(try await app.environment.municipalities.find(slug: "kljuc"))
        let account = Account(
            id: Random.id(), email: "m\(n)@example.org", passwordHash: "-", displayName: "Član \(n)",
            language: language, timeZone: "Europe/Zurich",
            role: nil, municipalityID: nil, departmentID: nil, emailConfirmedAt: now, createdAt: now)
        try await app.environment.accounts.insert(account)
        let profile = try ProfileRules.check(
            ["country": "CH", "city": "Luzern"], consentsGiven: consent ? [.newsletter] : [], previous: nil,
            accountID: account.id, municipalityID: kljuc.id, now: now)
        try await DiasporaStore(app.environment.database.sql).save(
            profile, displayName: account.displayName, by: account.id)
    }

    static let letter = [
        "audience": "all", "subject_bs": "Bilten Ključa", "body_bs": "Dragi naši u dijaspori…",
        "subject_de": "Ključ-Newsletter", "body_de": "Liebe Landsleute…",
    ]

    @Test(arguments: Backend.all)
    func newslettersGoOnlyToConsentingMembersInTheirLanguageAndUnsubscribeInOneClick(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, officer) async throws -> Void in
            for n in 0..<62 { try await Self.member(app, n, consent: n != 0, language: n == 1 ? .bs : .de) }
            try await officer.signInStaff(app, role: .officer, slug: "kljuc")
            let before = try await app.count("mails")
            let bad = try await officer.post("/kljuc/staff/newsletters", Self.letter.merging(["body_bs": ""]) { $1 })
            #expect(bad.status == .unprocessableContent && bad.body.contains("Ovo polje je obavezno"))
            #expect(try await app.count("mails") == before)
            #expect(try await app.count("newsletters") == 0)
            #expect(try await officer.post("/kljuc/staff/newsletters", Self.letter).status == .seeOther)
            #expect(try await app.count("newsletter_recipients") == 61, "the member without consent gets nothing")
            #expect(try await app.mails(to: "m0@example.org").isEmpty)
            let german = try #require(try await app.mails(to: "m2@example.org").first)
            #expect(german.subject == "Ključ-Newsletter" && german.body.hasPrefix("Liebe Landsleute"))
            #expect(try await app.mails(to: "m1@example.org").first?.subject == "Bilten Ključa")
            #expect(german.headerFields["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click")
            let oneClick = try #require(
                german.headerFields["List-Unsubscribe"]?.trimmingCharacters(in: CharacterSet(charactersIn: "<>")))
            #expect(!german.body.contains("<img") && !german.body.contains("http://zavicaj.test/pixel"))
            // Sixty a minute: the sixty-first recipient's mail waits a minute.
            let later = try await app.count("mails", "next_attempt_at > '\(Timestamp.text(app.clock.clock.now()))'")
            #expect(later == 1)
            let kljuc = try #require(try await app.environment.municipalities.find(slug: "kljuc"))
            #expect(
                try await app.environment.ledger.total(
                    NewsroomStore.newsletterSent, municipalityID: kljuc.id, from: .distantPast, to: .distantFuture)
                    == 61)

            // One click (RFC 8058) withdraws the consent, in the profile's history; the next newsletter skips the
            // person.
            let path = String(oneClick.dropFirst("http://zavicaj.test".count))
            #expect(
                try await officer.sibling().send(
                    .post, path, body: "List-Unsubscribe=One-Click",
                    headers: [.contentType: "application/x-www-form-urlencoded"]
                ).status == .noContent)
            let account = try #require(try await app.environment.accounts.find(email: "m2@example.org"))
            #expect(
                try await DiasporaStore(app.environment.database.sql).profile(
                    account: account.id, municipality: kljuc.id)?.consents[.newsletter] == nil)
            #expect(
                try await officer.sibling().send(
                    .post, "/api/v1/newsletter/unsubscribe/nepoznat", body: "", headers: [:]
                ).status == .notFound)
            #expect(try await officer.post("/kljuc/staff/newsletters", Self.letter).status == .seeOther)
            #expect(try await app.count("newsletter_recipients") == 61 + 60)
            let sent = try await officer.get("/kljuc/staff/newsletters")
            let id = try #require(
                try await app.environment.database.sql.raw(
                    "SELECT id FROM newsletters ORDER BY sent_at, recipients DESC"
                ).first()?.decode(column: "id", as: String.self))
            #expect(sent.body.contains("/kljuc/staff/newsletters/\(id)"))
            let deliveries = try await officer.get("/kljuc/staff/newsletters/\(id)")
            #expect(deliveries.body.contains("m2@example.org") && deliveries.body.contains("Čeka slanje"))
            let jajce = officer.sibling(address: "203.0.113.95")
            try await jajce.signInStaff(app, role: .officer, slug: "jajce")
            #expect(
                try await jajce.get("/jajce/staff/newsletters/\(id)").status == .notFound,
                "another municipality's newsletter")
        }
    }

    @Test(arguments: Backend.all)
    func newsPressReleasesAndRadioReachThePublic(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, officer) async throws -> Void in
            try await officer.signInStaff(app, role: .officer, slug: "kljuc")
            #expect(
                try await officer.post("/kljuc/staff/news", ["category": "diaspora", "title_bs": "", "body_bs": "x"])
                    .status == .unprocessableContent)
            #expect(
                try await officer.post(
                    "/kljuc/staff/news",
                    [
                        "category": "diaspora", "title_bs": "Dani dijaspore", "body_bs": "Program…",
                        "title_en": "Diaspora Days", "body_en": "The programme…",
                    ]
                ).status == .seeOther)
            let visitor = officer.sibling(address: "198.51.100.60")
            let list = try await visitor.get("/kljuc/news", headers: [.acceptLanguage: "en"])
            #expect(list.body.contains("Diaspora Days"))
            #expect(try await visitor.get("/kljuc/news.atom").body.contains("<title>Dani dijaspore</title>"))
            // Translated: the reader's own text. Not translated (German): the original, marked and said so.
            let article = try #require(
                list.body.components(separatedBy: "href=\"/kljuc/news/").dropFirst().first?.prefix { $0 != "\"" })
            let english = try await visitor.get("/kljuc/news/\(article)", headers: [.acceptLanguage: "en"]).body
            #expect(english.contains("The programme…") && !english.contains("not translated"))
            let german = try await visitor.get("/kljuc/news/\(article)", headers: [.acceptLanguage: "de"]).body
            #expect(german.contains("<p class=\"prose\" lang=\"bs\">Program…</p>"))
            #expect(german.contains("nicht in Ihre Sprache übersetzt") && german.contains("auf Bosnisch"))

            // The media list: a duplicate refused; a release reaches every outlet and the archive.
            #expect(
                try await officer.post(
                    "/kljuc/staff/media/outlets",
                    ["outlet_name": "RTV USK", "outlet_email": "desk@rtvusk.test", "outlet_language": "bs"]
                ).status == .seeOther)
            #expect(
                try await officer.post(
                    "/kljuc/staff/media/outlets",
                    ["outlet_name": "RTV USK", "outlet_email": "DESK@rtvusk.test", "outlet_language": "bs"]
                ).status == .conflict)
            #expect(
                try await officer.post(
                    "/kljuc/staff/media/releases",
                    ["release_title": "Dani dijaspore 2027", "release_body": "Općina Ključ poziva…"]
                ).status == .seeOther)
            #expect(try await app.mails(to: "desk@rtvusk.test").first?.subject.contains("Dani dijaspore 2027") == true)
            #expect(try await visitor.get("/kljuc/press").body.contains("Općina Ključ poziva"))

            // Radio: a bad time refused; listener estimates count in the ledger.
            #expect(
                try await officer.post(
                    "/kljuc/staff/radio",
                    [
                        "name": "Zavičajni kutak", "station": "Radio Ključ", "frequency": "FM 96,3", "weekday": "7",
                        "airs_at": "25:00", "minutes": "60",
                    ]
                ).status == .unprocessableContent)
            let kljuc = try #require(try await app.environment.municipalities.find(slug: "kljuc"))
            let programme = try #require(
                try await MediaStore(env: app.environment).programmes(kljuc.id).first?.id, "the demo programme")
            #expect(
                try await officer.post(
                    "/kljuc/staff/radio/\(programme)/listeners",
                    [
                        "from_on": "2018-05-16", "to_on": "2019-05-15", "listeners": "10171",
                        "source": "Anketa Radija Ključ",
                    ]
                ).status == .seeOther)
            #expect(
                try await officer.post(
                    "/kljuc/staff/radio/\(programme)/listeners",
                    [
                        "from_on": "2019-05-16", "to_on": "2019-05-15", "listeners": "5",
                        "source": "?",
                    ]
                ).status == .unprocessableContent)
            #expect(
                try await officer.post(
                    "/kljuc/staff/radio/\(programme)/episodes",
                    ["aired_on": "2026-11-15", "episode_title": "Gost: Prijatelji Ključa"]
                ).status == .seeOther)
            #expect(
                try await app.environment.ledger.total(
                    NewsroomStore.radioListeners, municipalityID: kljuc.id, from: Day(2018, 5, 16).date,
                    to: Day(2019, 5, 16).date) == 10171)
            let radio = try await visitor.get("/kljuc/radio")
            #expect(radio.body.contains("Ključ za dijasporu") && radio.body.contains("Gost: Prijatelji Ključa"))
            let jajce = officer.sibling(address: "203.0.113.96")
            try await jajce.signInStaff(app, role: .officer, slug: "jajce")
            #expect(
                try await jajce.post(
                    "/jajce/staff/radio/\(programme)/listeners",
                    ["from_on": "2018-05-16", "to_on": "2019-05-15", "listeners": "1", "source": "x"]
                ).status == .notFound)
        }
    }
}
