import Foundation
import Platform
import SQLKit

/// Matchmaking at a business forum: profiles, slots, meetings and outcomes in SQL.
public struct ForumStore: Sendable {
    let env: AppEnvironment
    var db: any SQLDatabase { env.database.sql }
    public init(env: AppEnvironment) { self.env = env }

    public func save(_ p: ForumProfile, at now: Date) async throws {
        try await env.database.transaction { db in
            try await db.raw("DELETE FROM forum_profiles WHERE registration_id = \(bind: p.registrationID)").run()
            try await db.raw(
                .insert(
                    into: "forum_profiles",
                    columns: [
                        "registration_id", "event_id", "sector", "kinds", "offers", "seeks", "published", "updated_at",
                    ],
                    rows: [
                        [
                            p.registrationID, p.eventID, p.sector, p.kinds.map(\.rawValue).joined(separator: ","),
                            p.offers, p.seeks,
                            p.published ? 1 : 0, Timestamp.text(now),
                        ]
                    ])
            ).run()
        }
    }

    public func profiles(_ eventID: String) async throws -> [(
        profile: ForumProfile, name: String, organisation: String
    )] {
        try await db.raw(
            """
            SELECT p.*, r.name, r.organisation FROM forum_profiles p JOIN event_registrations r ON r.id = \
            p.registration_id
            WHERE p.event_id = \(bind: eventID) AND r.status = 'confirmed' ORDER BY r.name, r.id
            """
        ).rows(Joined<ForumProfile, Person>.self).map { ($0.base, $0.extra.name, $0.extra.organisation) }
    }

    private struct Person: Decodable, Sendable { let name: String, organisation: String }

    public func slots(_ eventID: String) async throws -> [MeetingSlot] {
        try await slots(eventID, db)
    }

    func slots(_ eventID: String, _ db: any SQLDatabase) async throws -> [MeetingSlot] {
        try await db.raw("SELECT * FROM forum_slots WHERE event_id = \(bind: eventID) ORDER BY starts_at")
            .rows(MeetingSlot.self)
    }

    /// Adds a slot, checked against the others inside the transaction (two staff adding at once cannot overlap).
    public func addSlot(_ input: [String: String], event: Event, actor: Actor) async throws -> MeetingSlot {
        try await env.database.transaction { db in
            try await EventService(env: env).lock(event.id, db)
            let slot = try MeetingSlot.check(input, event: event, existing: try await slots(event.id, db))
            try await db.raw(
                .insert(
                    into: "forum_slots", columns: ["id", "event_id", "starts_at", "ends_at", "tables"],
                    rows: [
                        [
                            slot.id, slot.eventID, Timestamp.text(slot.startsAt), Timestamp.text(slot.endsAt),
                            slot.tables,
                        ]
                    ])
            ).run()
            try await AuditLog(db, clock: env.clock).record(
                actor, "forum.slot", objectType: "event", objectID: event.id,
                municipalityID: event.municipalityID, detail: "\(Timestamp.text(slot.startsAt)) ×\(slot.tables)")
            return slot
        }
    }

    /// A request to meet a participant who published a profile; one open request per pair.
    public func request(from requester: Registration, to inviteeID: String, message: String?, at now: Date) async throws
    {
        guard inviteeID != requester.id else { throw AppError.invalid("invitee", "forum_self_meeting") }
        let text = String((message ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(500))
        try await env.database.transaction { db in
            guard
                try await db.raw(
                    """
                    SELECT p.registration_id FROM forum_profiles p JOIN event_registrations r ON r.id = \
                    p.registration_id
                    WHERE p.registration_id = \(bind: inviteeID) AND p.event_id = \(bind: requester.eventID) AND \
                    p.published = 1 AND r.status = 'confirmed'
                    """
                ).first() != nil
            else { throw AppError.invalid("invitee", "forum_unknown_participant") }
            let open = try await db.raw(
                """
                SELECT id FROM forum_meetings WHERE event_id = \(bind: requester.eventID) AND status <> 'declined'
                  AND ((requester_id = \(bind: requester.id) AND invitee_id = \(bind: inviteeID)) OR (requester_id = \
                \(bind: inviteeID) AND invitee_id = \(bind: requester.id)))
                """
            ).first()
            guard open == nil else { throw AppError(.conflict, code: "forum_meeting_exists", field: "invitee") }
            try await db.raw(
                .insert(
                    into: "forum_meetings",
                    columns: ["id", "event_id", "requester_id", "invitee_id", "message", "status", "created_at"],
                    rows: [
                        [
                            Random.id(), requester.eventID, requester.id, inviteeID, text,
                            Meeting.Status.requested.rawValue, Timestamp.text(now),
                        ]
                    ])
            ).run()
        }
    }

    /// The invitee accepts: the meeting takes the earliest slot where both are free and a table is;
    /// the unique indexes refuse a double booking even if two acceptances race.
    public func accept(_ meetingID: String, by invitee: Registration, event: Event) async throws {
        try await env.database.transaction { db in
            try await EventService(env: env).lock(event.id, db)
            guard let meeting = try await meetings(where: "m.id = ", meetingID, db).first,
                meeting.inviteeID == invitee.id,
                meeting.status == .requested
            else { throw AppError.notFound }
            let busy = try await busySlots(of: [meeting.requesterID, meeting.inviteeID], db)
            var tables: [String: Set<Int>] = [:]
            for row in try await db.raw(
                """
                SELECT slot_id, table_no FROM forum_meetings \
                WHERE event_id = \(bind: event.id) AND slot_id IS NOT NULL
                """
            ).rows(Table.self) {
                tables[row.slotID, default: []].insert(row.tableNo)
            }
            guard
                let place = MeetingPlanner.place(
                    slots: try await slots(event.id, db), busy: busy[meeting.requesterID] ?? [],
                    otherBusy: busy[meeting.inviteeID] ?? [], tablesTaken: tables)
            else {
                throw AppError(.conflict, code: "forum_no_free_slot")
            }
            try await db.raw(
                """
                UPDATE forum_meetings SET status = 'accepted', slot_id = \(bind: place.slotID), table_no = \
                \(bind: place.table),
                  decided_at = \(bind: Timestamp.text(env.clock.now())) WHERE id = \(bind: meeting.id)
                """
            ).run()
            try await db.raw(
                .insert(
                    into: "forum_busy", columns: ["slot_id", "registration_id", "meeting_id"],
                    rows: [
                        [place.slotID, meeting.requesterID, meeting.id], [place.slotID, meeting.inviteeID, meeting.id],
                    ])
            ).run()
        }
    }

    public func decline(_ meetingID: String, by invitee: Registration) async throws {
        try await db.raw(
            """
            UPDATE forum_meetings SET status = 'declined', decided_at = \(bind: Timestamp.text(env.clock.now()))
            WHERE id = \(bind: meetingID) AND invitee_id = \(bind: invitee.id) AND status = 'requested'
            """
        ).run()
    }

    func busySlots(of people: [String], _ db: any SQLDatabase) async throws -> [String: Set<String>] {
        var busy: [String: Set<String>] = [:]
        for person in people {
            let slots = try await db.raw("SELECT slot_id FROM forum_busy WHERE registration_id = \(bind: person)")
                .values("slot_id", as: String.self)
            busy[person, default: []].formUnion(slots)
        }
        return busy
    }

    /// The participant's meetings, asked and received, with the other person's name.
    public func meetings(of registrationID: String) async throws -> [(
        meeting: Meeting, requester: String, invitee: String, starts: Date?
    )] {
        var query = SQLQueryString(
            """
            SELECT m.*, a.name AS requester_name, b.name AS invitee_name, s.starts_at AS slot_starts FROM \
            forum_meetings m
            JOIN event_registrations a ON a.id = m.requester_id JOIN event_registrations b ON b.id = m.invitee_id
            LEFT JOIN forum_slots s ON s.id = m.slot_id WHERE (m.requester_id = \(bind: registrationID) OR \
            m.invitee_id = \(bind: registrationID))
            """)
        query.appendInterpolation(unsafeRaw: " ORDER BY s.starts_at, m.created_at")
        return try await db.raw(query).rows(Joined<Meeting, Names>.self).map {
            ($0.base, $0.extra.requesterName, $0.extra.inviteeName, $0.extra.slotStarts)
        }
    }

    private struct Names: Decodable, Sendable {
        let requesterName: String, inviteeName: String
        @OptionalInstant var slotStarts: Date?
    }

    private struct Table: Decodable { let slotID: String, tableNo: Int }

    func meetings(where condition: String, _ value: String, _ db: any SQLDatabase) async throws -> [Meeting] {
        var query = SQLQueryString("SELECT m.* FROM forum_meetings m WHERE \(unsafeRaw: condition)")
        query.appendInterpolation(bind: value)
        return try await db.raw(query).rows(Meeting.self)
    }

    /// The accepted meetings in time order, for the agenda page, PDF and calendar.
    func agenda(of registration: Registration) async throws -> [AgendaRow] {
        let slots = Dictionary(uniqueKeysWithValues: try await self.slots(registration.eventID).map { ($0.id, $0) })
        return try await meetings(of: registration.id).compactMap { item -> AgendaRow? in
            guard item.meeting.status == .accepted, let slot = item.meeting.slotID.flatMap({ slots[$0] }) else {
                return nil
            }
            let other = item.meeting.requesterID == registration.id ? item.invitee : item.requester
            return AgendaRow(starts: slot.startsAt, ends: slot.endsAt, table: item.meeting.table ?? 0, with: other)
        }.sorted { $0.starts < $1.starts }
    }

    /// Records an outcome and its ledger entry together.
    public func record(_ o: ForumOutcome, event: Event, recordedBy: String, actor: Actor) async throws {
        let now = env.clock.now()
        try await env.database.transaction { db in
            try await db.raw(
                .insert(
                    into: "forum_outcomes",
                    columns: [
                        "id", "event_id", "kind", "quantity", "amount_fening", "description", "meeting_id",
                        "recorded_by", "recorded_at",
                    ],
                    rows: [
                        [
                            o.id, o.eventID, o.kind.rawValue, o.quantity, o.amountFening, o.description, o.meetingID,
                            recordedBy,
                            Timestamp.text(now),
                        ]
                    ])
            ).run()
            try await Ledger(db).record(
                LedgerEntry(
                    municipalityID: event.municipalityID, kind: ForumOutcome.ledgerKind, occurredAt: now,
                    quantity: o.quantity,
                    sourceType: "forum_outcome", sourceID: o.id,
                    attributes: [
                        "kind": o.kind.rawValue, "event_id": event.id,
                        "amount_fening": o.amountFening.map(String.init) ?? "",
                    ]))
            try await AuditLog(db, clock: env.clock).record(
                actor, "forum.outcome", objectType: "event", objectID: event.id,
                municipalityID: event.municipalityID, detail: "\(o.kind.rawValue) ×\(o.quantity)")
        }
    }

    /// Outcomes by kind: how many were recorded, their quantity and the investments' sum.
    public func outcomes(_ eventID: String) async throws -> [(
        kind: String, count: Int, quantity: Int, amountFening: Int
    )] {
        try await db.raw(
            """
            SELECT kind, CAST(COUNT(*) AS BIGINT) AS n, CAST(SUM(quantity) AS BIGINT) AS q, \
            CAST(COALESCE(SUM(amount_fening), 0) AS BIGINT) AS amount
            FROM forum_outcomes WHERE event_id = \(bind: eventID) GROUP BY kind ORDER BY kind
            """
        ).rows(OutcomeTally.self).map { ($0.kind, $0.n, $0.q, $0.amount) }
    }

    private struct OutcomeTally: Decodable { let kind: String, n: Int, q: Int, amount: Int }
}
