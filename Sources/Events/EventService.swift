import Foundation
import Platform
import SQLKit

/// Seats, waiting lists and check-in: each change is one transaction that first locks the
/// event's row, so the counts it decides on cannot move under it (the last seat goes once).
public struct EventService: Sendable {
    /// Who organises events.
    static let organisers: Set<Role> = [.officer, .departmentStaff, .municipalAdmin, .platformAdmin]
    let env: AppEnvironment
    public init(env: AppEnvironment) { self.env = env }

    public static let participant = LedgerKind("event_participant", labelKey: "ledger_event_participant")

    /// Stores a new registration. A confirmed address takes a seat (or the waiting list) at once;
    /// an unconfirmed one is mailed a link first. Returns the registration and the key to its ticket page.
    public func register(
        _ registration: Registration, event: Event, municipality: Municipality, addressConfirmed: Bool,
        actor: Actor
    ) async throws -> (Registration, key: String) {
        let key = Random.token()
        let now = env.clock.now()
        let saved = try await env.database.transaction { db -> Registration in
            try await lock(event.id, db)
            let live = try await db.raw(
                """
                SELECT id FROM event_registrations WHERE event_id = \(bind: event.id) AND email = \
                \(bind: registration.email) AND status <> 'cancelled'
                """
            ).first()
            guard live == nil else { throw AppError(.conflict, code: "registration_duplicate", field: "email") }
            var r = registration
            if addressConfirmed { r.status = try await seatStatus(for: r, event: event, db) }
            try await db.raw(
                .insert(
                    into: "event_registrations",
                    columns: [
                        "id", "event_id", "account_id", "name", "email", "organisation", "participant_type", "language",
                        "status", "ticket_code",
                        "key_hash", "answers", "created_at", "status_at",
                    ],
                    rows: [
                        [
                            r.id, r.eventID, r.accountID, r.name, r.email, r.organisation, r.participantType.rawValue,
                            r.language.rawValue,
                            r.status.rawValue, r.ticketCode, Random.digest(key), try EventStore.json(r.answers),
                            Timestamp.text(now), Timestamp.text(now),
                        ]
                    ])
            ).run()
            if !r.sessionIDs.isEmpty {
                try await db.raw(
                    .insert(
                        into: "event_registration_sessions", columns: ["registration_id", "session_id"],
                        rows: r.sessionIDs.map { [r.id, $0] })
                ).run()
            }
            try await MailQueue(db, clock: env.clock).enqueue([
                mail(r, event: event, municipality: municipality, key: key)
            ])
            try await AuditLog(db, clock: env.clock).record(
                actor, "event.register", objectType: "event_registration", objectID: r.id,
                municipalityID: municipality.id, detail: "\(r.ticketCode) \(r.status.rawValue)")
            return r
        }
        return (saved, key)
    }

    /// The address is confirmed (the ticket page's button): the registration now takes its seat or waits.
    public func confirm(_ registration: Registration, event: Event, municipality: Municipality, key: String)
        async throws -> Registration
    {
        try await env.database.transaction { db in
            try await lock(event.id, db)
            guard var r = try await EventStore(db).registration(id: registration.id), r.status == .unconfirmed else {
                return registration
            }
            r.status = try await seatStatus(for: r, event: event, db)
            try await setStatus(r, db)
            try await MailQueue(db, clock: env.clock).enqueue([
                mail(r, event: event, municipality: municipality, key: key)
            ])
            return r
        }
    }

    /// Frees the seat and gives it, and any others now free, to the waiting list in the order people joined it.
    public func cancel(_ registration: Registration, event: Event, municipality: Municipality, actor: Actor)
        async throws
    {
        try await env.database.transaction { db in
            try await lock(event.id, db)
            guard var r = try await EventStore(db).registration(id: registration.id), r.status != .cancelled else {
                return
            }
            let heldSeat = r.holdsSeat
            r.status = .cancelled
            try await setStatus(r, db)
            try await AuditLog(db, clock: env.clock).record(
                actor, "event.cancel", objectType: "event_registration", objectID: r.id,
                municipalityID: municipality.id, detail: r.ticketCode)
            if heldSeat { try await promote(event: event, municipality: municipality, db) }
        }
    }

    /// Marks the ticket present; each first check-in is one participant in the ledger, by type.
    public func checkIn(code: String, event: Event, actor: Actor) async throws -> Registration {
        try await env.database.transaction { db in
            guard let r = try await EventStore(db).registration(code: code), r.eventID == event.id else {
                throw AppError.invalid("code", "ticket_unknown")
            }
            guard r.status == .confirmed else { throw AppError.invalid("code", "ticket_not_confirmed") }
            let now = env.clock.now()
            let marked = try await db.raw(
                """
                UPDATE event_registrations SET checked_in_at = \(bind: Timestamp.text(now)), checked_in_by = \
                \(bind: actor.accountID)
                WHERE id = \(bind: r.id) AND checked_in_at IS NULL RETURNING id
                """
            ).all()
            guard !marked.isEmpty else {
                throw AppError(.conflict, code: "ticket_already_checked_in", field: "code", arguments: ["name": r.name])
            }
            try await Ledger(db).record(
                LedgerEntry(
                    municipalityID: event.municipalityID, kind: Self.participant, occurredAt: now,
                    sourceType: "event_registration", sourceID: r.id,
                    attributes: [
                        "type": r.participantType.rawValue, "event_kind": event.kind.rawValue, "event_id": event.id,
                    ],
                    dimension: "\(event.kind.rawValue):\(r.participantType.rawValue)"))
            try await AuditLog(db, clock: env.clock).record(
                actor, "event.checkin", objectType: "event_registration", objectID: r.id,
                municipalityID: event.municipalityID, detail: r.ticketCode)
            var present = r
            present.checkedInAt = now
            return present
        }
    }

    // MARK: Inside the transaction

    /// Holds the event's row until the transaction ends (PostgreSQL); SQLite has one writer at a time.
    func lock(_ eventID: String, _ db: any SQLDatabase) async throws {
        _ = try await db.raw("SELECT id FROM events WHERE id = \(bind: eventID)\(unsafeRaw: env.database.forUpdate)")
            .first()
    }

    func seatStatus(for r: Registration, event: Event, _ db: any SQLDatabase) async throws -> Registration.Status {
        let taken =
            try await db.raw(
                """
                SELECT CAST(COUNT(*) AS BIGINT) AS n FROM event_registrations WHERE event_id = \(bind: event.id) AND \
                status = 'confirmed' AND id <> \(bind: r.id)
                """
            ).value("n", as: Int.self) ?? 0
        var perSession: [(taken: Int, capacity: Int?)] = []
        if !r.sessionIDs.isEmpty {
            let sessions = try await EventStore(db).sessions(of: event.id).filter { r.sessionIDs.contains($0.id) }
            for session in sessions where session.capacity != nil {
                let n =
                    try await db.raw(
                        """
                        SELECT CAST(COUNT(*) AS BIGINT) AS n FROM event_registration_sessions s JOIN \
                        event_registrations x ON x.id = s.registration_id
                        WHERE s.session_id = \(bind: session.id) AND x.status = 'confirmed' AND x.id <> \(bind: r.id)
                        """
                    ).value("n", as: Int.self) ?? 0
                perSession.append((n, session.capacity))
            }
        }
        return SeatRule.status(eventTaken: taken, eventCapacity: event.capacity, sessions: perSession)
    }

    func setStatus(_ r: Registration, _ db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE event_registrations SET status = \(bind: r.status.rawValue), status_at = \
            \(bind: Timestamp.text(env.clock.now())) WHERE id = \(bind: r.id)
            """
        ).run()
    }

    /// Everyone on the waiting list, oldest first, who now fits takes a seat and is mailed the ticket.
    func promote(event: Event, municipality: Municipality, _ db: any SQLDatabase) async throws {
        let waiting = try await EventStore(db).registrations(of: event.id).filter { $0.status == .waiting }
        for var r in waiting {
            guard try await seatStatus(for: r, event: event, db) == .confirmed else { continue }
            r.status = .confirmed
            try await setStatus(r, db)
            let key = Random.token()
            try await db.raw(
                """
                UPDATE event_registrations SET earlier_key_hash = key_hash, key_hash = \(bind: Random.digest(key)) \
                WHERE id = \(bind: r.id)
                """
            ).run()
            try await MailQueue(db, clock: env.clock).enqueue([
                mail(r, event: event, municipality: municipality, key: key, promoted: true)
            ])
            try await AuditLog(db, clock: env.clock).record(
                .system("events"), "event.promote", objectType: "event_registration", objectID: r.id,
                municipalityID: municipality.id, detail: r.ticketCode)
        }
    }

    // MARK: Mail

    /// The mail for the registration's state, in its language: confirm the address, on the waiting
    /// list, or the ticket (a PDF with the QR code and a calendar entry attached).
    func mail(_ r: Registration, event: Event, municipality: Municipality, key: String, promoted: Bool = false) throws
        -> OutgoingMail
    {
        let catalog = env.catalogs[r.language]
        let link = EventLinks.ticket(env, municipality, r, key: key)
        let arguments = [
            "name": r.name, "event": event.title[r.language], "municipality": municipality.names[r.language],
            "link": link,
            "code": r.ticketCode,
            "when": r.language.instant(event.startsAt, zone: LocalTime.sarajevo) + " (\(LocalTime.sarajevo))",
            "place": event.venue == .online ? event.onlineURL : event.place,
        ]
        let template: String
        var files: [MailAttachment] = []
        switch r.status {
        case .unconfirmed: template = "event_mail_confirm"
        case .waiting: template = "event_mail_waiting"
        case .confirmed:
            template = promoted ? "event_mail_promoted" : "event_mail_ticket"
            files = [
                MailAttachment(
                    filename: "ticket-\(r.ticketCode).pdf", contentType: "application/pdf",
                    data: TicketDocument.pdf(
                        r, event: event, municipality: municipality, catalog: catalog,
                        checkInURL: EventLinks.checkIn(env, municipality, event, code: r.ticketCode))),
                MailAttachment(
                    filename: "event.ics", contentType: "text/calendar; charset=utf-8; method=PUBLISH",
                    data: Data(
                        EventLinks.calendar([event], env: env, municipality: municipality, language: r.language).utf8)),
            ]
        case .cancelled: template = "event_mail_waiting"
        }
        return OutgoingMail(
            recipient: r.email, subject: catalog.text("\(template)_subject", arguments),
            body: catalog.text("\(template)_body", arguments),
            attachments: files)
    }
}

/// Addresses of an event's pages, for mail, QR codes and feeds.
enum EventLinks {
    static func event(_ env: AppEnvironment, _ m: Municipality, _ e: Event) -> String {
        "\(env.settings.baseURL)/\(m.slug)/events/\(e.id)"
    }

    static func ticket(_ env: AppEnvironment, _ m: Municipality, _ r: Registration, key: String) -> String {
        "\(env.settings.baseURL)/\(m.slug)/events/tickets/\(r.ticketCode)?key=\(key)"
    }

    /// Where a registrant lands after acting on their ticket, the notice saying what was done.
    static func ticketPage(_ m: Municipality, _ r: Registration, key: String?, notice: String) -> String {
        "/\(m.slug)/events/tickets/\(r.ticketCode)?key=\(PageRenderer.percentEncoded(key ?? ""))&notice=\(notice)"
    }

    /// What the ticket's QR code carries: the staff check-in page with the code filled in, so any
    /// camera app opens it for a signed-in officer (no script needed).
    static func checkIn(_ env: AppEnvironment, _ m: Municipality, _ e: Event, code: String) -> String {
        "\(env.settings.baseURL)/\(m.slug)/staff/events/\(e.id)/checkin?code=\(code)"
    }

    static func calendar(_ events: [Event], env: AppEnvironment, municipality m: Municipality, language: Language)
        -> String
    {
        ICS.calendar(
            name: m.names[language],
            items: events.map { e in
                ICS.Item(
                    uid: "\(e.id)@zavicaj", summary: e.title[language], description: e.description[language],
                    location: e.venue == .online ? e.onlineURL : e.place, url: event(env, m, e), starts: e.startsAt,
                    ends: e.endsAt)
            }, stamp: env.clock.now())
    }
}
