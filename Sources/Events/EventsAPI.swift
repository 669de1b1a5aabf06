import Foundation
import Hummingbird
import Platform

/// `/api/v1` for events: the calendar, registering and the ticket (anyone, as on the pages), and the
/// organisers' side: create an event, list its registrations, cancel one, check a ticket in.
struct EventsAPI: Sendable {
    let env: AppEnvironment
    var store: EventStore { EventStore(env.database.sql) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let api = router.municipalityGroup(env, prefix: "api/v1/")
        let organisers = router.staffAPIGroup(env, roles: EventService.organisers)
        api.get("events") { _, context in try await calendar(context) }
        organisers.post("events") { request, context in try await create(request, context) }
        api.get("events/:id") { _, context in
            let (_, event) = try await published(context)
            return try Response.json(try await json(event))
        }
        api.post("events/:id/registrations") { request, context in try await register(request, context) }
        organisers.get("events/:id/registrations") { request, context in try await registrations(request, context) }
        organisers.post("events/:id/registrations/:code/cancel") { request, context in
            let (scope, event) = try await organised(context)
            guard let r = try await store.registration(code: context.parameters.get("code") ?? ""),
                r.eventID == event.id
            else { throw AppError.notFound }
            try await EventService(env: env).cancel(
                r, event: event, municipality: scope.municipality, actor: context.actor)
            return try Response.json(try await ticketJSON(r.ticketCode, event))
        }
        organisers.post("events/:id/check-in") { request, context in
            let (_, event) = try await organised(context)
            let body = try await JSONBody.decode(CheckInBody.self, request)
            guard let code = ShortCode.normalized(body.code) else { throw AppError.invalid("code", "ticket_unknown") }
            let r = try await EventService(env: env).checkIn(code: code, event: event, actor: context.actor)
            return try Response.json(try await ticketJSON(r.ticketCode, event))
        }
        api.get("tickets/:code") { request, context in
            let (_, event, r) = try await ticket(request, context, key: request.query("key"))
            return try Response.json(try await ticketJSON(r.ticketCode, event))
        }
        api.post("tickets/:code/confirm") { request, context in
            let body = try await JSONBody.decode(TicketKeyBody.self, request)
            let (municipality, event, r) = try await ticket(request, context, key: body.key)
            guard let key = body.key else { throw AppError.invalid("key", "required") }
            _ = try await EventService(env: env).confirm(r, event: event, municipality: municipality, key: key)
            return try Response.json(try await ticketJSON(r.ticketCode, event))
        }
        api.post("tickets/:code/cancel") { request, context in
            let body = try await JSONBody.decode(TicketKeyBody.self, request)
            let (municipality, event, r) = try await ticket(request, context, key: body.key)
            try await EventService(env: env).cancel(r, event: event, municipality: municipality, actor: context.actor)
            return try Response.json(try await ticketJSON(r.ticketCode, event))
        }
    }

    // MARK: Public

    func calendar(_ context: AppRequestContext) async throws -> Response {
        let municipality = try context.pathMunicipality
        let events = try await store.events(municipality.id, endingAfter: env.clock.now())
        var list: [EventJSON] = []
        for event in events { list.append(try await json(event)) }
        return try Response.json(["events": list])
    }

    func published(_ context: AppRequestContext) async throws -> (Municipality, Event) {
        let municipality = try context.pathMunicipality
        guard let event = try await store.event(context.parameters.get("id") ?? "", municipalityID: municipality.id)
        else { throw AppError.notFound }
        return (municipality, event)
    }

    /// As the registration page: a member registering their own confirmed address needs no mailed link;
    /// anyone else gets the link and, here, the ticket's key to read and cancel it.
    func register(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (municipality, event) = try await published(context)
        let body = try await JSONBody.decode(RegistrationBody.self, request)
        let me = context.verifiedAccount
        let input = RegistrationRules.Input(
            name: body.name ?? me?.displayName, email: body.email ?? me?.email, organisation: body.organisation,
            participantType: body.participant_type, language: body.language ?? context.language.rawValue,
            answers: Dictionary(uniqueKeysWithValues: (body.answers ?? [:]).map { ("q_\($0.key)", $0.value) }),
            sessionIDs: body.sessions ?? [])
        var registration = try RegistrationRules.check(
            input, event: event, sessions: try await store.sessions(of: event.id), accountID: nil,
            now: env.clock.now())
        let own = me.map { $0.email.lowercased() == registration.email.lowercased() && $0.emailConfirmedAt != nil }
        if own == true { registration.accountID = me?.id }
        let (saved, key) = try await EventService(env: env).register(
            registration, event: event, municipality: municipality, addressConfirmed: own == true,
            actor: context.actor)
        var ticket = try await ticketJSON(saved.ticketCode, event)
        ticket.key = key
        return try Response.json(ticket, status: .created)
    }

    /// The registration behind a ticket, as the ticket page finds it (its key, or its holder); else 404.
    func ticket(_ request: Request, _ context: AppRequestContext, key: String?) async throws -> (
        Municipality, Event, Registration
    ) {
        try await EventPages(env: env).registration(request, context, key: key)
    }

    // MARK: Organisers

    func organised(_ context: AppRequestContext) async throws -> (StaffScope, Event) {
        let scope = try context.staffScope
        guard
            let event = try await store.event(context.parameters.get("id") ?? "", municipalityID: scope.municipality.id)
        else { throw AppError.notFound }
        return (scope, event)
    }

    func create(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let scope = try context.staffScope
        let body = try await JSONBody.decode(EventBody.self, request)
        let event = try Event.check(
            body.fields, types: body.participant_types ?? ParticipantType.allCases.map(\.rawValue), id: nil,
            municipalityID: scope.municipality.id, now: env.clock.now())
        try await env.database.transaction { db in
            try await EventStore(db).insert(event)
            try await AuditLog(db, clock: env.clock).record(
                context.actor, "event.create", objectType: "event", objectID: event.id,
                municipalityID: scope.municipality.id, detail: event.title[.bs])
        }
        return try Response.json(try await json(event), status: .created)
    }

    /// Who registered, as the event's dashboard shows it (and audited as that page is).
    func registrations(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (scope, event) = try await organised(context)
        let list = try await store.registrations(of: event.id)
        try await env.audit.record(
            context.actor, "event.view", objectType: "event", objectID: event.id, municipalityID: scope.municipality.id,
            detail: "\(list.count) registrations")
        return try Response.json(["registrations": list.map { TicketJSON($0, event: event) }])
    }

    func ticketJSON(_ code: String, _ event: Event) async throws -> TicketJSON {
        guard let r = try await store.registration(code: code) else { throw AppError.notFound }
        return TicketJSON(r, event: event)
    }

    func json(_ event: Event) async throws -> EventJSON {
        let taken = try await store.figures(of: event.id).byStatus[Registration.Status.confirmed.rawValue] ?? 0
        return EventJSON(event, sessions: try await store.sessions(of: event.id), taken: taken, now: env.clock.now())
    }
}
