import Foundation
import Platform
import TestSupport
import Testing
import ZavicajServer

/// The events flows through `/api/v1`, as the pages do them: an officer creates an event, a guest
/// registers and confirms with the ticket's key, a member waits for the last seat and gets it when the
/// guest cancels, the door checks a ticket in once; another municipality's officer sees nothing.
@Suite struct EventsAPITests {
    static var event: [String: Any] {
        [
            "kind": "diaspora_days", "venue": "in_person", "place": "Dom kulture, Jajce",
            "title": ["bs": "Dani dijaspore 2027", "de": "Tage der Diaspora 2027"],
            "starts_at": "2027-07-20T10:00", "ends_at": "2027-07-22T18:00", "opens_at": "2026-11-01T00:00",
            "closes_at": "2027-07-19T12:00", "capacity": 1, "participant_types": ["diaspora", "local_business"],
        ]
    }

    @Test(arguments: Backend.all)
    func organisersAndGuestsUseTheEventsAPI(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, client) async throws -> Void in
            let officer = try await client.token(app, email: DemoData.email(role: .officer, slug: "jajce"))
            var bad = Self.event
            bad["ends_at"] = "2027-07-19T10:00"
            let refused = try await client.api(.post, "/api/v1/jajce/events", json: bad, token: officer)
            #expect(refused.status == .unprocessableContent)
            #expect((refused.json["error"] as? [String: Any])?["field"] as? String == "ends_at")
            bad["capacity"] = "many"
            let mistyped = try await client.api(.post, "/api/v1/jajce/events", json: bad, token: officer)
            #expect((mistyped.json["error"] as? [String: Any])?["field"] as? String == "capacity")
            // Every wrong field at once: the API lists them, the page names each at the top and at its field.
            var wrong = Self.event
            wrong["place"] = ""
            wrong["ends_at"] = "2027-07-19T10:00"
            let both = try await client.api(.post, "/api/v1/jajce/events", json: wrong, token: officer)
            let fields = (both.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields == ["place", "ends_at", "closes_at"], "\(both.body)")
            let page = client.sibling(address: "203.0.113.45")
            try await page.signInStaff(app, role: .officer, slug: "jajce")
            let shown = try await page.post(
                "/jajce/staff/events",
                [
                    "kind": "other", "venue": "in_person", "place": "", "title_bs": "", "starts_at": "2027-07-20T10:00",
                    "ends_at": "2027-07-19T10:00", "opens_at": "2026-11-01T00:00", "closes_at": "2027-07-19T09:00",
                    "participant_types": "diaspora",
                ])
            #expect(shown.status == .unprocessableContent)
            for field in ["title_bs", "place", "ends_at"] {
                #expect(shown.body.contains("<a href=\"#f-\(field)\">"), "the summary links to \(field)")
                #expect(shown.body.contains("id=\"e-\(field)\""), "\(field) says what is wrong beside it")
            }
            let before = try await app.count("events")
            #expect(try await client.api(.post, "/api/v1/jajce/events", json: Self.event).status == .unauthorized)
            let created = try await client.api(.post, "/api/v1/jajce/events", json: Self.event, token: officer)
            #expect(created.status == .created, "\(created.body)")
            #expect(try await app.count("events") == before + 1)
            let id = try #require(created.json["id"] as? String)
            #expect((created.json["title"] as? [String: String])?["de"] == "Tage der Diaspora 2027")
            #expect(created.json["seats_left"] as? Int == 1 && created.json["registration_open"] as? Bool == true)
            let calendar = try await client.api(.get, "/api/v1/jajce/events")
            #expect((calendar.json["events"] as? [[String: Any]])?.contains { $0["id"] as? String == id } == true)

            // A guest registers and confirms with the key; without it the ticket is nobody's business.
            let guest = try await client.api(
                .post, "/api/v1/jajce/events/\(id)/registrations",
                json: ["name": "Mirza Hodžić", "email": "mirza@example.at", "participant_type": "diaspora"])
            #expect(guest.status == .created, "\(guest.body)")
            let code = try #require(guest.json["code"] as? String), key = try #require(guest.json["key"] as? String)
            #expect(guest.json["status"] as? String == "unconfirmed")
            #expect(try await client.api(.get, "/api/v1/jajce/tickets/\(code)").status == .notFound)
            #expect(try await client.api(.get, "/api/v1/jajce/tickets/\(code)?key=wrong").status == .notFound)
            let confirmed = try await client.api(.post, "/api/v1/jajce/tickets/\(code)/confirm", json: ["key": key])
            #expect(confirmed.json["status"] as? String == "confirmed", "\(confirmed.body)")
            let again = try await client.api(
                .post, "/api/v1/jajce/events/\(id)/registrations",
                json: ["name": "Mirza", "email": "mirza@example.at", "participant_type": "diaspora"])
            #expect(again.status == .conflict)

            // A member with a confirmed address registers with their bearer alone and waits for a seat.
            let member = client.sibling(address: "198.51.100.61")
            try await member.registerMember(app, email: "selma@example.ch", name: "Selma Begić")
            let selma = try await member.token(app, email: "selma@example.ch", password: "sigurna-lozinka")
            let waiting = try await member.api(
                .post, "/api/v1/jajce/events/\(id)/registrations", json: ["participant_type": "local_business"],
                token: selma)
            #expect(waiting.json["status"] as? String == "waiting" && waiting.json["name"] as? String == "Selma Begić")
            let selmaCode = try #require(waiting.json["code"] as? String)

            // The door: once, counted once; then the guest cancels and the member gets the seat.
            let door = try await client.api(
                .post, "/api/v1/jajce/events/\(id)/check-in", json: ["code": code.lowercased()], token: officer)
            #expect(door.status == .ok && door.json["checked_in_at"] is String, "\(door.body)")
            let twice = try await client.api(
                .post, "/api/v1/jajce/events/\(id)/check-in", json: ["code": code], token: officer)
            #expect(twice.status == .conflict)
            #expect(
                try await app.count("ledger", "kind = 'event_participant' AND source_type = 'event_registration'") == 1)
            let cancelled = try await client.api(.post, "/api/v1/jajce/tickets/\(code)/cancel", json: ["key": key])
            #expect(cancelled.json["status"] as? String == "cancelled")
            let promoted = try await member.api(.get, "/api/v1/jajce/tickets/\(selmaCode)", token: selma)
            #expect(promoted.json["status"] as? String == "confirmed")

            let list = try await client.api(.get, "/api/v1/jajce/events/\(id)/registrations", token: officer)
            #expect((list.json["registrations"] as? [[String: Any]])?.count == 2)
            #expect(try await app.count("audit_log", "action = 'event.view' AND object_id = '\(id)'") == 1)
            let off = try await client.api(
                .post, "/api/v1/jajce/events/\(id)/registrations/\(selmaCode)/cancel", token: officer)
            #expect(off.json["status"] as? String == "cancelled")

            // Another municipality's officer, and a member, cannot organise here.
            let kakanj = try await client.token(app, email: DemoData.email(role: .officer, slug: "kakanj"))
            #expect(
                try await client.api(.get, "/api/v1/jajce/events/\(id)/registrations", token: kakanj).status
                    == .notFound)
            #expect(
                try await member.api(.post, "/api/v1/jajce/events", json: Self.event, token: selma).status != .created)
        }
    }

    /// A business forum through the API: the organiser builds the programme and meeting slots, two guests
    /// publish profiles by their tickets' keys, one asks the other to meet, the other accepts and gets a
    /// table; what came of it is counted in the ledger. A wrong key sees nothing.
    @Test(arguments: Backend.all)
    func forumParticipantsMeetThroughTheAPI(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, client) async throws -> Void in
            let officer = try await client.token(app, email: DemoData.email(role: .officer, slug: "jajce"))
            var forum = Self.event
            (forum["kind"], forum["capacity"]) = ("business_forum", 10)
            let created = try await client.api(.post, "/api/v1/jajce/events", json: forum, token: officer)
            let id = try #require(created.json["id"] as? String, "\(created.body)")
            let session = try await client.api(
                .post, "/api/v1/jajce/events/\(id)/sessions",
                json: [
                    "session_title": ["bs": "Investicije u turizam"], "session_starts_at": "2027-07-20T11:00",
                    "session_ends_at": "2027-07-20T12:00",
                ], token: officer)
            #expect(session.status == .created, "\(session.body)")
            let question = try await client.api(
                .post, "/api/v1/jajce/events/\(id)/questions",
                json: ["question_kind": "text", "question_label": ["bs": "Vaša firma"]], token: officer)
            #expect(question.status == .created, "\(question.body)")
            let outside = try await client.api(
                .post, "/api/v1/jajce/events/\(id)/slots",
                json: ["slot_starts_at": "2027-07-25T10:00", "slot_minutes": 30, "slot_tables": 2], token: officer)
            #expect(outside.status == .unprocessableContent)
            let slot = try await client.api(
                .post, "/api/v1/jajce/events/\(id)/slots",
                json: ["slot_starts_at": "2027-07-20T14:00", "slot_minutes": 30, "slot_tables": 2], token: officer)
            #expect(slot.status == .created && slot.json["tables"] as? Int == 2, "\(slot.body)")

            var tickets: [(code: String, key: String, id: String)] = []
            for (name, email) in [("Amra Kovač", "amra@example.de"), ("Haris Mujić", "haris@example.se")] {
                let guest = try await client.api(
                    .post, "/api/v1/jajce/events/\(id)/registrations",
                    json: ["name": name, "email": email, "participant_type": "diaspora"])
                let code = try #require(guest.json["code"] as? String, "\(guest.body)")
                let key = try #require(guest.json["key"] as? String)
                _ = try await client.api(.post, "/api/v1/jajce/tickets/\(code)/confirm", json: ["key": key])
                let wrong = try await client.api(
                    .post, "/api/v1/jajce/tickets/\(code)/forum/profile", json: ["key": "wrong", "sector": "IT"])
                #expect(wrong.status == .notFound)
                let profile = try await client.api(
                    .post, "/api/v1/jajce/tickets/\(code)/forum/profile",
                    json: [
                        "key": key, "sector": "IT", "kinds": ["investment", "jobs"], "offers": "Kapital",
                        "seeks": "Partnere", "published": true,
                    ])
                #expect(profile.status == .ok, "\(profile.body)")
                let mine = (profile.json["profiles"] as? [[String: Any]])?.first { $0["name"] as? String == name }
                tickets.append((code, key, try #require(mine?["registration_id"] as? String)))
            }
            let (amra, haris) = (tickets[0], tickets[1])
            let asked = try await client.api(
                .post, "/api/v1/jajce/tickets/\(amra.code)/forum/meetings",
                json: ["key": amra.key, "invitee": haris.id, "message": "Kafa?"])
            #expect(asked.status == .created, "\(asked.body)")
            let seen = try await client.api(.get, "/api/v1/jajce/tickets/\(haris.code)/forum?key=\(haris.key)")
            let meeting = try #require((seen.json["meetings"] as? [[String: Any]])?.first)
            #expect(meeting["mine_to_answer"] as? Bool == true && meeting["status"] as? String == "requested")
            let meetingID = try #require(meeting["id"] as? String)
            let accepted = try await client.api(
                .post, "/api/v1/jajce/tickets/\(haris.code)/forum/meetings/\(meetingID)/accept",
                json: ["key": haris.key])
            let placed = (accepted.json["meetings"] as? [[String: Any]])?.first
            #expect(placed?["status"] as? String == "accepted" && placed?["table"] as? Int == 1, "\(accepted.body)")
            #expect((placed?["starts_at"] as? String)?.isEmpty == false)

            let outcome = try await client.api(
                .post, "/api/v1/jajce/tickets/\(amra.code)/forum/outcomes",
                json: [
                    "key": amra.key, "outcome_kind": "jobs", "outcome_jobs": 4, "outcome_description": "Pogon",
                    "meeting_id": meetingID,
                ])
            #expect(outcome.status == .created, "\(outcome.body)")
            let organised = try await client.api(
                .post, "/api/v1/jajce/events/\(id)/outcomes",
                json: ["outcome_kind": "agreement", "outcome_description": "Sporazum o saradnji"], token: officer)
            #expect(organised.status == .created, "\(organised.body)")
            #expect(try await app.count("ledger", "kind = 'forum_outcome'") == 2)
            let kakanj = try await client.token(app, email: DemoData.email(role: .officer, slug: "kakanj"))
            let foreign = try await client.api(
                .post, "/api/v1/jajce/events/\(id)/slots",
                json: ["slot_starts_at": "2027-07-20T15:00", "slot_minutes": 30, "slot_tables": 2], token: kakanj)
            #expect(foreign.status == .notFound)
        }
    }

    /// A member who holds the last seat erases their account: the seat goes to the guest waiting, as a
    /// cancellation would give it, and the key from the guest's waiting-list mail still opens the ticket
    /// (two bugs of issue 18).
    @Test(arguments: Backend.all)
    func anErasedAccountsSeatGoesToTheWaitingList(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, client) async throws -> Void in
            let officer = try await client.token(app, email: DemoData.email(role: .officer, slug: "jajce"))
            let created = try await client.api(.post, "/api/v1/jajce/events", json: Self.event, token: officer)
            let id = try #require(created.json["id"] as? String, "\(created.body)")
            let member = client.sibling(address: "198.51.100.70")
            try await member.registerMember(app, email: "amel@example.de")
            let amel = try await member.token(app, email: "amel@example.de", password: "sigurna-lozinka")
            let seat = try await member.api(
                .post, "/api/v1/jajce/events/\(id)/registrations", json: ["participant_type": "diaspora"], token: amel)
            #expect(seat.json["status"] as? String == "confirmed", "\(seat.body)")
            let guest = try await client.api(
                .post, "/api/v1/jajce/events/\(id)/registrations",
                json: ["name": "Sara Kovač", "email": "sara@example.se", "participant_type": "diaspora"])
            let code = try #require(guest.json["code"] as? String), key = try #require(guest.json["key"] as? String)
            let waiting = try await client.api(.post, "/api/v1/jajce/tickets/\(code)/confirm", json: ["key": key])
            #expect(waiting.json["status"] as? String == "waiting", "\(waiting.body)")

            let mailed = try await app.mails(to: "sara@example.se").count
            let erased = try await member.api(.delete, "/api/v1/me", json: ["password": "sigurna-lozinka"], token: amel)
            #expect(erased.status == .noContent, "\(erased.body)")
            let sara = try await client.api(.get, "/api/v1/jajce/tickets/\(code)?key=\(key)")
            #expect(sara.json["status"] as? String == "confirmed", "the earlier key still opens it: \(sara.body)")
            #expect(try await app.mails(to: "sara@example.se").count == mailed + 1, "her ticket is mailed")
            let link = try #require(try await app.link(in: "sara@example.se", prefix: "http://zavicaj.test/jajce/"))
            #expect(try await client.get(String(link.dropFirst("http://zavicaj.test".count))).status == .ok)
            #expect(try await app.count("event_registrations", "event_id = '\(id)' AND status = 'confirmed'") == 1)
            #expect(try await app.count("audit_log", "action = 'event.promote'") == 1)

            // After the event, an erasure changes no seat: the ticket is only made anonymous.
            let late = client.sibling(address: "198.51.100.71")
            try await late.registerMember(app, email: "lejla@example.at")
            let lejla = try await late.token(app, email: "lejla@example.at", password: "sigurna-lozinka")
            let queued = try await late.api(
                .post, "/api/v1/jajce/events/\(id)/registrations", json: ["participant_type": "diaspora"], token: lejla)
            #expect(queued.json["status"] as? String == "waiting", "\(queued.body)")
            app.clock.advance(by: 260 * 86_400)
            let after = try await late.token(app, email: "lejla@example.at", password: "sigurna-lozinka")
            let cancels = try await app.count("audit_log", "action = 'event.cancel'")
            #expect(
                try await late.api(.delete, "/api/v1/me", json: ["password": "sigurna-lozinka"], token: after).status
                    == .noContent)
            #expect(try await app.count("audit_log", "action = 'event.cancel'") == cancels)
            #expect(try await app.count("event_registrations", "event_id = '\(id)' AND status = 'waiting'") == 0)
        }
    }
}
