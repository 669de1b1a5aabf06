import Documents
import Foundation
import Hummingbird
import Platform

/// The public side: the municipality's calendar (page, Atom, ICS), an event with its programme and
/// registration form, and each registration's ticket page (confirm, cancel, PDF, calendar entry).
struct EventPages: Sendable {
    let env: AppEnvironment

    func addRoutes(to router: Router<AppRequestContext>) {
        let portal = router.municipalityGroup(env)
        portal.get("events") { request, context in
            try await VisitorPages.respond(request, context, env) { context in try await calendar(request, context) }
        }
        portal.get("events.atom") { request, context in try await atom(request, context) }
        portal.get("events.ics") { request, context in try await ics(request, context) }
        portal.get("events/tickets/:code") { request, context in try await ticket(request, context) }
        portal.get("events/tickets/:code/ticket.pdf") { request, context in try await ticketPDF(request, context)
        }
        portal.post("events/tickets/:code/confirm") { request, context in try await confirm(request, context) }
        portal.post("events/tickets/:code/cancel") { request, context in try await cancel(request, context) }
        portal.get("events/:id") { request, context in try await page(request, context, form: nil, error: nil) }
        portal.post("events/:id/register") { request, context in try await register(request, context) }
    }

    func calendar(_ request: Request, _ context: AppRequestContext) async throws -> String {
        let municipality = try context.pathMunicipality
        let c = env.catalogs[context.language]
        let zone = context.verifiedAccount?.timeZone ?? LocalTime.sarajevo
        let store = EventStore(env.database.sql)
        let events = try await store.events(municipality.id, endingAfter: env.clock.now())
        // A signed-in member sees their own registrations here, each opening its ticket without a key.
        var mine: [EventsCalendarPage.Mine] = []
        if let account = context.verifiedAccount {
            for r in try await store.registrations(account: account.id) where r.status != .cancelled {
                guard let e = try await store.event(r.eventID, municipalityID: municipality.id) else { continue }
                mine.append(
                    .init(
                        title: e.title[context.language], status: c.text("registration_status_\(r.status.rawValue)"),
                        link: "/\(municipality.slug)/events/tickets/\(r.ticketCode)"))
            }
        }
        let listed = events.map { e in
            EventsCalendarPage.Listed(
                title: e.title[context.language], link: "/\(municipality.slug)/events/\(e.id)",
                kind: c.text("event_kind_\(e.kind.rawValue)"),
                when: EventText.period(e.startsAt, e.endsAt, zone: zone, language: context.language),
                place: EventText.place(e, c))
        }
        let page = EventsCalendarPage(
            title: c.text("events_title") + " — " + municipality.names[context.language],
            base: "/\(municipality.slug)",
            mine: mine, hasMine: !mine.isEmpty, events: listed, empty: events.isEmpty)
        return env.pages.html(page, request: request, context: context)
    }

    func atom(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let municipality = try context.pathMunicipality
        let events = try await EventStore(env.database.sql).events(municipality.id, endingAfter: nil).suffix(100)
        let language = context.language, base = "\(env.settings.baseURL)/\(municipality.slug)"
        let xml = AtomFeed.feed(
            id: "\(base)/events",
            title: env.catalogs[language].text("events_title") + " — " + municipality.names[language],
            link: "\(base)/events", selfLink: "\(base)/events.atom",
            entries: events.reversed().map { e in
                AtomFeed.Entry(
                    id: "urn:uuid:\(e.id)", title: e.title[language],
                    summary: EventText.period(e.startsAt, e.endsAt, zone: LocalTime.sarajevo, language: language) + ". "
                        + e.description[language],
                    link: EventLinks.event(env, municipality, e), updated: e.createdAt)
            }, updated: events.map(\.createdAt).max() ?? env.clock.now())
        return Response(
            status: .ok, headers: [.contentType: "application/atom+xml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: xml)))
    }

    func ics(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let municipality = try context.pathMunicipality
        let events = try await EventStore(env.database.sql).events(
            municipality.id, endingAfter: env.clock.now().addingTimeInterval(-90 * 86_400))
        return EventText.calendarResponse(
            EventLinks.calendar(events, env: env, municipality: municipality, language: context.language),
            name: "\(municipality.slug)-events.ics")
    }

    func event(_ context: AppRequestContext) async throws -> (Municipality, Event) {
        let municipality = try context.pathMunicipality
        guard let id = context.parameters.get("id"),
            let event = try await EventStore(env.database.sql).event(id, municipalityID: municipality.id)
        else {
            throw AppError.notFound
        }
        return (municipality, event)
    }

    func page(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws -> Response
    {
        let (municipality, event) = try await event(context)
        let c = env.catalogs[context.language], language = context.language
        let store = EventStore(env.database.sql)
        let sessions = try await store.sessions(of: event.id)
        let zone = context.verifiedAccount?.timeZone ?? LocalTime.sarajevo
        let figures = try await store.figures(of: event.id)
        let taken = figures.byStatus[Registration.Status.confirmed.rawValue] ?? 0
        let me = context.verifiedAccount
        var view = FormView(catalog: c, error: error)
        view.input(
            "name", label: "event_field_name", value: form?["name"] ?? me?.displayName ?? "", autocomplete: "name",
            required: true)
        view.input(
            "email", label: "field_email", type: "email", value: form?["email"] ?? me?.email ?? "",
            autocomplete: "email", required: true)
        view.input(
            "organisation", label: "event_field_organisation", value: form?["organisation"] ?? "",
            autocomplete: "organization")
        view.select(
            "participant_type", label: "event_field_participant_type",
            choices: event.participantTypes.map { ($0.rawValue, c.text("event_type_\($0.rawValue)")) },
            selected: form?["participant_type"])
        view.select(
            "language", label: "field_language", choices: FormView.languageChoices(env.catalogs),
            selected: form?["language"] ?? language.rawValue)
        if !sessions.isEmpty {
            view.checkboxes(
                "sessions", label: "event_field_sessions",
                choices: sessions.map { ($0.id, EventText.session($0, zone: zone, language: language)) },
                selected: Set(form?.all("sessions") ?? []))
        }
        for question in event.questions {
            QuestionView.add(question, to: &view, language: language, value: form?["q_\(question.id)"], catalog: c)
        }
        let programme = sessions.map {
            EventPage.Session(
                title: $0.title[language],
                when: EventText.period($0.startsAt, $0.endsAt, zone: zone, language: language),
                room: $0.room)
        }
        var page = EventPage(
            title: event.title[language], kind: c.text("event_kind_\(event.kind.rawValue)"),
            description: event.description[language],
            when: EventText.period(event.startsAt, event.endsAt, zone: zone, language: language),
            place: EventText.place(event, c), online: event.venue == .inPerson ? "" : event.onlineURL,
            programme: programme, hasProgramme: !sessions.isEmpty, open: event.registrationOpen(at: env.clock.now()),
            closes: EventText.instant(event.closesAt, zone: zone, language: language),
            opens: EventText.instant(event.opensAt, zone: zone, language: language),
            notYet: env.clock.now() < event.opensAt,
            seats: event.capacity.map { c.text("event_seats_left", ["count": String(max(0, $0 - taken))]) } ?? "",
            full: event.capacity.map { taken >= $0 } ?? false,
            action: "/\(municipality.slug)/events/\(event.id)/register", calendarLink: "/\(municipality.slug)/events",
            fields: view.fields, errors: FormErrors([view], error: error, catalog: c))
        (page.descriptionLang, page.untranslated) = event.description.untranslated(for: language, catalog: c)
        if event.hasMatchmaking {
            // The forum's public figures: counts only, never who.
            let outcomes = try await ForumStore(env: env).outcomes(event.id)
            page.forumFigures = EventPage.Figures(
                registered: taken, present: figures.attendance.values.reduce(0, +),
                types: event.participantTypes.map {
                    .init(
                        label: c.text("event_type_\($0.rawValue)"), registered: figures.registered[$0.rawValue] ?? 0,
                        present: figures.attendance[$0.rawValue] ?? 0)
                },
                outcomes: outcomes.map { .init(kind: c.text("forum_outcome_\($0.kind)"), quantity: $0.quantity) },
                hasOutcomes: !outcomes.isEmpty)
        }
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func register(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (municipality, event) = try await event(context)
        let form = try await Form.read(request)
        let me = context.verifiedAccount
        do {
            let input = RegistrationRules.Input(
                name: form["name"], email: form["email"], organisation: form["organisation"],
                participantType: form["participant_type"], language: form["language"],
                answers: form.values, sessionIDs: form.all("sessions"))
            var registration = try RegistrationRules.check(
                input, event: event, sessions: try await EventStore(env.database.sql).sessions(of: event.id),
                accountID: nil, now: env.clock.now())
            // A signed-in member registering their own confirmed address needs no mailed link.
            let own =
                me.map { $0.email.lowercased() == registration.email.lowercased() && $0.emailConfirmedAt != nil }
                ?? false
            if own { registration.accountID = me?.id }
            let (saved, key) = try await EventService(env: env).register(
                registration, event: event, municipality: municipality,
                addressConfirmed: own, actor: context.actor)
            return .redirect(
                EventLinks.ticketPage(municipality, saved, key: key, notice: saved.status.rawValue))
        } catch let error as AppError where error.status == .unprocessableContent || error.status == .conflict {
            return try await page(request, context, form: form, error: error)
        }
    }

    /// The registration behind a ticket page: by its key, or the signed-in member it belongs to.
    func registration(_ request: Request, _ context: AppRequestContext, key: String?) async throws -> (
        Municipality, Event, Registration
    ) {
        let municipality = try context.pathMunicipality
        let store = EventStore(env.database.sql)
        guard let code = context.parameters.get("code").flatMap(ShortCode.normalized),
            let r = try await store.registration(code: code),
            let event = try await store.event(r.eventID, municipalityID: municipality.id)
        else { throw AppError.notFound }
        let mine = r.accountID != nil && r.accountID == context.verifiedAccount?.id
        let keyed = try await store.keyMatches(r, key: key)
        guard mine || keyed else { throw AppError.notFound }
        return (municipality, event, r)
    }

    func ticket(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let key = request.query("key")
        let (municipality, event, r) = try await registration(request, context, key: key)
        let c = env.catalogs[context.language], language = context.language
        let zone = context.verifiedAccount?.timeZone ?? LocalTime.sarajevo
        let base = "/\(municipality.slug)/events/tickets/\(r.ticketCode)"
        let suffix = key.map { "?key=\(PageRenderer.percentEncoded($0))" } ?? ""
        var page = TicketPage(
            title: c.text("event_ticket_heading") + " — " + event.title[language], event: event.title[language],
            eventLink: "/\(municipality.slug)/events/\(event.id)", code: r.ticketCode, name: r.name,
            status: c.text("registration_status_\(r.status.rawValue)"),
            when: EventText.period(event.startsAt, event.endsAt, zone: zone, language: language),
            place: EventText.place(event, c), confirmAction: "\(base)/confirm", cancelAction: "\(base)/cancel",
            key: key ?? "", unconfirmed: r.status == .unconfirmed, confirmed: r.status == .confirmed,
            live: r.status != .cancelled, pdfLink: "\(base)/ticket.pdf\(suffix)",
            forumLink: event.hasMatchmaking && r.status == .confirmed ? "\(base)/forum\(suffix)" : "")
        if r.status == .confirmed,
            let qr = try? QRCode(EventLinks.checkIn(env, municipality, event, code: r.ticketCode))
        {
            page.qr = qr.svg(title: c.text("event_ticket_code") + " " + r.ticketCode)
        }
        if let notice = request.query("notice") { page.flash = c.text("registration_notice_\(notice)") }
        return env.pages.render(page, request: request, context: context)
    }

    func ticketPDF(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (municipality, event, r) = try await registration(request, context, key: request.query("key"))
        guard r.status == .confirmed else { throw AppError.notFound }
        let pdf = TicketDocument.pdf(
            r, event: event, municipality: municipality, catalog: env.catalogs[r.language],
            checkInURL: EventLinks.checkIn(env, municipality, event, code: r.ticketCode))
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/pdf", .contentDisposition: "inline; filename=\"ticket-\(r.ticketCode).pdf\"",
            ],
            body: .init(byteBuffer: ByteBuffer(data: pdf)))
    }

    func confirm(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await Form.read(request)
        let (municipality, event, r) = try await registration(request, context, key: form["key"])
        let done = try await EventService(env: env).confirm(
            r, event: event, municipality: municipality, key: form["key"] ?? "")
        return .redirect(EventLinks.ticketPage(municipality, r, key: form["key"], notice: done.status.rawValue))
    }

    func cancel(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await Form.read(request)
        let (municipality, event, r) = try await registration(request, context, key: form["key"])
        try await EventService(env: env).cancel(r, event: event, municipality: municipality, actor: context.actor)
        return .redirect(EventLinks.ticketPage(municipality, r, key: form["key"], notice: "cancelled"))
    }
}

/// How events read on pages: periods and instants in the viewer's zone, the venue.
enum EventText {
    static func instant(_ date: Date, zone: String, language: Language) -> String {
        language.instantWithZone(date, zone: zone)
    }

    static func period(_ starts: Date, _ ends: Date, zone: String, language: Language) -> String {
        let zoneName = TimeZones.name(zone, in: language)
        return "\(language.instant(starts, zone: zone)) – \(language.instant(ends, zone: zone)) (\(zoneName))"
    }

    static func session(_ s: EventSession, zone: String, language: Language) -> String {
        s.title[language] + ", " + period(s.startsAt, s.endsAt, zone: zone, language: language)
    }

    static func place(_ e: Event, _ c: Catalog) -> String {
        switch e.venue {
        case .inPerson: return e.place
        case .online: return c.text("event_venue_online")
        case .hybrid: return e.place + " · " + c.text("event_venue_online")
        }
    }

    static func calendarResponse(_ ics: String, name: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/calendar; charset=utf-8", .contentDisposition: "inline; filename=\"\(name)\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: ics)))
    }
}

/// A registration question as a form field in the reader's language.
enum QuestionView {
    static func add(_ q: Question, to view: inout FormView, language: Language, value: String?, catalog: Catalog) {
        let name = "q_\(q.id)"
        let label = q.label[language] + (q.required ? " *" : "")
        switch q.kind {
        case .text: view.input(name, label: label, value: value ?? "", required: q.required)
        case .choice:
            view.select(name, label: label, choices: [("", "—")] + q.choices.map { ($0, $0) }, selected: value)
        case .consent:
            view.checkboxes(
                name, label: label, choices: [("yes", catalog.text("event_consent_yes"))],
                selected: value == "yes" ? ["yes"] : [])
        }
    }
}

/// The events of a municipality, and the member's own registrations (`events_calendar`).
struct EventsCalendarPage: PageView {
    static let template = "events_calendar"
    struct Mine: Sendable { let title: String, status: String, link: String }
    struct Listed: Sendable { let title: String, link: String, kind: String, when: String, place: String }
    let title: String, base: String
    let mine: [Mine]
    let hasMine: Bool
    let events: [Listed]
    let empty: Bool
}

/// One event with its programme and the registration form (`event_page`).
struct EventPage: PageView {
    static let template = "event_page"
    struct Session: Sendable { let title: String, when: String, room: String }
    struct Figures: Sendable {
        struct ByType: Sendable { let label: String, registered: Int, present: Int }
        struct Outcome: Sendable { let kind: String, quantity: Int }
        let registered: Int, present: Int
        let types: [ByType]
        let outcomes: [Outcome]
        let hasOutcomes: Bool
    }
    let title: String, kind: String, description: String, when: String, place: String, online: String
    /// The description's language and a note, when staff have not translated it for this reader.
    var descriptionLang: String?, untranslated: String?
    let programme: [Session]
    let hasProgramme: Bool, open: Bool
    let closes: String, opens: String
    let notYet: Bool
    let seats: String
    let full: Bool
    let action: String, calendarLink: String
    let fields: [Field]
    let errors: FormErrors
    var forumFigures: Figures?
}

/// A ticket: its code, QR and what its holder may do (`event_ticket`).
struct TicketPage: PageView {
    static let template = "event_ticket"
    let title: String, event: String, eventLink: String, code: String, name: String, status: String
    let when: String, place: String, confirmAction: String, cancelAction: String, key: String
    let unconfirmed: Bool, confirmed: Bool, live: Bool
    let pdfLink: String, forumLink: String
    var qr = ""
    var flash: String?
}
