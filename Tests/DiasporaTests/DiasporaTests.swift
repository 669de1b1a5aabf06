import Foundation
import Platform
import SQLKit
import TestSupport
import Testing
import ZavicajServer

@testable import Diaspora

/// The diaspora registry and the office's log, through the real router on both databases.
@Suite struct DiasporaTests {
    static let profile = [
        "country": "CH", "city": "Luzern", "since": "1993", "profession": "Inženjerka", "sector": "Energetika",
        "skills": "Solarni paneli, projektovanje, solarni paneli", "languages": "bs, de",
        "associations": "Prijatelji Ključa Luzern",
    ]

    @Test(arguments: Backend.all)
    func aMemberKeepsAProfileWithDatedConsentsAndItsHistory(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, member) async throws -> Void in
            try await member.registerMember(app, email: "selma@example.org", name: "Selma Ćehajić", language: "bs")
            #expect(try await member.get("/kljuc/").body.contains("/kljuc/diaspora/profile"))
            #expect(
                try await member.get("/kljuc/diaspora/profile").body.contains("Švicarska"),
                "countries named in the member's language")
            let bad = try await member.post("/kljuc/diaspora/profile", Self.profile.merging(["country": "XY"]) { $1 })
            #expect(bad.status == .unprocessableContent && bad.body.contains("Izaberite državu sa spiska."))
            #expect(
                try await member.post("/kljuc/diaspora/profile", Self.profile.merging(["since": "1850"]) { $1 }).status
                    == .unprocessableContent)
            #expect(try await app.count("diaspora_profiles") == 0)
            var form = Self.profile
            form["interests"] = "investment"
            form["consents"] = "contact"
            #expect(try await member.post("/kljuc/diaspora/profile", form).status == .seeOther)
            let account = try #require(try await app.environment.accounts.find(email: "selma@example.org"))
            let kljuc = try #require(try await app.environment.municipalities.find(slug: "kljuc"))
            var saved = try #require(
                try await DiasporaStore(app.environment.database.sql).profile(
                    account: account.id, municipality: kljuc.id))
            #expect(saved.skills == ["solarni paneli", "projektovanje"] && saved.interests == [.investment])
            #expect(saved.consents[.contact] == app.clock.clock.now() && saved.consents[.newsletter] == nil)
            // An hour later the contact consent is kept with its first date; the newsletter consent is new.
            app.clock.advance(by: 3600)
            form["consents"] = "contact"
            var body = form.map { "\(Browser.encode($0.key))=\(Browser.encode($0.value))" }.joined(separator: "&")
            body += "&consents=newsletter&_csrf=\(member.cookies["zv_csrf"] ?? "")"
            #expect(
                try await member.send(
                    .post, "/kljuc/diaspora/profile", body: body,
                    headers: [.contentType: "application/x-www-form-urlencoded"]
                ).status == .seeOther)
            saved = try #require(
                try await DiasporaStore(app.environment.database.sql).profile(
                    account: account.id, municipality: kljuc.id))
            #expect(
                saved.consents[.contact] == app.clock.clock.now().addingTimeInterval(-3600)
                    && saved.consents[.newsletter] == app.clock.clock.now())
            let history = try await DiasporaStore(app.environment.database.sql).history(saved.id)
            #expect(history.count == 2 && history[0].snapshot["consents"]?.contains("newsletter=-") == true)

            // A contact logged before contacts were linked (free text naming her) is linked by the migration.
            let db = app.environment.database
            try await db.sql.raw(
                """
                INSERT INTO office_contacts (id, municipality_id, profile_id, party, channel, topic, outcome, \
                recorded_by, recorded_at) VALUES ('old-1', \(bind: kljuc.id), NULL, 'member:Selma Ćehajić', 'phone', \
                'Stari kontakt', 'Informacija', 'x', '2025-01-01T10:00:00Z')
                """
            ).run()
            let linking = try #require(DiasporaMigrations.all.first { $0.id == "diaspora-007-contact-members" })
            for statement in linking.statements(db.dialect) { try await db.sql.raw(SQLQueryString(statement)).run() }
            #expect(try await app.count("office_contacts", "id = 'old-1' AND profile_id = '\(saved.id)'") == 1)
            try await db.sql.raw("DELETE FROM office_contacts WHERE id = 'old-1'").run()

            // The office logs a contact with her: named by e-mail or by a name only one member has.
            let officer = member.sibling(address: "203.0.113.31")
            try await officer.signInStaff(app, role: .officer, slug: "kljuc")
            let contact = ["party": "member", "channel": "phone", "topic": "Penzija iz Švicarske", "outcome": "Uputa"]
            let unknown = try await officer.post(
                "/kljuc/staff/office", contact.merging(["party_name": "Niko Nepoznat"]) { $1 })
            #expect(unknown.status == .unprocessableContent && unknown.body.contains("Nema člana registra"))
            #expect(try await app.count("office_contacts") == 0)
            #expect(
                try await officer.post(
                    "/kljuc/staff/office", contact.merging(["party_name": "selma@example.org"]) { $1 }
                )
                .status == .seeOther)
            #expect(try await app.count("office_contacts", "profile_id = '\(saved.id)'") == 1)

            // Erasure removes the person's profile and its history; the contact stays a count without her.
            let token = try await member.token(app, email: "selma@example.org", password: "sigurna-lozinka")
            let exported = try await member.api(.get, "/api/v1/me/export", token: token).body
            #expect(exported.contains("Penzija iz Švicarske"), "the contact is in her export")
            #expect(
                ((try await member.api(.get, "/api/v1/me/export", token: token).json["diaspora"] as? [String: Any])?[
                    "profiles"] as? [Any])?.count == 1)
            #expect(
                try await member.api(.delete, "/api/v1/me", json: ["password": "sigurna-lozinka"], token: token).status
                    == .noContent)
            #expect(try await app.count("diaspora_profiles") == 0)
            #expect(try await app.count("diaspora_profile_history") == 0)
            #expect(try await app.count("office_contacts", "party = 'member' AND profile_id IS NULL") == 1)
        }
    }

    @Test(arguments: Backend.all)
    func officersFindMembersExportOnlyConsentedOnesAndSeeThemByCountry(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, browser) async throws -> Void in
            let kljuc = try #require(try await app.environment.municipalities.find(slug: "kljuc"))
            let store = DiasporaStore(app.environment.database.sql)
            for (index, person) in [
                ("Amra Hadžić", "CH", "Luzern", true), ("Emir Begić", "CA", "Toronto", false),
                ("Đurđa Šarić", "CH", "Zürich", true),
            ].enumerated() {
                let now = app.clock.clock.now()
                let account = Account(
                    id: Random.id(), email: "m\(index)@example.org", passwordHash: "-", displayName: person.0,
                    language: .bs, timeZone: "Europe/Zurich",
                    role: nil, municipalityID: nil, departmentID: nil, emailConfirmedAt: now, createdAt: now)
                try await app.environment.accounts.insert(account)
                let profile = try ProfileRules.check(
                    [
                        "country": person.1, "city": person.2, "skills": "=cmd|calc, zavarivanje",
                        "interests": "investment",
                    ],
                    consentsGiven: person.3 ? [.contact] : [], previous: nil, accountID: account.id,
                    municipalityID: kljuc.id, now: now)
                try await store.save(profile, displayName: person.0, by: account.id)
            }
            try await browser.signInStaff(app, role: .officer, slug: "kljuc")
            let found = try await browser.get("/kljuc/staff/members?name=durdja+saric")
            #expect(found.body.contains("Đurđa Šarić") && !found.body.contains("Amra Hadžić"))
            let prefix = try await browser.get("/kljuc/staff/members?name=HADZ")
            #expect(
                prefix.body.contains("Amra Hadžić") && !prefix.body.contains("Đurđa Šarić"),
                "the start of any word of the name")
            let swiss = try await browser.get("/kljuc/staff/members?country=ch&skill=Zavarivanje")
            #expect(swiss.body.contains("Amra Hadžić") && !swiss.body.contains("Emir Begić"))
            #expect(swiss.body.contains("<svg") && swiss.body.contains("Švicarska"))
            let csv = try await browser.get("/kljuc/staff/members.csv?interest=investment")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.body.split(separator: "\r\n")
            #expect(lines.count == 3, "a header and the two members who agreed to be contacted: \(csv.body)")
            #expect(
                !csv.body.contains("Emir") && csv.body.contains("'=cmd|calc;zavarivanje"), "formulas are neutralised")
            #expect(try await app.count("audit_log", "action = 'diaspora.export'") == 1)
            // A saved segment is the filter, so it shows whoever matches today.
            #expect(
                try await browser.post(
                    "/kljuc/staff/members/segments",
                    ["segment_name": "Švicarska, investicije", "country": "CH", "interest": "investment"]
                ).status == .seeOther)
            let segmentLink = "/kljuc/staff/members?country=CH&amp;interest=investment"
            #expect(try await browser.get("/kljuc/staff/members").body.contains(segmentLink))
            #expect(
                try await browser.get("/kljuc/staff/members?country=CH&interest=investment").body.contains(
                    "Đurđa Šarić"))
            let jajce = browser.sibling(address: "203.0.113.40")
            try await jajce.signInStaff(app, role: .officer, slug: "jajce")
            #expect(try await jajce.get("/kljuc/staff/members").status == .notFound)
        }
    }

    @Test(arguments: Backend.all)
    func everyOfficeContactIsOneServiceInTheLedger(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, officer) async throws -> Void in
            try await officer.signInStaff(app, role: .officer, slug: "kljuc")
            let contact = [
                "party": "association", "party_name": "Prijatelji Ključa, Luzern", "channel": "in_person",
                "topic": "Prostor za udruženje",
                "outcome": "Dodijeljena kancelarija u Domu kulture", "referral": "department",
                "referred_to": "Služba za imovinu",
            ]
            #expect(
                try await officer.post("/kljuc/staff/office", contact.merging(["channel": "pigeon"]) { $1 }).status
                    == .unprocessableContent)
            #expect(
                try await officer.post("/kljuc/staff/office", contact.merging(["topic": ""]) { $1 }).status
                    == .unprocessableContent)
            #expect(try await app.count("office_contacts") == 0)
            #expect(try await officer.post("/kljuc/staff/office", contact).status == .seeOther)
            #expect(
                try await officer.post(
                    "/kljuc/staff/office",
                    [
                        "party": "anonymous", "channel": "phone", "topic": "Penzija iz Njemačke",
                        "outcome": "Upućen u MLJPI", "referral": "ministry",
                    ]
                ).status == .seeOther)
            let page = try await officer.get("/kljuc/staff/office")
            #expect(page.body.contains("Prostor za udruženje") && page.body.contains("MLJPI"))
            let kljuc = try #require(try await app.environment.municipalities.find(slug: "kljuc"))
            let total = try await Ledger(app.environment.database.sql).total(
                OfficeContact.service, municipalityID: kljuc.id,
                from: app.clock.clock.now().addingTimeInterval(-60), to: app.clock.clock.now().addingTimeInterval(60))
            #expect(total == 2)
            #expect(try await app.count("audit_log", "action = 'office.contact'") == 2)

            // A local partner, with its own log.
            #expect(
                try await officer.post(
                    "/kljuc/staff/partners", ["name": "Unis Ključ d.o.o.", "kind": "guild", "contact": "x"]
                ).status == .unprocessableContent)
            #expect(
                try await officer.post(
                    "/kljuc/staff/partners",
                    ["name": "Unis Ključ d.o.o.", "kind": "business", "contact": "uprava@unis-kljuc.ba"]
                ).status == .seeOther)
            let partnerID = try #require(
                try await app.environment.database.sql.raw("SELECT id FROM partners").first()?.decode(
                    column: "id", as: String.self))
            #expect(
                try await officer.post(
                    "/kljuc/staff/partners/\(partnerID)", ["happened_on": "2026-12-24", "note": "x"]
                ).status == .unprocessableContent,
                "not in the future")
            #expect(
                try await officer.post(
                    "/kljuc/staff/partners/\(partnerID)",
                    ["happened_on": "2026-11-17", "note": "Dogovor o praksi za studente iz dijaspore"]
                ).status == .seeOther)
            #expect(try await officer.get("/kljuc/staff/partners/\(partnerID)").body.contains("Dogovor o praksi"))
            let jajce = officer.sibling(address: "203.0.113.42")
            try await jajce.signInStaff(app, role: .officer, slug: "jajce")
            #expect(try await jajce.get("/jajce/staff/partners/\(partnerID)").status == .notFound)
        }
    }

    @Test(arguments: Backend.all)
    func associationsAgreementsAndPremisesAreKeptAndOnlyAgreeingAssociationsListedPublicly(_ backend: Backend)
        async throws
    {
        try await TestApp.browse(backend) { (app, officer) async throws -> Void in
            try await officer.signInStaff(app, role: .officer, slug: "kljuc")
            let demo = try await app.count("associations")
            let luzern = [
                "name": "Prijatelji Ključa Luzern", "city": "Luzern", "country": "CH", "contact_name": "Mirsad Softić",
                "contact_email": "info@prijatelji-kljuca.ch",
                "website": "https://prijatelji-kljuca.ch", "members": "140", "works_with": "kljuc",
                "public_listing": "yes",
            ]
            // Every wrong field at once: the summary at the top links to each, and each says what is wrong.
            let wrong = try await officer.post(
                "/kljuc/staff/associations",
                luzern.merging(["website": "prijatelji.ch", "contact_email": "nije-adresa", "members": "-3"]) { $1 })
            #expect(wrong.status == .unprocessableContent)
            for field in ["contact_email", "members", "website"] {
                #expect(wrong.body.contains("<a href=\"#f-\(field)\">"), "the summary links to \(field)")
                #expect(wrong.body.contains("id=\"e-\(field)\""), "\(field) says what is wrong beside it")
            }
            #expect(try await app.count("associations") == demo)
            #expect(try await officer.post("/kljuc/staff/associations", luzern).status == .seeOther)
            #expect(
                try await officer.post(
                    "/kljuc/staff/associations",
                    [
                        "name": "Klub prijatelja iz Kanade", "city": "Hamilton", "country": "CA",
                        "contact_name": "Edina Kovačević", "contact_email": "bkhd@example.ca", "public_listing": "no",
                    ]
                ).status == .seeOther)
            let directory = try await officer.sibling(address: "198.51.100.30").get("/kljuc/associations")
            #expect(directory.body.contains("Prijatelji Ključa Luzern") && !directory.body.contains("Hamilton"))

            let kljuc = try #require(try await app.environment.municipalities.find(slug: "kljuc"))
            let association = try #require(
                try await AssociationStore(app.environment.database.sql).list(kljuc.id, publicOnly: false).first {
                    $0.name == "Prijatelji Ključa Luzern"
                })
            let agreement = [
                "party": "association", "association_id": association.id,
                "subject": "Saradnja na projektima povratka i ulaganja",
                "signed_on": "2025-06-14", "valid_until": "2024-01-01", "status": "signed",
            ]
            let pdf = Data("%PDF-1.4\n%%EOF\n".utf8)
            #expect(
                try await officer.upload(
                    "/kljuc/staff/associations/agreements", agreement, files: [("document", "sporazum.pdf", pdf)]
                ).status == .unprocessableContent)
            var good = agreement
            good["valid_until"] = "2029-06-14"
            #expect(
                try await officer.upload(
                    "/kljuc/staff/associations/agreements", good,
                    files: [("document", "sporazum.png", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))]
                )
                .status == .unprocessableContent, "the signed agreement is a PDF")
            #expect(
                try await officer.upload(
                    "/kljuc/staff/associations/agreements", good, files: [("document", "sporazum.pdf", pdf)]
                ).status == .seeOther)
            let agreements = try await AssociationStore(app.environment.database.sql).agreements(kljuc.id)
            #expect(
                agreements.count == 1 && agreements[0].partyName == "Prijatelji Ključa Luzern"
                    && agreements[0].hasDocument)
            #expect(try await officer.get("/kljuc/staff/associations/agreements/\(agreements[0].id).pdf").data == pdf)
            #expect(
                try await officer.post(
                    "/kljuc/staff/associations/spaces",
                    [
                        "association_id": association.id, "premises": "Dom kulture, kancelarija 4",
                        "from_date": "2026-01-01",
                    ]
                ).status == .seeOther)
            let page = try await officer.get("/kljuc/staff/associations")
            #expect(page.body.contains("Dom kulture, kancelarija 4") && page.body.contains("Saradnja na projektima"))
            #expect(try await app.count("audit_log", "action LIKE 'diaspora.%'") == 4)
            let jajce = officer.sibling(address: "203.0.113.41")
            try await jajce.signInStaff(app, role: .officer, slug: "jajce")
            #expect(
                try await jajce.get("/kljuc/staff/associations/agreements/\(agreements[0].id).pdf").status == .notFound)
        }
    }
}
