import Foundation
import Platform

extension EventsCapability {
    /// The person's tickets, with what to do before the event; past events say nothing more.
    public func services(of account: Account, environment: AppEnvironment, catalog c: Catalog) async throws
        -> [MyService]
    {
        let store = EventStore(environment.database.sql)
        let now = environment.clock.now()
        var services: [MyService] = []
        for registration in try await store.registrations(heldBy: account) {
            guard let event = try await store.event(id: registration.eventID) else { continue }
            let upcoming = event.endsAt > now
            services.append(
                MyService(
                    kind: .tickets, municipalityID: event.municipalityID, title: event.title[c.language],
                    reference: registration.ticketCode,
                    status: c.text("registration_status_\(registration.status.rawValue)"),
                    since: registration.createdAt,
                    nextStep: upcoming ? c.text("ticket_next_\(registration.status.rawValue)") : nil,
                    path: "events/tickets/\(registration.ticketCode)"))
        }
        return services
    }
}
