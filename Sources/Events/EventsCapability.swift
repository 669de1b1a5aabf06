import Foundation
import Hummingbird
import Platform
import SQLKit

/// Events: business forums with matchmaking, Dani dijaspore and others — registration with seats
/// and waiting lists, tickets with QR codes, calendars, check-in and outcomes in the ledger.
public struct EventsCapability: Capability {
    public let name = "events"
    public init() {}

    public var migrations: [Migration] { EventsMigrations.all }
    public var indicators: [Indicator] {
        [
            Indicator(
                "forum_participants", EventService.participant, prefix: "business_forum:",
                breakdown: .afterColon(labelPrefix: "event_type_"), seed: 5),
            Indicator(
                "event_participants", EventService.participant, breakdown: .afterColon(labelPrefix: "event_type_")),
            Indicator("forum_outcomes", ForumOutcome.ledgerKind),
        ]
    }
    public var apiOperations: [APIOperation] { EventsAPI.operations + ForumAPI.operations }
    public var templates: URL? { Self.resource("Templates") }
    public var localization: URL? { Self.resource("Localization") }

    static func resource(_ path: String) -> URL { Bundle.module.bundleURL.appendingPathComponent("Resources/\(path)") }

    public func staffMenu(for account: Account, in municipality: Municipality) -> [MenuEntry] {
        guard let role = account.role, EventService.organisers.contains(role) else { return [] }
        return [MenuEntry(labelKey: "events_staff_title", path: "/\(municipality.slug)/staff/events")]
    }

    public func portalLinks(for municipality: Municipality) -> [MenuEntry] {
        [MenuEntry(labelKey: "events_title", path: "/\(municipality.slug)/events", group: .takePart)]
    }

    public func addRoutes(to router: Router<AppRequestContext>, environment: AppEnvironment) {
        EventPages(env: environment).addRoutes(to: router)
        ForumPages(env: environment).addRoutes(to: router)
        EventStaffPages(env: environment).addRoutes(to: router)
        EventsAPI(env: environment).addRoutes(to: router)
        ForumAPI(env: environment).addRoutes(to: router)
    }

    public func loadDemo(_ municipality: Municipality, departments: [String: String], db: any SQLDatabase, at now: Date)
        async throws
    {
        try await EventsDemo.load(municipality, db: db, at: now)
    }

    /// The person's registrations for events (by account or address), with their answers.
    public func personalData(of account: Account, environment: AppEnvironment) async throws -> [String: Any] {
        let rows = try await environment.database.sql.raw(
            """
            SELECT r.ticket_code, r.name, r.email, r.organisation, r.participant_type, r.status, r.answers, \
            r.created_at, r.checked_in_at, e.title
            FROM event_registrations r JOIN events e ON e.id = r.event_id
            WHERE r.account_id = \(bind: account.id) OR r.email = \(bind: account.email) ORDER BY r.created_at
            """
        ).rows(ExportedRegistration.self)
        let registrations: [[String: Any]] = rows.map { row in
            [
                "ticket": row.ticketCode, "event": row.title[account.language], "name": row.name, "email": row.email,
                "organisation": row.organisation, "participant_type": row.participantType, "status": row.status,
                "answers": row.answers, "registered_at": row.createdAt, "checked_in_at": row.checkedInAt ?? "",
            ]
        }
        return registrations.isEmpty ? [:] : ["registrations": registrations]
    }

    private struct ExportedRegistration: Decodable {
        let ticketCode: String, name: String, email: String, organisation: String, participantType: String
        let status: String, answers: String, createdAt: String, checkedInAt: String?
        @Translations var title: LocalizedText
    }

    /// The registrations stay as anonymous seats (counts and attendance by type); the person's
    /// name, address, answers and forum profile go.
    public func erase(_ account: Account, environment: AppEnvironment) async throws {
        try await giveUpSeats(of: account, environment)
        try await environment.database.transaction { db in
            for id in try await EventStore(db).registrations(heldBy: account).map(\.id) {
                try await db.raw("DELETE FROM forum_profiles WHERE registration_id = \(bind: id)").run()
                try await db.raw(
                    """
                    UPDATE forum_meetings SET message = '' \
                    WHERE requester_id = \(bind: id) OR invitee_id = \(bind: id)
                    """
                ).run()
                // A seat of an erased person is given up; attendance already counted stays in the ledger.
                try await db.raw(
                    """
                    UPDATE event_registrations SET name = '—', email = \(bind: "erased-\(id)@invalid"), \
                    organisation = '', answers = '{}',
                      account_id = NULL, status = 'cancelled' WHERE id = \(bind: id)
                    """
                ).run()
            }
        }
    }

    /// Each ticket the person still holds for an event not yet over is cancelled as they would cancel
    /// it, so the waiting list moves up before anyone new can take the seat; past events keep theirs.
    func giveUpSeats(of account: Account, _ env: AppEnvironment) async throws {
        let store = EventStore(env.database.sql)
        for r in try await store.registrations(heldBy: account) where r.status != .cancelled {
            guard let event = try await store.event(id: r.eventID), event.endsAt > env.clock.now(),
                let municipality = try await env.municipalities.find(id: event.municipalityID)
            else { continue }
            try await EventService(env: env).cancel(
                r, event: event, municipality: municipality, actor: .system("erasure"))
        }
    }
}
