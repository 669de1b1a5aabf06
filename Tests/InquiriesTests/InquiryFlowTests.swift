import Foundation
import Platform
import SQLKit
import TestSupport
import Testing
import ZavicajServer

@testable import Inquiries

/// Servis 48h through the real router on both databases: ask, confirm, answer, rate.
@Suite struct InquiryFlowTests {
    static let pdf = Data("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n".utf8)
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])

    static func categoryID(_ app: TestApp, slug: String = "jajce", code: String = "documents") async throws -> String {
        let municipality = try #require(try await app.environment.municipalities.find(slug: slug))
        return try #require(
            try await InquiryStore(app.environment.database.sql).categories(municipality.id).first { $0.code == code }?
                .id)
    }

    static func fields(
        _ category: String, email: String = "amra@example.org", subject: String = "Izvod iz matične knjige rođenih"
    ) -> [String: String] {
        [
            "category": category, "subject": subject, "body": "Trebam izvod za kćerku rođenu 1994. u Jajcu.",
            "name": "Amra Hadžić",
            "email": email, "language": "de", "time_zone": "Europe/Berlin",
        ]
    }

    /// Asks as an anonymous person and opens the mailed link; returns the follow path with its key.
    static func askAndConfirm(_ app: TestApp, _ browser: Browser, email: String = "amra@example.org") async throws
        -> String
    {
        let category = try await categoryID(app)
        let sent = try await browser.upload(
            "/jajce/inquiries", fields(category, email: email), files: [("attachments", "izvod.pdf", pdf)])
        #expect(sent.status == .created, "\(sent.body)")
        let link = try #require(try await app.link(in: email, prefix: "http://zavicaj.test/jajce/inquiries/"))
        let path = String(link.dropFirst("http://zavicaj.test".count))
        #expect(try await browser.get(path).status == .ok)
        return path
    }

    /// "All" questions a hundred a page: the second page has the rest, and the filter stays in the links.
    @Test(arguments: Backend.all)
    func theInboxIsPagedAndKeepsItsFilter(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, officer) async throws -> Void in
            let jajce = try #require(try await app.environment.municipalities.find(slug: "jajce"))
            let category = try await Self.categoryID(app)
            let departmentID = try #require(
                try await InquiryStore(app.environment.database.sql).categories(jajce.id).first { $0.id == category }?
                    .departmentID)
            let now = app.clock.clock.now()
            let rows = (1...101).map { n in
                (
                    inquiry: Inquiry(
                        id: UUID().uuidString, municipalityID: jajce.id, number: String(format: "JAJ-2026-%06d", n),
                        categoryID: category, departmentID: departmentID, status: .closed, subject: "Pitanje \(n)",
                        language: .bs, askerName: "A", askerEmail: "a@example.org", askerTimeZone: "Europe/Berlin",
                        replyToken: "t\(n)", source: "web", answerHours: 48, submittedAt: now, confirmedAt: now,
                        dueAt: now.addingTimeInterval(48 * 3600), pauses: [], firstAnsweredAt: nil,
                        updatedAt: now.addingTimeInterval(Double(n))),
                    accessHash: "h\(n)"
                )
            }
            try await InquiryStore(app.environment.database.sql).insert(rows)
            try await officer.signInStaff(app, role: .officer, slug: "jajce")
            let first = try await officer.get("/jajce/staff/inquiries?status=all").body
            #expect(first.contains("JAJ-2026-000101") && !first.contains("JAJ-2026-000001<"), "newest first")
            #expect(first.contains("href=\"/jajce/staff/inquiries?status=all&amp;page=2\""))
            let second = try await officer.get("/jajce/staff/inquiries?status=all&page=2").body
            #expect(second.contains("JAJ-2026-000001") && second.contains("Stranica 2"))
            #expect(second.contains("rel=\"prev\"") && !second.contains("rel=\"next\""))
        }
    }

    @Test(arguments: Backend.all)
    func askerAsksConfirmsAndOfficerAnswersWithinTheDeadline(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, asker) async throws -> Void in
            #expect(
                try await asker.get("/jajce/").body.contains("/jajce/inquiries/new"), "the portal offers Servis 48h")
            let form = try await asker.get("/jajce/inquiries/new")
            #expect(form.body.contains("enctype=\"multipart/form-data\""))
            let path = try await Self.askAndConfirm(app, asker)
            let mail = try #require(try await app.mails(to: "amra@example.org").last)
            #expect(mail.subject.hasPrefix("[JAJ-2026-000001]"), "the number is in the subject: \(mail.subject)")
            #expect(mail.subject.contains("bestätigen"), "mail in the asker's language: \(mail.subject)")

            // Submitted Wed 2026-11-18 (clock start); 48 working hours from then, shown in Berlin time.
            let page = try await asker.get(path)
            #expect(
                page.body.contains("(Centralnoevropsko vrijeme)") && !page.body.contains("Europe/Berlin"),
                "the zone in words")
            #expect(page.body.contains("izvod.pdf"))
            let inquiry = try #require(
                try await InquiryStore(app.environment.database.sql).find(number: "JAJ-2026-000001"))
            #expect(inquiry.confirmedAt != nil && inquiry.dueAt != nil)

            let officer = asker.sibling()
            try await officer.signInStaff(app, role: .officer, slug: "jajce")
            let inbox = try await officer.get("/jajce/staff/inquiries")
            #expect(inbox.body.contains("JAJ-2026-000001"))
            let detail = try await officer.get("/jajce/staff/inquiries/JAJ-2026-000001")
            #expect(detail.body.contains("amra@example.org"))
            #expect(
                try await officer.post("/jajce/staff/inquiries/JAJ-2026-000001/note", ["note": "Provjeriti knjigu 12."])
                    .status == .seeOther)
            app.clock.advance(by: 3600)
            #expect(
                try await officer.post("/jajce/staff/inquiries/JAJ-2026-000001/reply", ["body": "Izvod je spreman."])
                    .status == .seeOther)

            let answered = try #require(try await app.mails(to: "amra@example.org").first)
            #expect(answered.body.contains("Izvod je spreman."))
            #expect(!answered.body.contains("Provjeriti knjigu"), "internal notes never reach the asker")
            let followed = try await asker.get(path)
            #expect(followed.body.contains("Izvod je spreman."))
            #expect(!followed.body.contains("Provjeriti knjigu"))

            let municipality = try #require(try await app.environment.municipalities.find(slug: "jajce"))
            let served = try await app.environment.ledger.total(
                InquiryService.communicationService, municipalityID: municipality.id,
                from: TestApp.start, to: TestApp.start.addingTimeInterval(86_400 * 30))
            #expect(served == 1)
            // A second answer is not a second service.
            #expect(
                try await officer.post("/jajce/staff/inquiries/JAJ-2026-000001/reply", ["body": "Dopuna."]).status
                    == .seeOther)
            #expect(
                try await app.environment.ledger.total(
                    InquiryService.communicationService, municipalityID: municipality.id,
                    from: TestApp.start, to: TestApp.start.addingTimeInterval(86_400 * 30)) == 1)

            // Rating only once it is closed.
            let key = String(path.split(separator: "=").last!)
            #expect(
                try await asker.post("/jajce/inquiries/JAJ-2026-000001/rate", ["key": key, "rating": "5"]).status
                    == .conflict)
            #expect(try await officer.post("/jajce/staff/inquiries/JAJ-2026-000001/close").status == .seeOther)
            #expect(
                try await asker.post("/jajce/inquiries/JAJ-2026-000001/rate", ["key": key, "rating": "9"]).status
                    == .unprocessableContent)
            #expect(
                try await asker.post(
                    "/jajce/inquiries/JAJ-2026-000001/rate", ["key": key, "rating": "5", "comment": "Brzo!"]
                ).status == .seeOther)
            #expect(try await InquiryStore(app.environment.database.sql).find(number: "JAJ-2026-000001")?.rating == 5)

            let figures = try await officer.get("/jajce/staff/inquiries/figures")
            #expect(figures.body.contains("100 %"), "answered within the deadline")
            let actions = try await app.environment.audit.search(AuditFilter(objectType: "inquiry")).map(\.action)
            for action in ["inquiry.view", "inquiry.note", "inquiry.answer", "inquiry.close"] {
                #expect(actions.contains(action), "\(action) is audited")
            }
        }
    }

    @Test(arguments: Backend.all)
    func badInputIsRefusedFieldByFieldAndNothingIsStored(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, browser) async throws -> Void in
            let category = try await Self.categoryID(app)
            let good = Self.fields(category)
            let cases: [([String: String], [(String, String, Data)], String)] = [
                (good.merging(["subject": ""]) { $1 }, [], "Ovo polje je obavezno."),
                (good.merging(["subject": String(repeating: "a", count: 201)]) { $1 }, [], "200"),
                (good.merging(["email": "not-an-address"]) { $1 }, [], "e-mail"),
                (good.merging(["category": "no-such-category"]) { $1 }, [], "ponuđenih"),
                (good, [("attachments", "virus.pdf", Data("MZ\u{90}\0 not a pdf".utf8))], "virus.pdf"),
                (good, [("attachments", "big.pdf", Self.pdf + Data(count: 10 * 1024 * 1024))], "10 MB"),
                (good, Array(repeating: ("attachments", "a.png", Self.png), count: 6), "Najviše 5 datoteka"),
            ]
            for (fields, files, message) in cases {
                let page = try await browser.upload("/jajce/inquiries", fields, files: files)
                #expect(page.status == .unprocessableContent, "\(fields) \(files.map(\.1))")
                #expect(page.body.contains(message), "\(message)")
            }
            browser.acceptLanguage = "en"
            browser.cookies["zv_lang"] = "en"
            let english = try await browser.upload("/jajce/inquiries", good.merging(["body": ""]) { $1 }, files: [])
            #expect(english.body.contains("This field is required."))
            for table in ["inquiries", "inquiry_messages", "inquiry_attachments", "mails", "inquiry_sequences"] {
                #expect(try await app.count(table) == 0, "\(table) is empty")
            }
        }
    }

    @Test(arguments: Backend.all)
    func aFailureHalfwayLeavesNoInquiryNoMailAndNoNumberUsed(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, browser) async throws -> Void in
            // A real database failure on the last write of the transaction (the attachment).
            let db = app.environment.database
            switch db.dialect {
            case .sqlite:
                try await db.sql.raw(
                    """
                    CREATE TRIGGER fail_attachment BEFORE INSERT ON inquiry_attachments WHEN NEW.filename = 'fail.pdf'
                    BEGIN SELECT RAISE(ABORT, 'disk full'); END
                    """
                ).run()
            case .postgres:
                try await db.sql.raw(
                    """
                    CREATE FUNCTION fail_attachment() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN IF NEW.filename = 'fail.pdf' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$
                    """
                ).run()
                try await db.sql.raw(
                    """
                    CREATE TRIGGER fail_attachment BEFORE INSERT ON inquiry_attachments FOR EACH ROW EXECUTE FUNCTION \
                    fail_attachment()
                    """
                ).run()
            }
            let category = try await Self.categoryID(app)
            let failed = try await browser.upload(
                "/jajce/inquiries", Self.fields(category),
                files: [("attachments", "ok.pdf", Self.pdf), ("attachments", "fail.pdf", Self.pdf)])
            #expect(failed.status == .internalServerError)
            for table in ["inquiries", "inquiry_messages", "inquiry_attachments", "mails", "inquiry_sequences"] {
                #expect(try await app.count(table) == 0, "\(table) is empty after the failure")
            }
            let sent = try await browser.upload(
                "/jajce/inquiries", Self.fields(category), files: [("attachments", "ok.pdf", Self.pdf)])
            #expect(sent.status == .created)
            #expect(sent.body.contains("JAJ-2026-000001"), "the failed attempt used no number")

            // Submissions arriving together are written together; the bad one fails alone.
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group -> [Int] in
                for index in 0..<12 {
                    let person = browser.sibling(address: "203.0.113.\(100 + index)")
                    let file = index == 5 ? "fail.pdf" : "ok.pdf"
                    group.addTask {
                        Int(
                            try await person.upload(
                                "/jajce/inquiries", Self.fields(category, email: "p\(index)@example.org"),
                                files: [("attachments", file, Self.pdf)]
                            ).status.code)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 11)
            #expect(statuses.filter { $0 == 500 }.count == 1)
            let numbers = try await app.environment.database.sql.raw("SELECT number FROM inquiries ORDER BY number")
                .all()
                .map { try $0.decode(column: "number", as: String.self) }
            #expect(numbers == (1...12).map { String(format: "JAJ-2026-%06d", $0) }, "numbers stay without gaps")
            #expect(try await app.count("mails") == 12)
        }
    }

    @Test(arguments: Backend.all)
    func unconfirmedQuestionsToOneAddressAreLimited(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, browser) async throws -> Void in
            let category = try await Self.categoryID(app)
            for _ in 0..<InquiryService.unconfirmedPerDay {
                #expect(
                    try await browser.upload(
                        "/jajce/inquiries", Self.fields(category, email: "victim@example.org"), files: []
                    ).status == .created)
            }
            let refused = try await browser.upload(
                "/jajce/inquiries", Self.fields(category, email: "victim@example.org"), files: [])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.contains("nepotvrđena pitanja"))
            #expect(try await app.mails(to: "victim@example.org").count == InquiryService.unconfirmedPerDay)
            // Confirming one frees a place; a day later the count starts again.
            let link = try #require(
                try await app.link(in: "victim@example.org", prefix: "http://zavicaj.test/jajce/inquiries/"))
            #expect(try await browser.get(String(link.dropFirst("http://zavicaj.test".count))).status == .ok)
            #expect(
                try await browser.upload(
                    "/jajce/inquiries", Self.fields(category, email: "victim@example.org"), files: []
                ).status == .created)
            #expect(
                try await browser.upload(
                    "/jajce/inquiries", Self.fields(category, email: "victim@example.org"), files: []
                ).status == .tooManyRequests)
            app.clock.advance(by: 86_401)
            #expect(
                try await browser.upload(
                    "/jajce/inquiries", Self.fields(category, email: "victim@example.org"), files: []
                ).status == .created)
        }
    }

    /// A batch counts its addresses' limits together: of questions to one address sent at the same
    /// moment exactly the day's limit pass, whatever batch each lands in, and other addresses are not held up.
    @Test(arguments: Backend.all)
    func questionsSentTogetherCountAgainstTheirAddressOnce(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, browser) async throws -> Void in
            let category = try await Self.categoryID(app)
            let emails = Array(repeating: "crowd@example.org", count: 8) + (0..<6).map { "own\($0)@example.org" }
            let statuses = try await withThrowingTaskGroup(of: (String, Int).self) { group in
                for (index, email) in emails.enumerated() {
                    let person = browser.sibling(address: "203.0.113.\(120 + index)")
                    group.addTask {
                        let sent = try await person.upload(
                            "/jajce/inquiries", Self.fields(category, email: email), files: [])
                        return (email, Int(sent.status.code))
                    }
                }
                return try await group.reduce(into: [(String, Int)]()) { $0.append($1) }
            }
            let crowd = statuses.filter { $0.0 == "crowd@example.org" }.map(\.1)
            #expect(crowd.filter { $0 == 201 }.count == InquiryService.unconfirmedPerDay)
            #expect(crowd.filter { $0 == 429 }.count == 8 - InquiryService.unconfirmedPerDay)
            #expect(statuses.filter { $0.0 != "crowd@example.org" }.allSatisfy { $0.1 == 201 })
            #expect(try await app.count("inquiries") == 6 + InquiryService.unconfirmedPerDay)
        }
    }

    @Test(arguments: Backend.all)
    func nobodyElseSeesAnInquiry(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, asker) async throws -> Void in
            let path = try await Self.askAndConfirm(app, asker)
            let stranger = asker.sibling(address: "203.0.113.9")
            #expect(try await stranger.get("/jajce/inquiries/JAJ-2026-000001").status == .notFound)
            #expect(try await stranger.get("/jajce/inquiries/JAJ-2026-000001?key=guess").status == .notFound)
            #expect(
                try await stranger.get(path.replacingOccurrences(of: "/jajce/", with: "/kljuc/")).status == .notFound)
            let other = asker.sibling(address: "203.0.113.10")
            try await other.signInStaff(app, role: .officer, slug: "kljuc")
            #expect(try await other.get("/jajce/staff/inquiries").status == .notFound)
            #expect(try await other.get("/jajce/staff/inquiries/JAJ-2026-000001").status == .notFound)
            #expect(try await other.get("/kljuc/staff/inquiries/JAJ-2026-000001").status == .notFound)
            #expect(try await other.post("/kljuc/staff/inquiries/JAJ-2026-000001/close").status == .notFound)
            #expect(!(try await other.get("/kljuc/staff/inquiries?status=all").body.contains("JAJ-2026")))
            let observer = asker.sibling(address: "203.0.113.11")
            try await observer.signInStaff(app, role: .observer, slug: "jajce")
            #expect(try await observer.get("/jajce/staff/inquiries").status == .forbidden)
        }
    }

    @Test(arguments: Backend.all)
    func askingTheAskerPausesTheClockUntilTheyReply(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, asker) async throws -> Void in
            let path = try await Self.askAndConfirm(app, asker)
            let store = InquiryStore(app.environment.database.sql)
            let before = try #require(try await store.find(number: "JAJ-2026-000001")?.dueAt)
            let officer = asker.sibling()
            try await officer.signInStaff(app, role: .officer, slug: "jajce")
            #expect(
                try await officer.post(
                    "/jajce/staff/inquiries/JAJ-2026-000001/reply", ["body": "Koje godine je rođena?", "wait": "1"]
                ).status == .seeOther)
            #expect(try await store.find(number: "JAJ-2026-000001")?.status == .waitingOnAsker)
            #expect(try await asker.get(path).body.contains("rok miruje"))
            // Seven calendar days pass (a full working week) before the asker answers.
            app.clock.advance(by: 7 * 86_400)
            let key = String(path.split(separator: "=").last!)
            #expect(
                try await asker.upload(
                    "/jajce/inquiries/JAJ-2026-000001/reply", ["key": key, "body": "1994."], files: []
                ).status == .seeOther)
            let after = try #require(try await store.find(number: "JAJ-2026-000001"))
            #expect(after.status == .assigned)
            #expect(after.pauses.count == 1)
            #expect(
                after.dueAt! > before.addingTimeInterval(6 * 86_400),
                "the paused week is added: \(before) → \(after.dueAt!)")
            #expect(after.firstAnsweredAt == nil, "a question back is not an answer")
        }
    }

    @Test(arguments: Backend.all)
    func officerAssignsMergesMarksSpamAndReopens(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, asker) async throws -> Void in
            _ = try await Self.askAndConfirm(app, asker)
            _ = try await Self.askAndConfirm(app, asker.sibling(address: "203.0.113.20"), email: "amra@example.org")
            _ = try await Self.askAndConfirm(app, asker.sibling(address: "203.0.113.21"), email: "bot@example.org")
            let officer = asker.sibling()
            try await officer.signInStaff(app, role: .officer, slug: "jajce")
            let base = "/jajce/staff/inquiries"
            let colleague = try #require(
                try await app.environment.accounts.find(email: DemoData.email(role: .departmentStaff, slug: "jajce")))
            #expect(
                try await officer.post(
                    "\(base)/JAJ-2026-000001/assign",
                    ["assignee_id": colleague.id, "department_id": colleague.departmentID ?? ""]
                ).status == .seeOther)
            #expect(try await officer.get("\(base)?assignee=\(colleague.id)").body.contains("JAJ-2026-000001"))
            #expect(!(try await officer.get("\(base)?assignee=\(colleague.id)").body.contains("JAJ-2026-000002")))
            let stranger = try #require(
                try await app.environment.accounts.find(email: DemoData.email(role: .officer, slug: "kljuc")))
            #expect(
                try await officer.post("\(base)/JAJ-2026-000001/assign", ["assignee_id": stranger.id]).status
                    == .unprocessableContent)

            #expect(
                try await officer.post("\(base)/JAJ-2026-000002/merge", ["into": "JAJ-2026-999999"]).status
                    == .unprocessableContent)
            #expect(
                try await officer.post("\(base)/JAJ-2026-000002/merge", ["into": "jaj-2026-000001"]).status == .seeOther
            )
            let merged = try await officer.get("\(base)/JAJ-2026-000001")
            #expect(
                merged.body.components(separatedBy: "Trebam izvod").count == 3, "the duplicate's message moved over")
            let unconfirmed = try await officer.post("\(base)/JAJ-2026-000003/spam")
            #expect(unconfirmed.status == .unprocessableContent, "marking spam is confirmed first")
            #expect(try await officer.post("\(base)/JAJ-2026-000003/spam", ["confirm": "yes"]).status == .seeOther)
            #expect(!(try await officer.get(base).body.contains("JAJ-2026-000003")), "spam leaves the inbox")
            #expect(try await officer.post("\(base)/JAJ-2026-000003/reply", ["body": "x"]).status == .conflict)

            let sent = try await officer.post("\(base)/JAJ-2026-000001/reply", ["body": "Evo odgovora."])
            #expect(sent.location == "\(base)/JAJ-2026-000001?done=reply")
            #expect(
                try await officer.get("\(base)/JAJ-2026-000001?done=reply").body.contains(
                    "Odgovor je poslan podnosiocu"),
                "the officer sees the answer went")
            #expect(try await officer.post("\(base)/JAJ-2026-000001/close").status == .seeOther)
            #expect(try await officer.post("\(base)/JAJ-2026-000001/reopen").status == .seeOther)
            #expect(
                try await InquiryStore(app.environment.database.sql).find(number: "JAJ-2026-000001")?.status
                    == .assigned)
            let actions = try await app.environment.audit.search(AuditFilter(objectType: "inquiry")).map(\.action)
            for action in ["inquiry.assign", "inquiry.merge", "inquiry.spam", "inquiry.reopen"] {
                #expect(actions.contains(action))
            }
        }
    }

    @Test(arguments: Backend.all)
    func escalationTellsEachPersonOnceAcrossRunsAndInstances(_ backend: Backend) async throws {
        let location = try await backend.location()
        let clock = ManualClock(TestApp.start)
        let app = try await TestApp.make(backend, database: location, clock: clock)
        try await app.withClient { client in
            let asker = Browser(client)
            _ = try await Self.askAndConfirm(app, asker)
            let officer = asker.sibling()
            try await officer.signInStaff(app, role: .officer, slug: "jajce")
            _ = try await officer.post("/jajce/staff/inquiries/JAJ-2026-000001/assign", ["assignee_id": "me"])
            let inquiry = try #require(
                try await InquiryStore(app.environment.database.sql).find(number: "JAJ-2026-000001"))
            let department = "registry@jajce.zavicaj.test", office = "diaspora@jajce.zavicaj.test"
            let officerEmail = DemoData.email(role: .officer, slug: "jajce")

            #expect(try await InquiryEscalation(app.environment).run() == 0, "nothing is due yet")
            clock.set(inquiry.warnAt!.addingTimeInterval(1))
            try await InquiryEscalation(app.environment).run()
            try await InquiryEscalation(app.environment).run()
            // A second instance on the same database, started later, finds nothing left to send.
            let second = try await TestApp.make(backend, database: location, clock: clock, demo: false)
            try await InquiryEscalation(second.environment).run()
            #expect(try await app.mails(to: officerEmail).count == 1)
            #expect(try await app.mails(to: department).count == 1)
            #expect(try await app.mails(to: office).isEmpty)

            clock.set(inquiry.dueAt!.addingTimeInterval(1))
            try await InquiryEscalation(second.environment).run()
            try await InquiryEscalation(app.environment).run()
            try await second.shutdown()
            #expect(try await app.mails(to: office).count == 1)
            #expect(try await app.mails(to: department).count == 1, "the department was told once, at 75 %")
            #expect(try await officer.get("/jajce/staff/inquiries?overdue=1").body.contains("JAJ-2026-000001"))
        }
    }
}

/// The municipal admin's Servis 48h settings, through the pages.
@Suite struct InquirySetupTests {
    /// The municipality's entity and canton through the API, as on the profile page; the calendar follows.
    @Test(arguments: Backend.all)
    func jurisdictionThroughTheAPI(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, client) async throws -> Void in
            let admin = try await client.token(app, email: DemoData.email(role: .municipalAdmin, slug: "kakanj"))
            let profile = try await client.api(.get, "/api/v1/kakanj/profile", token: admin)
            #expect(profile.json["entity"] as? String == "fbih" && profile.json["canton"] as? String == "zenica_doboj")
            #expect(
                try await client.api(
                    .post, "/api/v1/kakanj/profile", json: ["entity": "rs", "canton": "tuzla"], token: admin
                ).status == .unprocessableContent)
            let moved = try await client.api(
                .post, "/api/v1/kakanj/profile", json: ["canton": "west_herzegovina"], token: admin)
            #expect(
                moved.status == .ok && moved.json["canton"] as? String == "west_herzegovina"
                    && moved.json["name_bs"] as? String == "Općina Kakanj")
            let kakanj = try #require(try await app.environment.municipalities.find(slug: "kakanj"))
            #expect(
                try await InquiryStore(app.environment.database.sql).settings(kakanj.id).calendar.isHoliday(
                    Day(2026, 11, 18)))
            // The clock and calendar of Servis 48h through the API, with the year's days and their sources.
            let settings = try await client.api(.get, "/api/v1/kakanj/inquiry-settings", token: admin)
            #expect(settings.json["clock_mode"] as? String == "working_days")
            let days = try #require(settings.json["days"] as? [[String: Any]])
            #expect(
                days.contains {
                    $0["holiday"] as? String == "holiday_west_herzegovina_day" && $0["office_closed"] as? Bool == true
                })
            #expect(
                try await client.api(
                    .post, "/api/v1/kakanj/inquiry-settings", json: ["clock_mode": "office"], token: admin
                ).status == .unprocessableContent)
            let changed = try await client.api(
                .post, "/api/v1/kakanj/inquiry-settings",
                json: ["clock_mode": "calendar", "working_days": "2026-11-18 Vlada: radni dan"], token: admin)
            #expect(
                changed.status == .ok && changed.json["clock_mode"] as? String == "calendar"
                    && changed.json["answer_hours"] as? Int == 48)
            #expect(
                try await InquiryStore(app.environment.database.sql).settings(kakanj.id).calendar.isHoliday(
                    Day(2026, 11, 18)) == false)
            #expect(try await app.count("audit_log", "action = 'inquiry.setup.clock'") == 1)
            let officer = try await client.token(app, email: DemoData.email(role: .officer, slug: "kakanj"))
            #expect(try await client.api(.get, "/api/v1/kakanj/profile", token: officer).status == .forbidden)
            #expect(try await client.api(.get, "/api/v1/kakanj/inquiry-settings", token: officer).status == .forbidden)
            #expect(
                try await client.api(.get, "/api/v1/jajce/profile", token: admin).status == .notFound,
                "another municipality's profile")
        }
    }

    @Test(arguments: Backend.all)
    func adminSetsTheClockCategoriesTemplatesAndKeys(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, admin) async throws -> Void in
            try await admin.signInStaff(app, role: .municipalAdmin, slug: "kljuc")
            let page = try await admin.get("/kljuc/staff/inquiries-setup")
            #expect(page.status == .ok)
            #expect(page.body.contains("Kurban-bajram"), "the computed bajram dates are shown")
            let base = "/kljuc/staff/inquiries-setup"
            // The municipality's entity and canton are set on its profile; the calendar follows them.
            let profile = ["name_bs": "Općina Ključ", "entity": "rs", "canton": "una_sana"]
            #expect(
                try await admin.post("/kljuc/staff/admin/profile", profile).status == .unprocessableContent,
                "a canton belongs to FBiH only")
            #expect(
                try await admin.post("/kljuc/staff/admin/profile", profile.merging(["canton": ""]) { $1 }).status
                    == .seeOther)
            let clock = [
                "clock_mode": "calendar", "answer_hours": "24", "holiday_kurban_bajram_2026": "2026-05-28",
                "extra_days": "2026-12-31 Dan općine",
            ]
            #expect(
                try await admin.post("\(base)/clock", clock.merging(["clock_mode": "office"]) { $1 }).status
                    == .unprocessableContent)
            #expect(
                try await admin.post(
                    "\(base)/clock", clock.merging(["holiday_kurban_bajram_2026": "2026-02-30"]) { $1 }
                ).status == .unprocessableContent)
            #expect(
                try await admin.post("\(base)/clock", clock.merging(["answer_hours": "0"]) { $1 }).status
                    == .unprocessableContent)
            #expect(try await admin.post("\(base)/clock", clock).status == .seeOther)
            let kljuc = try #require(try await app.environment.municipalities.find(slug: "kljuc"))
            let store = InquiryStore(app.environment.database.sql)
            let settings = try await store.settings(kljuc.id)
            #expect(settings.entity == .rs && settings.mode == .calendarHours && settings.answerHours == 24)
            #expect(settings.bajramOverrides["holiday_kurban_bajram"]?[2026] == Day(2026, 5, 28))
            #expect(settings.extraDays[Day(2026, 12, 31)] == "Dan općine")
            // West Herzegovina's own law: the page lists its days with their source.
            #expect(
                try await admin.post(
                    "/kljuc/staff/admin/profile",
                    profile.merging(["entity": "fbih", "canton": "west_herzegovina"]) { $1 }
                ).status == .seeOther)
            #expect(
                try await admin.post(
                    "\(base)/clock",
                    clock.merging([
                        "clock_mode": "working_days", "working_days": "2026-11-18 Vlada odlučila da se radi",
                    ]) { $1 }
                )
                .status == .seeOther)
            #expect(
                try await store.settings(kljuc.id).calendar.isHoliday(Day(2026, 11, 18)) == false,
                "a ruled day off the office works after all")
            let cantonal = try await store.settings(kljuc.id)
            #expect(cantonal.canton == .westHerzegovina && cantonal.mode == .workingDays)
            let listed = try await admin.get(base)
            #expect(listed.body.contains("Tijelovo") && listed.body.contains("Narodne novine ŽZH 9/04"))
            #expect(try await admin.post("\(base)/clock", clock).status == .seeOther)

            let departments = try await app.environment.municipalities.departments(of: kljuc.id)
            let category = [
                "code": "roads", "name_bs": "Putevi", "name_en": "Roads", "department_id": departments[3].id,
                "answer_hours": "72",
            ]
            #expect(
                try await admin.post("\(base)/categories", category.merging(["code": "Bad Code!"]) { $1 }).status
                    == .unprocessableContent)
            #expect(try await admin.post("\(base)/categories", category).status == .seeOther)
            #expect(
                try await admin.post("\(base)/categories", category).status == .unprocessableContent,
                "a code is used once")
            let roads = try #require(try await store.categories(kljuc.id).first { $0.code == "roads" })
            #expect(roads.answerHours == 72 && roads.names[.en] == "Roads")

            #expect(
                try await admin.post(
                    "\(base)/templates", ["name": "Hvala", "body_bs": "Hvala na pitanju.", "body_de": "Danke."]
                ).status == .seeOther)
            #expect(try await store.templates(kljuc.id).contains { $0.name == "Hvala" && $0.bodies[.de] == "Danke." })
            let issued = try await admin.post("\(base)/open311-keys", ["name": "Civic app"])
            let key = try #require(
                issued.body.firstMatch(of: /<code class="secret">([A-Za-z0-9_-]+)<\/code>/)?.output.1)
            #expect(
                try await Open311Keys(app.environment).client(key: String(key), municipalityID: kljuc.id) == "Civic app"
            )
            #expect(try await Open311Keys(app.environment).client(key: String(key), municipalityID: "another") == nil)

            // The category's own answer time and the calendar-hours clock apply to the next inquiry.
            let asker = admin.sibling(address: "203.0.113.40")
            let sent = try await asker.api(
                .post, "/api/v1/kljuc/inquiries",
                json: [
                    "category": "roads", "subject": "Rupa na cesti", "body": "Kod škole.",
                    "name": "Asker", "email": "roads@example.org",
                ])
            let key2 = try #require(sent.json["access_key"] as? String)
            let opened = try await asker.send(
                .get, "/api/v1/inquiries/KLJ-2026-000001?key=\(key2)", body: nil, headers: [:], useCookies: false)
            let due = try #require((opened.json["due_at"] as? String).flatMap(Timestamp.date))
            let confirmed = try #require((opened.json["confirmed_at"] as? String).flatMap(Timestamp.date))
            #expect(abs(due.timeIntervalSince(confirmed) - 72 * 3600) < 1, "72 calendar hours")

            let officer = admin.sibling(address: "203.0.113.41")
            try await officer.signInStaff(app, role: .officer, slug: "kljuc")
            #expect(try await officer.get(base).status == .forbidden, "settings are for the municipal admin")
            let actions = try await app.environment.audit.search(AuditFilter(municipalityID: kljuc.id)).map(\.action)
            for action in [
                "inquiry.setup.clock", "inquiry.setup.categories", "inquiry.setup.templates", "open311.key.issue",
            ] {
                #expect(actions.contains(action), "\(action)")
            }
        }
    }
}
