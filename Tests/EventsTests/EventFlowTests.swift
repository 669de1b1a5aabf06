import Foundation
import Platform
import SQLKit
import TestSupport
import Testing
import ZavicajServer

@testable import Events

/// Events through the real router on both databases: an officer creates a forum, people register
/// (members at once, others after confirming), the waiting list moves, the door checks people in.
@Suite struct EventFlowTests {
    static let event = [
        "kind": "business_forum", "title_bs": "Poslovni forum dijaspore 2027", "title_de": "Wirtschaftsforum 2027",
        "description_bs": "Susret dijaspore i lokalne privrede.", "venue": "hybrid", "place": "Hotel Stari grad, Jajce",
        "online_url": "https://meet.jajce.test/forum", "starts_at": "2027-01-20T09:00", "ends_at": "2027-01-20T17:00",
        "opens_at": "2026-11-01T00:00", "closes_at": "2027-01-19T12:00", "capacity": "2",
    ]

    /// Jajce's officer creates the forum with one required consent question; returns its id.
    static func createForum(_ app: TestApp, _ officer: Browser, capacity: String = "2") async throws -> String {
        try await officer.signInStaff(app, role: .officer, slug: "jajce")
        var form = Self.event
        form["capacity"] = capacity
        let created = try await officer.post(
            "/jajce/staff/events", form.merging(["participant_types": "diaspora"]) { $1 })
        #expect(created.status == .seeOther, "\(created.body.prefix(500))")
        let id = try #require(
            created.location?.split(separator: "/").last?.split(separator: "?").first.map(String.init))
        let question = try await officer.post(
            "/jajce/staff/events/\(id)/questions",
            [
                "question_kind": "consent", "question_label_bs": "Slažem se s fotografisanjem",
                "question_label_de": "Ich bin mit Fotos einverstanden", "question_required": "yes",
            ])
        #expect(question.status == .seeOther)
        return id
    }

    static func questionID(_ app: TestApp, _ eventID: String) async throws -> String {
        let jajce = try #require(try await app.environment.municipalities.find(slug: "jajce"))
        return try #require(
            try await EventStore(app.environment.database.sql).event(eventID, municipalityID: jajce.id)?.questions
                .first?.id)
    }

    static func guest(_ name: String, _ email: String, question: String, type: String = "diaspora") -> [String: String]
    {
        ["name": name, "email": email, "participant_type": type, "language": "de", "q_\(question)": "yes"]
    }

    @Test(arguments: Backend.all)
    func anOfficerBuildsAForumAndBadInputWritesNothing(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, officer) async throws -> Void in
            try await officer.signInStaff(app, role: .officer, slug: "jajce")
            let before = try await app.count("events")
            let bad = try await officer.post(
                "/jajce/staff/events",
                Self.event.merging(["ends_at": "2027-01-20T08:00", "participant_types": "diaspora"]) { $1 })
            #expect(bad.status == .unprocessableContent && bad.body.contains("Kraj mora biti nakon početka"))
            #expect(try await app.count("events") == before)
            let id = try await Self.createForum(app, officer)
            let overlapping = try await officer.post(
                "/jajce/staff/events/\(id)/slots",
                ["slot_starts_at": "2027-01-20T11:00", "slot_minutes": "30", "slot_tables": "2"])
            #expect(overlapping.status == .seeOther)
            let again = try await officer.post(
                "/jajce/staff/events/\(id)/slots",
                ["slot_starts_at": "2027-01-20T11:15", "slot_minutes": "30", "slot_tables": "2"])
            #expect(again.status == .unprocessableContent && again.body.contains("preklapa"))
            #expect(try await app.count("forum_slots", "event_id = '\(id)'") == 1)
            let session = try await officer.post(
                "/jajce/staff/events/\(id)/sessions",
                [
                    "session_title_bs": "B2B", "session_starts_at": "2027-01-21T09:00",
                    "session_ends_at": "2027-01-21T10:00",
                ])
            #expect(session.status == .unprocessableContent, "outside the event")
            #expect(try await app.count("event_sessions", "event_id = '\(id)'") == 0)
            #expect(try await app.count("audit_log", "action = 'event.create'") == 1)

            // Another municipality's officer does not see it; the public page and feeds do.
            let kakanj = officer.sibling(address: "203.0.113.71")
            try await kakanj.signInStaff(app, role: .officer, slug: "kakanj")
            #expect(try await kakanj.get("/kakanj/staff/events/\(id)").status == .notFound)
            #expect(try await kakanj.get("/jajce/staff/events/\(id)").status == .notFound)
            #expect(try await kakanj.get("/kakanj/events/\(id)").status == .notFound)
            let page = try await kakanj.sibling(address: "203.0.113.72").get(
                "/jajce/events/\(id)", headers: [.acceptLanguage: "de"])
            #expect(
                page.status == .ok && page.body.contains("Wirtschaftsforum 2027")
                    && page.body.contains("Ich bin mit Fotos einverstanden"))
            #expect(
                page.body.contains("<p lang=\"bs\">Susret dijaspore i lokalne privrede.</p>")
                    && page.body.contains("nicht in Ihre Sprache übersetzt"),
                "the description was written in Bosnian only: shown so, and said")
            let atom = try await kakanj.get("/jajce/events.atom")
            #expect(
                atom.headers[.contentType] == "application/atom+xml; charset=utf-8"
                    && atom.body.contains("Poslovni forum dijaspore 2027"))
            let ics = try await kakanj.get("/jajce/events.ics")
            #expect(
                ics.body.contains("BEGIN:VEVENT") && ics.body.contains("DTSTART:20270120T080000Z"),
                "09:00 in Sarajevo in winter")
        }
    }

    @Test(arguments: Backend.all)
    func peopleRegisterTheWaitingListMovesAndTheDoorCountsParticipantsByType(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, officer) async throws -> Void in
            let id = try await Self.createForum(app, officer)
            let question = try await Self.questionID(app, id)

            // A member with a confirmed address registers with one click and holds a seat.
            let member = officer.sibling(address: "198.51.100.20")
            try await member.registerMember(app, email: "amra@example.org")
            let one = try await member.post(
                "/jajce/events/\(id)/register", Self.guest("Amra Hadžić", "amra@example.org", question: question))
            #expect(one.location?.contains("notice=confirmed") == true, "\(one.status) \(one.body.prefix(300))")
            let amraMail = try #require(
                try await app.mails(to: "amra@example.org").first { $0.subject.contains("Ihr Ticket") })
            #expect(
                amraMail.files.map(\.filename).sorted().first?.hasPrefix("event") == true && amraMail.files.count == 2)
            #expect(
                amraMail.files.first { $0.contentType.hasPrefix("text/calendar") }.map {
                    String(decoding: $0.data, as: UTF8.self)
                }?.contains("BEGIN:VEVENT") == true)
            #expect(
                amraMail.files.first { $0.contentType == "application/pdf" }?.data.starts(with: Array("%PDF-".utf8))
                    == true)

            // Staff read the registration in words: a consent says "Da", an empty organisation nothing.
            let read = try await officer.get("/jajce/staff/events/\(id)").body
            #expect(read.contains("Slažem se s fotografisanjem: Da") && !read.contains(": yes"))
            #expect(read.contains("<td>Amra Hadžić</td>"), "no \"()\" after a name without an organisation")

            // Bad input: a duplicate, a missing consent; nothing written.
            let before = try await app.count("event_registrations")
            #expect(
                try await member.post(
                    "/jajce/events/\(id)/register", Self.guest("Amra", "AMRA@example.org", question: question)
                ).status == .conflict)
            var missing = Self.guest("Emir Begić", "emir@example.org", question: question)
            missing["q_\(question)"] = nil
            let refused = try await member.post("/jajce/events/\(id)/register", missing)
            #expect(refused.status == .unprocessableContent && refused.body.contains("Ohne diese Einwilligung"))
            #expect(try await app.count("event_registrations") == before)

            // A guest confirms by the mailed link's page, takes the last seat; a third waits.
            let guest = officer.sibling(address: "198.51.100.21")
            let pending = try await guest.post(
                "/jajce/events/\(id)/register", Self.guest("Emir Begić", "emir@example.org", question: question))
            let ticketPath = try #require(pending.location?.components(separatedBy: "&notice").first)
            #expect(try await app.count("event_registrations", "status = 'unconfirmed' AND event_id = '\(id)'") == 1)
            let key = try #require(ticketPath.components(separatedBy: "key=").last)
            #expect(
                try await app.link(in: "emir@example.org", prefix: "http://zavicaj.test/jajce/events/tickets/")?
                    .hasSuffix(key) == true)
            let code = try #require(ticketPath.split(separator: "/").last?.split(separator: "?").first.map(String.init))
            #expect(
                try await guest.sibling().get("/jajce/events/tickets/\(code)").status == .notFound, "no key, no ticket")
            let confirmed = try await guest.post("/jajce/events/tickets/\(code)/confirm", ["key": key])
            #expect(confirmed.location?.contains("notice=confirmed") == true)
            #expect(try await guest.get(ticketPath).body.contains("<svg"), "the ticket page shows the QR code")
            let third = officer.sibling(address: "198.51.100.22")
            let waiting = try await third.post(
                "/jajce/events/\(id)/register", Self.guest("Selma Ćehajić", "selma@example.org", question: question))
            let selmaKey = try #require(
                waiting.location?.components(separatedBy: "key=").last?.components(separatedBy: "&").first)
            _ = try await third.post(
                try #require(waiting.location?.components(separatedBy: "?").first) + "/confirm", ["key": selmaKey])
            #expect(try await app.count("event_registrations", "status = 'waiting' AND event_id = '\(id)'") == 1)
            #expect(try await app.mails(to: "selma@example.org").contains { $0.subject.contains("Warteliste") })

            // Emir cancels: Selma is promoted and mailed her ticket.
            #expect(try await guest.post("/jajce/events/tickets/\(code)/cancel", ["key": key]).status == .seeOther)
            let statuses = try await EventStore(app.environment.database.sql).registrations(of: id).map {
                "\($0.email):\($0.status.rawValue)"
            }
            #expect(
                try await app.count("event_registrations", "status = 'confirmed' AND event_id = '\(id)'") == 2,
                "\(statuses)")
            #expect(try await app.mails(to: "selma@example.org").contains { $0.subject.contains("Ein Platz ist frei") })

            // At the door: check-in by the typed code, once; the ledger counts one diaspora participant.
            let amra = try #require(try await app.environment.accounts.find(email: "amra@example.org"))
            let amraCode = try #require(
                try await EventStore(app.environment.database.sql).registrations(account: amra.id).first?.ticketCode)
            let form = try await officer.get("/jajce/staff/events/\(id)/checkin?code=\(amraCode)")
            #expect(form.body.contains("value=\"\(amraCode)\""), "the QR's address fills the code in")
            let door = try await officer.post(
                "/jajce/staff/events/\(id)/checkin",
                ["code": amraCode.lowercased().replacingOccurrences(of: "-", with: " ")])
            #expect(door.status == .ok && door.body.contains("Amra Hadžić"))
            #expect(try await officer.post("/jajce/staff/events/\(id)/checkin", ["code": amraCode]).status == .conflict)
            #expect(
                try await officer.post("/jajce/staff/events/\(id)/checkin", ["code": code]).status
                    == .unprocessableContent, "a cancelled ticket")
            let jajce = try #require(try await app.environment.municipalities.find(slug: "jajce"))
            #expect(
                try await app.environment.ledger.total(
                    EventService.participant, municipalityID: jajce.id, from: .distantPast, to: .distantFuture) == 1)
            #expect(
                try await app.count(
                    "ledger", "kind = 'event_participant' AND attributes LIKE '%\"type\":\"diaspora\"%'") == 1)
            let dashboard = try await officer.get("/jajce/staff/events/\(id)")
            #expect(dashboard.body.contains("Selma Ćehajić") && dashboard.body.contains("Prisutni: 1"))
            let calendar = try await member.get("/jajce/events")
            #expect(
                calendar.body.contains("/jajce/events/tickets/\(amraCode)"),
                "the member's own registrations on the calendar")
            #expect(
                try await member.get("/jajce/events/tickets/\(amraCode)").status == .ok,
                "their own ticket opens without the key")

            // After closing, registration is refused.
            app.clock.set(LocalTime.parse("2027-01-19T12:00")!)
            let late = try await third.sibling(address: "198.51.100.23").post(
                "/jajce/events/\(id)/register",
                Self.guest("Kasni", "kasni@example.org", question: question))
            #expect(late.status == .unprocessableContent && late.body.contains("Prijave su zatvorene"))

            // The member's export lists the registration; erasure keeps only the anonymous seat.
            let token = try await member.token(app, email: "amra@example.org", password: "sigurna-lozinka")
            let export = try await member.api(.get, "/api/v1/me/export", token: token).json
            #expect(((export["events"] as? [String: Any])?["registrations"] as? [Any])?.count == 1)
            #expect(
                try await member.api(.delete, "/api/v1/me", json: ["password": "sigurna-lozinka"], token: token).status
                    == .noContent)
            #expect(try await app.count("event_registrations", "email = 'amra@example.org'") == 0)
            #expect(try await app.count("event_registrations", "name = '—' AND checked_in_at IS NOT NULL") == 1)
        }
    }

    /// Many people at once for one remaining seat: exactly one gets it, on both databases.
    @Test(arguments: Backend.all)
    func theLastSeatIsNeverGivenTwice(_ backend: Backend) async throws {
        // 24 writers queue on the event's lock; with the default 4 connections per loop the last ones
        // waited past the pool's 30 s while the whole suite loaded the machine.
        let app = try await TestApp.make(backend) { $0.databasePool = 16 }
        try await app.withClient { client in
            let officer = Browser(client)
            let id = try await Self.createForum(app, officer, capacity: "3")
            let env = app.environment
            let jajce = try #require(try await env.municipalities.find(slug: "jajce"))
            let event = try #require(try await EventStore(env.database.sql).event(id, municipalityID: jajce.id))
            func registration(_ n: Int) -> Registration {
                Registration(
                    id: Random.id(), eventID: id, accountID: nil, name: "Osoba \(n)", email: "osoba\(n)@example.org",
                    organisation: "",
                    participantType: .diaspora, language: .bs, status: .unconfirmed, ticketCode: ShortCode.make(),
                    answers: [:], sessionIDs: [], createdAt: app.clock.clock.now(), checkedInAt: nil)
            }
            for n in 0..<2 {
                _ = try await EventService(env: env).register(
                    registration(n), event: event, municipality: jajce, addressConfirmed: true, actor: .system("test"))
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 2..<26 {
                    group.addTask {
                        _ = try await EventService(env: env).register(
                            registration(n), event: event, municipality: jajce, addressConfirmed: true,
                            actor: .system("test"))
                    }
                }
                try await group.waitForAll()
            }
            let rows = try await app.environment.database.sql.raw(
                "SELECT status, COUNT(*) AS n FROM event_registrations WHERE event_id = \(bind: id) GROUP BY status"
            ).all()
            let counts = try Dictionary(
                uniqueKeysWithValues: rows.map {
                    (try $0.decode(column: "status", as: String.self), try $0.decode(column: "n", as: Int.self))
                })
            #expect(counts == ["confirmed": 3, "waiting": 23])
        }
    }

    @Test(arguments: Backend.all)
    func forumParticipantsMeetAtTablesWithoutDoubleBookingAndRecordOutcomes(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, officer) async throws -> Void in
            let id = try await Self.createForum(app, officer, capacity: "")
            let question = try await Self.questionID(app, id)
            _ = try await officer.post(
                "/jajce/staff/events/\(id)/slots",
                ["slot_starts_at": "2027-01-20T11:00", "slot_minutes": "30", "slot_tables": "1"])
            _ = try await officer.post(
                "/jajce/staff/events/\(id)/slots",
                ["slot_starts_at": "2027-01-20T11:30", "slot_minutes": "30", "slot_tables": "1"])
            var people: [(Browser, String)] = []
            for (n, name) in ["Edin Mujić", "Drvo-Jajce d.o.o.", "Lejla Softić"].enumerated() {
                let person = officer.sibling(address: "198.51.100.\(30 + n)")
                let sent = try await person.post(
                    "/jajce/events/\(id)/register", Self.guest(name, "p\(n)@example.org", question: question))
                let base = try #require(sent.location?.components(separatedBy: "?").first),
                    key = try #require(
                        sent.location?.components(separatedBy: "key=").last?.components(separatedBy: "&").first)
                _ = try await person.post("\(base)/confirm", ["key": key])
                let saved = try await person.post(
                    "\(base)/forum/profile",
                    [
                        "key": key, "sector": "Drvna industrija", "kinds": "investment",
                        "offers": "Kapital", "seeks": "Partnera", "published": "yes",
                    ])
                #expect(saved.status == .seeOther, "\(saved.body.prefix(300))")
                people.append((person, "\(base)/forum?key=\(key)"))
            }
            let store = EventStore(app.environment.database.sql)
            let regs = try await store.registrations(of: id)
            func reg(_ n: Int) -> String { regs.first { $0.email == "p\(n)@example.org" }!.id }
            func post(_ n: Int, _ path: String, _ fields: [String: String]) async throws -> Browser.Page {
                let (browser, page) = people[n]
                let base = page.components(separatedBy: "?").first!, key = page.components(separatedBy: "key=").last!
                return try await browser.post(base + path, fields.merging(["key": key]) { $1 })
            }
            let browse = try await people[0].0.get(people[0].1)
            #expect(browse.body.contains("Lejla Softić") && browse.body.contains("Drvo-Jajce d.o.o."))
            #expect(try await post(0, "/meetings", ["invitee": reg(1), "message": "Pilana?"]).status == .seeOther)
            #expect(try await post(1, "/meetings", ["invitee": reg(0)]).status == .conflict, "one request per pair")
            #expect(try await post(0, "/meetings", ["invitee": reg(0)]).status == .unprocessableContent)
            #expect(try await post(2, "/meetings", ["invitee": reg(1)]).status == .seeOther)
            let meetings = try await app.environment.database.sql.raw(
                "SELECT id, requester_id FROM forum_meetings ORDER BY created_at, id"
            ).all()
            let first = try meetings.first { try $0.decode(column: "requester_id", as: String.self) == reg(0) }!.decode(
                column: "id", as: String.self)
            let second = try meetings.first { try $0.decode(column: "requester_id", as: String.self) == reg(2) }!
                .decode(column: "id", as: String.self)
            #expect(try await post(1, "/meetings/\(first)/accept", [:]).status == .seeOther)
            #expect(try await post(1, "/meetings/\(second)/accept", [:]).status == .seeOther)
            // Person 1 meets both: at 11:00 with the first, at 11:30 with the second (one table per slot).
            let slots = try await ForumStore(env: app.environment).slots(id)
            let placed = try await app.environment.database.sql.raw(
                "SELECT id, slot_id, table_no FROM forum_meetings WHERE status = 'accepted'"
            ).all()
            #expect(placed.count == 2)
            #expect(Set(try placed.map { try $0.decode(column: "slot_id", as: String.self) }) == Set(slots.map(\.id)))
            let agenda = try await people[1].0.get(
                people[1].1.replacingOccurrences(of: "/forum?", with: "/forum/agenda.ics?"))
            #expect(
                agenda.body.components(separatedBy: "BEGIN:VEVENT").count == 3 && agenda.body.contains("Edin Mujić"))
            let pdf = try await people[1].0.get(
                people[1].1.replacingOccurrences(of: "/forum?", with: "/forum/agenda.pdf?"))
            #expect(pdf.headers[.contentType] == "application/pdf")

            // Outcomes: a participant and the officer record them; both count in the ledger.
            #expect(
                try await post(
                    0, "/outcomes", ["outcome_kind": "cooperation", "outcome_description": "Zajednička pilana"]
                ).status == .seeOther)
            #expect(
                try await officer.post(
                    "/jajce/staff/events/\(id)/outcomes",
                    [
                        "outcome_kind": "jobs", "outcome_jobs": "4",
                        "outcome_description": "Drvo-Jajce zapošljava",
                    ]
                ).status == .seeOther)
            #expect(
                try await officer.post(
                    "/jajce/staff/events/\(id)/outcomes",
                    [
                        "outcome_kind": "jobs", "outcome_jobs": "x",
                        "outcome_description": "?",
                    ]
                ).status == .unprocessableContent)
            let jajce = try #require(try await app.environment.municipalities.find(slug: "jajce"))
            #expect(
                try await app.environment.ledger.total(
                    ForumOutcome.ledgerKind, municipalityID: jajce.id, from: .distantPast, to: .distantFuture) == 5)
            #expect(try await officer.get("/jajce/staff/events/\(id)").body.contains("Pokrenuta saradnja"))
            let outside = try await officer.sibling(address: "198.51.100.40").get("/jajce/events/\(id)")
            #expect(
                outside.body.contains("Radna mjesta: 4") && !outside.body.contains("p0@example.org"),
                "the forum's figures, never who")
        }
    }
}
