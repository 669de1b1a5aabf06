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
            .first().map(Self.event)
    }

    /// Events ending at or after `from`, soonest first (the calendar), or every event (staff).
    public func events(_ municipalityID: String, endingAfter from: Date?) async throws -> [Event] {
        var query = SQLQueryString("SELECT * FROM events WHERE municipality_id = \(bind: municipalityID)")
        if let from {
            query.appendInterpolation(unsafeRaw: " AND ends_at >= ");
            query.appendInterpolation(bind: Timestamp.text(from))
        }
        query.appendInterpolation(unsafeRaw: " ORDER BY starts_at, id LIMIT 500")
        return try await db.raw(query).all().map(Self.event)
    }

    static func event(_ row: any SQLRow) throws -> Event {
        func date(_ column: String) throws -> Date {
            Timestamp.date(try row.decode(column: column, as: String.self)) ?? .distantPast
        }
        let questions = try JSONDecoder().decode(
            [Question].self, from: Data(try row.decode(column: "questions", as: String.self).utf8))
        return Event(
            id: try row.decode(column: "id", as: String.self),
            municipalityID: try row.decode(column: "municipality_id", as: String.self),
            kind: Event.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .other,
            title: LocalizedText(json: try row.decode(column: "title", as: String.self)),
            description: LocalizedText(json: try row.decode(column: "description", as: String.self)),
            venue: Event.Venue(rawValue: try row.decode(column: "venue", as: String.self)) ?? .inPerson,
            place: try row.decode(column: "place", as: String.self),
            onlineURL: try row.decode(column: "online_url", as: String.self),
            startsAt: try date("starts_at"), endsAt: try date("ends_at"), opensAt: try date("opens_at"),
            closesAt: try date("closes_at"),
            capacity: try row.decode(column: "capacity", as: Int?.self),
            participantTypes: try row.decode(column: "participant_types", as: String.self).split(separator: ",")
                .compactMap { ParticipantType(rawValue: String($0)) },
            questions: questions, createdAt: try date("created_at"))
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
        try await db.raw("SELECT * FROM event_sessions WHERE event_id = \(bind: eventID) ORDER BY starts_at, id").all()
            .map { row in
                EventSession(
                    id: try row.decode(column: "id", as: String.self), eventID: eventID,
                    title: LocalizedText(json: try row.decode(column: "title", as: String.self)),
                    room: try row.decode(column: "room", as: String.self),
                    startsAt: Timestamp.date(try row.decode(column: "starts_at", as: String.self)) ?? .distantPast,
                    endsAt: Timestamp.date(try row.decode(column: "ends_at", as: String.self)) ?? .distantPast,
                    capacity: try row.decode(column: "capacity", as: Int?.self))
            }
    }

    // MARK: Registrations

    public func registration(code: String) async throws -> Registration? {
        try await registrations(where: "ticket_code = ", code).first
    }

    public func registration(id: String) async throws -> Registration? {
        try await registrations(where: "id = ", id).first
    }

    /// The key that opens a ticket page, checked against its digest.
    public func keyMatches(_ registration: Registration, key: String?) async throws -> Bool {
        guard let key, !key.isEmpty else { return false }
        let row = try await db.raw("SELECT key_hash FROM event_registrations WHERE id = \(bind: registration.id)")
            .first()
        return try row?.decode(column: "key_hash", as: String.self) == Random.digest(key)
    }

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
        let rows = try await db.raw(query).all()
        var sessions: [String: [String]] = [:]
        if !rows.isEmpty {
            var choices = SQLQueryString(
                """
                SELECT s.registration_id, s.session_id FROM event_registration_sessions s JOIN event_registrations r \
                ON r.id = s.registration_id WHERE r.\(unsafeRaw: condition)
                """
            )
            choices.appendInterpolation(bind: value)
            for row in try await db.raw(choices).all() {
                sessions[try row.decode(column: "registration_id", as: String.self), default: []].append(
                    try row.decode(column: "session_id", as: String.self))
            }
        }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: String.self)
            return Registration(
                id: id, eventID: try row.decode(column: "event_id", as: String.self),
                accountID: try row.decode(column: "account_id", as: String?.self),
                name: try row.decode(column: "name", as: String.self),
                email: try row.decode(column: "email", as: String.self),
                organisation: try row.decode(column: "organisation", as: String.self),
                participantType: ParticipantType(rawValue: try row.decode(column: "participant_type", as: String.self))
                    ?? .other,
                language: Language(rawValue: try row.decode(column: "language", as: String.self)) ?? .fallback,
                status: Registration.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .cancelled,
                ticketCode: try row.decode(column: "ticket_code", as: String.self),
                answers: try JSONDecoder().decode(
                    [String: String].self, from: Data(try row.decode(column: "answers", as: String.self).utf8)),
                sessionIDs: (sessions[id] ?? []).sorted(),
                createdAt: Timestamp.date(try row.decode(column: "created_at", as: String.self)) ?? .distantPast,
                checkedInAt: try row.decode(column: "checked_in_at", as: String?.self).flatMap(Timestamp.date))
        }
    }

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
        ).all() {
            let status = try row.decode(column: "status", as: String.self),
                type = try row.decode(column: "participant_type", as: String.self)
            let n = try row.decode(column: "n", as: Int.self)
            byStatus[status, default: 0] += n
            if status == Registration.Status.confirmed.rawValue { registered[type, default: 0] += n }
            attendance[type, default: 0] += try row.decode(column: "present", as: Int.self)
        }
        return (byStatus, attendance, registered)
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
