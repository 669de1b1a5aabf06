import Foundation
import Inquiries
import Platform
import SQLKit
import TestSupport
import Testing
import ZavicajServer

@testable import DocumentFlow

/// The protocol through the real router on both databases.
@Suite struct ProtocolTests {
    static let pdf = Data("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n".utf8)
    static let letter = [
        "direction": "incoming", "channel": "post", "party": "Udruženje „Prijatelji Ključa”, Luzern",
        "subject": "Prijedlog saradnje za Dane dijaspore",
        "class_code": "13", "due_on": "2026-12-01",
    ]

    @Test func numbersAndRetentionFollowTheRules() throws {
        #expect(OfficialDocument.number(unit: "02", classCode: "13", sequence: 1234, year: 2026) == "02-13-1234/26")
        #expect(OfficialDocument.retainUntil(archivedOn: Day(2026, 2, 28), years: 10) == Day(2036, 2, 28))
        #expect(OfficialDocument.retainUntil(archivedOn: Day(2026, 5, 2), years: nil) == nil)
        #expect(
            OfficialDocument.Status.archived.canMove(to: .inProgress) == false
                && OfficialDocument.Status.answered.canMove(to: .inProgress))
        #expect(throws: AppError.self) {
            try DocumentClass.check(["class_code": "1a", "class_name_bs": "X"], municipalityID: "m")
        }
        #expect(
            try DocumentClass.check(
                ["class_code": "13", "class_name_bs": "Dijaspora", "retention_years": "10"], municipalityID: "m"
            ).retentionYears == 10)
    }

    /// The protocol book shows a hundred documents a page, with links either way that keep the filters.
    @Test(arguments: Backend.all)
    func theProtocolBookIsPaged(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, clerk) async throws -> Void in
            try await clerk.signInStaff(app, role: .officer, slug: "kljuc")
            let already = try await app.count("official_documents")
            for index in 0..<(101 - already) {
                let letter = Self.letter.merging(["subject": "Dopis \(index)"]) { $1 }
                #expect(try await clerk.upload("/kljuc/staff/protocol", letter, files: []).status == .seeOther)
            }
            let first = try await clerk.get("/kljuc/staff/protocol?q=")
            #expect(first.body.components(separatedBy: "/kljuc/staff/protocol/").count > 100)
            #expect(
                first.body.contains("href=\"/kljuc/staff/protocol?q=&amp;page=2\"")
                    && !first.body.contains("rel=\"prev\""))
            let second = try await clerk.get("/kljuc/staff/protocol?q=&page=2")
            #expect(second.body.contains("Stranica 2") && second.body.contains("rel=\"prev\""))
            #expect(!second.body.contains("rel=\"next\""), "101 documents: the second page is the last")
        }
    }

    @Test(arguments: Backend.all)
    func aClerkRegistersRoutesFilesAndArchivesALetterAndBadInputWritesNothing(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, clerk) async throws -> Void in
            try await clerk.signInStaff(app, role: .officer, slug: "kljuc")
            let kljuc = try #require(try await app.environment.municipalities.find(slug: "kljuc"))
            let departments = try await app.environment.municipalities.departments(of: kljuc.id)
            let diaspora = try #require(departments.first { $0.names[.bs] == "Ured za dijasporu" })
            let before = try await app.count("official_documents")
            for (change, message) in [
                (["party": ""], "Ovo polje je obavezno"),
                (["department_id": "nepostojeca"], "aria-describedby=\"e-department_id\""),
                (["class_code": "99"], "aria-describedby=\"e-class_code\""),
            ] {
                let refused = try await clerk.upload(
                    "/kljuc/staff/protocol", Self.letter.merging(change) { $1 }, files: [])
                #expect(refused.status == .unprocessableContent && refused.body.contains(message))
            }
            let exe = try await clerk.upload(
                "/kljuc/staff/protocol", Self.letter, files: [("files", "virus.exe", Data("MZ\u{0}\u{0}".utf8))])
            #expect(exe.status == .unprocessableContent)
            #expect(try await app.count("official_documents") == before)

            var letter = Self.letter
            letter["department_id"] = diaspora.id
            let saved = try await clerk.upload(
                "/kljuc/staff/protocol", letter, files: [("files", "prijedlog.pdf", Self.pdf)])
            #expect(saved.status == .seeOther, "\(saved.body.prefix(400))")
            let id = try #require(
                saved.location?.split(separator: "/").last?.split(separator: "?").first.map(String.init))
            let page = try await clerk.get("/kljuc/staff/protocol/\(id)")
            #expect(page.body.contains("02-13-1/26"), "the diaspora office's unit 02, class 13, first of 2026")
            #expect(page.body.contains("prijedlog.pdf"))

            // Routing: the diaspora officer gets it, with a due date; a comment; answered; archived.
            let officer = try #require(
                try await app.environment.accounts.find(email: DemoData.email(role: .officer, slug: "kljuc")))
            #expect(
                try await clerk.post(
                    "/kljuc/staff/protocol/\(id)/route", ["department_id": "drugi", "assignee_id": officer.id]
                ).status == .unprocessableContent)
            #expect(
                try await clerk.post(
                    "/kljuc/staff/protocol/\(id)/route",
                    [
                        "department_id": diaspora.id, "assignee_id": officer.id, "due_on": "2026-11-25",
                        "note": "Molim odgovor do Dana dijaspore",
                    ]
                ).status == .seeOther)
            let mine = try await clerk.get("/kljuc/staff/protocol/mine")
            #expect(mine.body.contains("02-13-1/26"), "what waits on the officer")
            #expect(
                try await clerk.post(
                    "/kljuc/staff/protocol/\(id)/comment", ["comment": "Kontaktirati predsjednika udruženja."]
                ).status == .seeOther)
            #expect(
                try await clerk.post("/kljuc/staff/protocol/\(id)/status", ["status": "answered"]).status == .seeOther)
            #expect(
                try await clerk.post("/kljuc/staff/protocol/\(id)/case", ["case_title": "Dani dijaspore 2027"]).status
                    == .seeOther)
            let history = try await ProtocolStore(app.environment.database.sql).history(of: id).map(\.action)
            #expect(history == ["registered", "assigned", "comment", "status", "case"])
            #expect(
                !(try await clerk.get("/kljuc/staff/protocol/mine")).body.contains("02-13-1/26"),
                "answered: no longer waiting")

            // Search by number, sender (without diacritics), subject, date and status.
            for query in [
                "number=02-13-1/26", "q=prijatelji+kljuca", "q=saradnje", "from=2026-11-18&to=2026-11-18",
                "status=answered",
            ] {
                #expect(
                    try await clerk.get("/kljuc/staff/protocol?\(query)").body.contains("/kljuc/staff/protocol/\(id)"),
                    "\(query)")
            }
            #expect(
                !(try await clerk.get("/kljuc/staff/protocol?status=archived")).body.contains(
                    "/kljuc/staff/protocol/\(id)\""))

            // Archiving the case archives the letter until 2036 (class 13 keeps ten years); it no longer changes.
            let caseID = try #require(
                try await ProtocolStore(app.environment.database.sql).document(id, municipalityID: kljuc.id)?.caseID)
            #expect(try await clerk.post("/kljuc/staff/protocol/cases/\(caseID)/archive").status == .seeOther)
            let archived = try #require(
                try await ProtocolStore(app.environment.database.sql).document(id, municipalityID: kljuc.id))
            #expect(archived.status == .archived && archived.retainUntil == Day(2036, 11, 18))
            #expect(
                try await clerk.post("/kljuc/staff/protocol/\(id)/status", ["status": "in_progress"]).status
                    == .conflict)
            #expect(
                try await app.count("audit_log", "action = 'protocol.view' AND object_id = '\(id)'") == 3,
                "the first view and the two pages shown with a refusal")

            // Another municipality's staff see none of it.
            let other = clerk.sibling(address: "203.0.113.90")
            try await other.signInStaff(app, role: .officer, slug: "jajce")
            #expect(try await other.get("/jajce/staff/protocol/\(id)").status == .notFound)
            #expect(try await other.get("/kljuc/staff/protocol/\(id)").status == .notFound)
            #expect(!(try await other.get("/jajce/staff/protocol?q=prijatelji")).body.contains(id))
        }
    }

    /// Many clerks at once, and the same correspondence taken twice: numbers 1…n, no gap, no repeat.
    @Test(arguments: Backend.all)
    func numbersStayGaplessUnderConcurrentRegistration(_ backend: Backend) async throws {
        // 22 writers queue on the numbering row; with the default 4 connections per loop the last ones
        // waited past the pool's 30 s while the whole suite loaded the machine (as `theLastSeatIsNeverGivenTwice`).
        let app = try await TestApp.make(backend) { $0.databasePool = 16 }
        do { try await registerAtOnce(app) } catch {
            try? await app.shutdown()  // a pool dropped without shutting down stops the whole test process
            throw error
        }
        try await app.shutdown()
    }

    func registerAtOnce(_ app: TestApp) async throws {
        let env = app.environment
        let jajce = try #require(try await env.municipalities.find(slug: "jajce"))
        let clerk = try #require(try await env.accounts.find(email: DemoData.email(role: .officer, slug: "jajce")))
        let entry = try OfficialDocument.Entry.check(
            Self.letter, classes: try await ProtocolStore(env.database.sql).classes(jajce.id), departments: [])
        let twice = Correspondence(
            sourceType: "inquiry", sourceID: "same-inquiry", municipalityID: jajce.id, direction: .incoming,
            party: "Amra",
            partyContact: "amra@example.org", subject: "JAJ-2026-000001 Izvod", departmentID: nil,
            caseKey: "JAJ-2026-000001",
            occurredAt: app.clock.clock.now())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    _ = try await ProtocolDesk(env: env).register(
                        entry, files: [], municipalityID: jajce.id, by: clerk, actor: .system("test"))
                }
            }
            for _ in 0..<2 {
                group.addTask {
                    _ = try? await env.database.transaction { db in try await ProtocolDesk(env: env).register(twice, db)
                    }
                }
            }
            try await group.waitForAll()
        }
        let sequences = try await env.database.sql.raw(
            "SELECT sequence FROM official_documents WHERE municipality_id = \(bind: jajce.id) ORDER BY sequence"
        ).all()
            .map { try $0.decode(column: "sequence", as: Int.self) }
        #expect(sequences == Array(1...21))
    }

    @Test(arguments: Backend.all)
    func inquiriesExtractRequestsAndTheirAnswersAreRegisteredOnceInOneCase(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, member) async throws -> Void in
            let jajce = try #require(try await app.environment.municipalities.find(slug: "jajce"))
            try await member.registerMember(app, email: "amra@example.org")
            let category = try #require(
                try await InquiryStore(app.environment.database.sql).categories(jajce.id).first?.id)
            let asked = try await member.upload(
                "/jajce/inquiries",
                [
                    "category": category, "subject": "Izvod iz MKR", "body": "Trebam izvod.", "name": "Amra Hadžić",
                    "email": "amra@example.org", "language": "de", "time_zone": "Europe/Berlin",
                ], files: [])
            #expect(asked.status == .created || asked.status == .seeOther, "\(asked.body.prefix(300))")
            let extract = [
                "kind": "birth", "relation": "child", "given_name": "Durdja", "surname": "Hadzic",
                "birth_date": "1994-03-15", "birth_place": "Jajce",
                "mother_name": "Šefika Hadžić", "purpose": "Škola u Beču", "copies": "1", "language": "bs",
                "delivery": "electronic",
                "payment": "transfer", "payment_reference": "AT-2026-1",
            ]
            #expect(try await member.upload("/jajce/extracts", extract, files: []).status == .seeOther)
            let officer = member.sibling(address: "203.0.113.91")
            try await officer.signInStaff(app, role: .officer, slug: "jajce")
            let number = try #require(
                try await app.environment.database.sql.raw(
                    "SELECT number FROM inquiries WHERE municipality_id = \(bind: jajce.id)"
                ).first()?
                .decode(column: "number", as: String.self))
            #expect(
                try await officer.post("/jajce/staff/inquiries/\(number)/reply", ["body": "Izvod je spreman."]).status
                    == .seeOther)

            let documentFlow = try #require(Capabilities.all.all.compactMap { $0 as? DocumentFlowCapability }.first)
            #expect(
                try await documentFlow.registerCorrespondence(app.environment) == 0,
                "not before every transaction that stamped them has ended")
            app.clock.advance(by: 121)
            #expect(try await documentFlow.registerCorrespondence(app.environment) == 3)
            #expect(try await documentFlow.registerCorrespondence(app.environment) == 0, "each once")
            let rows = try await app.environment.database.sql.raw(
                """
                SELECT number, direction, class_code, case_id, source_type FROM official_documents WHERE \
                municipality_id = \(bind: jajce.id) ORDER BY sequence
                """
            ).all()
            let seen = try rows.map {
                "\(try $0.decode(column: "source_type", as: String.self)):\(try $0.decode(column: "direction", as: String.self)):\(try $0.decode(column: "class_code", as: String.self))"
            }
            #expect(Set(seen) == ["inquiry:incoming:13", "inquiry_answer:outgoing:13", "extract_request:incoming:20"])
            let inquiryCases = Set(
                try rows.filter { try $0.decode(column: "class_code", as: String.self) == "13" }.map {
                    try $0.decode(column: "case_id", as: String.self)
                })
            #expect(inquiryCases.count == 1, "the question and its answer in one case file")
            #expect(
                try rows.map { try $0.decode(column: "number", as: String.self) }.allSatisfy { $0.hasSuffix("/26") })

            // The member's erasure takes their name out of the register; the entries stay.
            let token = try await member.token(app, email: "amra@example.org", password: "sigurna-lozinka")
            #expect(
                try await member.api(.delete, "/api/v1/me", json: ["password": "sigurna-lozinka"], token: token).status
                    == .noContent)
            #expect(try await app.count("official_documents", "party_contact = 'amra@example.org'") == 0)
            #expect(try await app.count("official_documents", "party = '—'") == 3)
        }
    }
}
