import Foundation
import Platform
import SQLKit

/// Events, sessions and registrations in SQL.
public struct EventStore: Sendable {
    let db: any SQLDatabase
    public init(_ db: any SQLDatabase) { self.db = db }

    // MARK: Events

    public func insert(_ e: Event) async throws {
        try await db.raw(
            .insert(
                into: "events",
                columns: [
                    "id", "municipality_id", "kind", "title", "description", "venue", "place", "online_url",
                    "starts_at", "ends_at", "opens_at",
                    "closes_at", "capacity", "participant_types", "questions", "created_at",
                ],
                rows: [
                    [
                        e.id, e.municipalityID, e.kind.rawValue, e.title.json, e.description.json, e.venue.rawValue,
                        e.place, e.onlineURL,
                        Timestamp.text(e.startsAt), Timestamp.text(e.endsAt), Timestamp.text(e.opensAt),
                        Timestamp.text(e.closesAt), e.capacity,
                        e.participantTypes.map(\.rawValue).joined(separator: ","), try Self.json(e.questions),
                        Timestamp.text(e.createdAt),
                    ]
                ])
        ).run()
    }

    public func setQuestions(_ questions: [Question], of eventID: String) async throws {
        try await db.raw("UPDATE events SET questions = \(bind: try Self.json(questions)) WHERE id = \(bind: eventID)")
            .run()
    }

    /// The event, only when it belongs to `municipalityID` (another municipality's id is not found).
    public func event(_ id: String, municipalityID: String) async throws -> Event? {
        try await db.raw("SELECT * FROM events WHERE id = \(bind: id) AND municipality_id = \(bind: municipalityID)")
            .row(Event.self)
    }

    /// Events ending at or after `from`, soonest first (the calendar), or every event (staff).
    public func events(_ municipalityID: String, endingAfter from: Date?) async throws -> [Event] {
        var query = SQLQueryString("SELECT * FROM events WHERE municipality_id = \(bind: municipalityID)")
        if let from {
            query.appendInterpolation(unsafeRaw: " AND ends_at >= ");
            query.appendInterpolation(bind: Timestamp.text(from))
        }
        query.appendInterpolation(unsafeRaw: " ORDER BY starts_at, id LIMIT 500")
        return try await db.raw(query).rows(Event.self)
    }

    // MARK: Sessions

    public func insert(_ s: EventSession) async throws {
        try await db.raw(
            .insert(
                into: "event_sessions",
                columns: ["id", "event_id", "title", "room", "starts_at", "ends_at", "capacity"],
                rows: [
                    [
                        s.id, s.eventID, s.title.json, s.room, Timestamp.text(s.startsAt), Timestamp.text(s.endsAt),
                        s.capacity,
                    ]
                ])
        ).run()
    }

    public func sessions(of eventID: String) async throws -> [EventSession] {
        try await db.raw("SELECT * FROM event_sessions WHERE event_id = \(bind: eventID) ORDER BY starts_at, id")
            .rows(EventSession.self)
    }

    // MARK: Registrations

    public func registration(code: String) async throws -> Registration? {
        try await registrations(where: "ticket_code = ", code).first
    }

    /// An event, whichever municipality holds it (for work that starts from a registration).
    func event(id: String) async throws -> Event? {
        try await db.raw("SELECT * FROM events WHERE id = \(bind: id)").row(Event.self)
    }

    /// The registrations of a person: on their account, or under their address.
    func registrations(heldBy account: Account) async throws -> [Registration] {
        let ids = try await db.raw(
            """
            SELECT id FROM event_registrations \
            WHERE account_id = \(bind: account.id) OR email = \(bind: account.email) ORDER BY id
            """
        ).values("id", as: String.self)
        var found: [Registration] = []
        for id in ids { if let r = try await registration(id: id) { found.append(r) } }
        return found
    }

    public func registration(id: String) async throws -> Registration? {
        try await registrations(where: "id = ", id).first
    }

    /// The key that opens a ticket page, checked against its digest: the one last mailed, or the one
    /// mailed before a promotion from the waiting list.
    public func keyMatches(_ registration: Registration, key: String?) async throws -> Bool {
        guard let key, !key.isEmpty else { return false }
        let row = try await db.raw(
            "SELECT key_hash, earlier_key_hash FROM event_registrations WHERE id = \(bind: registration.id)"
        ).row(KeyHashes.self)
        return [row?.keyHash, row?.earlierKeyHash].contains(Random.digest(key))
    }

    private struct KeyHashes: Decodable { let keyHash: String, earlierKeyHash: String? }

    public func registrations(of eventID: String) async throws -> [Registration] {
        try await registrations(where: "event_id = ", eventID, order: "created_at, id")
    }

    public func registrations(account accountID: String) async throws -> [Registration] {
        try await registrations(where: "account_id = ", accountID, order: "created_at DESC, id")
    }

    func registrations(where condition: String, _ value: String, order: String = "id") async throws -> [Registration] {
        var query = SQLQueryString("SELECT * FROM event_registrations WHERE \(unsafeRaw: condition)")
        query.appendInterpolation(bind: value)
        query.appendInterpolation(unsafeRaw: " ORDER BY \(order) LIMIT 10000")
        let rows = try await db.raw(query).rows(Registration.self)
        var sessions: [String: [String]] = [:]
        if !rows.isEmpty {
            var choices = SQLQueryString(
                """
                SELECT s.registration_id, s.session_id FROM event_registration_sessions s JOIN event_registrations r \
                ON r.id = s.registration_id WHERE r.\(unsafeRaw: condition)
                """
            )
            choices.appendInterpolation(bind: value)
            for choice in try await db.raw(choices).rows(SessionChoice.self) {
                sessions[choice.registrationID, default: []].append(choice.sessionID)
            }
        }
        return rows.map { registration in
            var registration = registration
            registration.sessionIDs = (sessions[registration.id] ?? []).sorted()
            return registration
        }
    }

    private struct SessionChoice: Decodable { let registrationID: String, sessionID: String }

    /// Registrations by status, and check-ins by participant type.
    public func figures(of eventID: String) async throws -> (
        byStatus: [String: Int], attendance: [String: Int], registered: [String: Int]
    ) {
        var byStatus: [String: Int] = [:], attendance: [String: Int] = [:], registered: [String: Int] = [:]
        for row in try await db.raw(
            """
            SELECT status, participant_type, CAST(COUNT(*) AS BIGINT) AS n, CAST(COUNT(checked_in_at) AS BIGINT) AS \
            present
            FROM event_registrations WHERE event_id = \(bind: eventID) GROUP BY status, participant_type
            """
        ).rows(Tally.self) {
            byStatus[row.status, default: 0] += row.n
            if row.status == Registration.Status.confirmed.rawValue {
                registered[row.participantType, default: 0] += row.n
            }
            attendance[row.participantType, default: 0] += row.present
        }
        return (byStatus, attendance, registered)
    }

    private struct Tally: Decodable { let status: String, participantType: String, n: Int, present: Int }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
