import Foundation
import Hummingbird
import Platform

/// The staff side: create events, build their programme and questions, see registrations,
/// attendance by participant type and outcomes, and check people in at the door.
struct EventStaffPages: Sendable {
    /// The check-in page's script (reads the ticket QR code with the camera).
    static let checkInScript = StaticAsset(
        EventsCapability.resource("Static/checkin.js"), at: "/static/events-checkin.js",
        contentType: "text/javascript; charset=utf-8")
    let env: AppEnvironment

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffGroup(env, roles: EventService.organisers)
        staff.get("events") { request, context in try await list(request, context, form: nil, error: nil) }
        staff.post("events") { request, context in try await create(request, context) }
        staff.get("events/:id") { request, context in
            try await dashboard(request, context, error: nil, form: nil)
        }
        staff.post("events/:id/sessions") { request, context in
            try await change(request, context) { form, scope, event in
                let session = try EventSession.check(form.values, event: event)
                try await EventStore(env.database.sql).insert(session)
                return "event.session \(session.title[.bs])"
            }
        }
        staff.post("events/:id/questions") { request, context in
            try await change(request, context) { form, scope, event in
                let question = try Question.check(form.values)
                try await EventStore(env.database.sql).setQuestions(event.questions + [question], of: event.id)
                return "event.question \(question.kind.rawValue)"
            }
        }
        staff.post("events/:id/slots") { request, context in
            try await change(request, context) { form, scope, event in
                guard event.hasMatchmaking else { throw AppError.notFound }
                _ = try await ForumStore(env: env).addSlot(form.values, event: event, actor: context.actor)
                return nil
            }
        }
        staff.post("events/:id/outcomes") { request, context in
            try await change(request, context) { form, scope, event in
                guard event.hasMatchmaking else { throw AppError.notFound }
                try await ForumStore(env: env).record(
                    try ForumOutcome.check(form.values, eventID: event.id), event: event,
                    recordedBy: scope.account.id, actor: context.actor)
                return nil
            }
        }
        staff.post("events/:id/registrations/:code/cancel") { request, context in
            try await change(request, context) { form, scope, event in
                guard let code = context.parameters.get("code"),
                    let r = try await EventStore(env.database.sql).registration(code: code),
                    r.eventID == event.id
                else { throw AppError.notFound }
                try await EventService(env: env).cancel(
                    r, event: event, municipality: scope.municipality, actor: context.actor)
                return nil
            }
        }
        staff.get("events/:id/checkin") { request, context in
            try await checkIn(request, context, form: nil, result: nil)
        }
        staff.post("events/:id/checkin") { request, context in
            let (scope, event) = try await scoped(request, context)
            let form = try await Form.read(request)
            do {
                guard let code = form["code"].flatMap(ShortCode.normalized) else {
                    throw AppError.invalid("code", "ticket_unknown")
                }
                let r = try await EventService(env: env).checkIn(code: code, event: event, actor: context.actor)
                return try await checkIn(request, context, form: nil, result: .success(r))
            } catch let error as AppError where error.field != nil {
                _ = scope
                return try await checkIn(request, context, form: form, result: .failure(error))
            }
        }
        EventStaffPages.checkInScript.addRoutes(to: router)
    }

    func scoped(_ request: Request, _ context: AppRequestContext) async throws -> (StaffScope, Event) {
        let scope = try context.staffScope
        guard let id = context.parameters.get("id"),
            let event = try await EventStore(env.database.sql).event(id, municipalityID: scope.municipality.id)
        else {
            throw AppError.notFound
        }
        return (scope, event)
    }

    /// One staff change to an event: applied and audited, or the dashboard again with the message.
    func change(
        _ request: Request, _ context: AppRequestContext,
        _ apply: @escaping (Form, StaffScope, Event) async throws -> String?
    ) async throws -> Response {
        let (scope, event) = try await scoped(request, context)
        let form = try await Form.read(request)
        do {
            if let detail = try await apply(form, scope, event) {
                try await env.audit.record(
                    context.actor, detail.split(separator: " ").first.map(String.init) ?? "event.change",
                    objectType: "event",
                    objectID: event.id, municipalityID: scope.municipality.id, detail: detail)
            }
        } catch let error as AppError where error.status == .unprocessableContent || error.status == .conflict {
            return try await dashboard(request, context, error: error, form: form)
        }
        return .redirect("\(scope.base)/staff/events/\(event.id)?notice=saved")
    }

    func list(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws -> Response
    {
        let scope = try context.staffScope
        let c = env.catalogs[context.language], zone = scope.account.timeZone
        var view = FormView(catalog: c, error: error)
        view.select(
            "kind", label: "event_field_kind",
            choices: Event.Kind.allCases.map { ($0.rawValue, c.text("event_kind_\($0.rawValue)")) },
            selected: form?["kind"])
        view.localized("title", label: "event_field_title", values: nil, form: form)
        view.localizedTextareas("description", label: "event_field_description", form: form, required: false)
        view.select(
            "venue", label: "event_field_venue",
            choices: Event.Venue.allCases.map { ($0.rawValue, c.text("event_venue_\($0.rawValue)")) },
            selected: form?["venue"])
        view.input("place", label: "event_field_place", value: form?["place"] ?? "")
        view.input("online_url", label: "event_field_online_url", type: "url", value: form?["online_url"] ?? "")
        for field in ["starts_at", "ends_at", "opens_at", "closes_at"] {
            view.input(
                field, label: "event_field_\(field)", type: "datetime-local", value: form?[field] ?? "", required: true)
        }
        view.input("capacity", label: "event_field_capacity", type: "number", value: form?["capacity"] ?? "")
        view.checkboxes(
            "participant_types", label: "event_field_participant_types",
            choices: ParticipantType.allCases.map { ($0.rawValue, c.text("event_type_\($0.rawValue)")) },
            selected: Set(form?.all("participant_types") ?? ParticipantType.allCases.map(\.rawValue)))
        let events = try await EventStore(env.database.sql).events(scope.municipality.id, endingAfter: nil)
        var page = FormPage(
            title: c.text("events_staff_title"), intro: c.text("events_staff_intro"),
            action: "\(scope.base)/staff/events", form: view, submit: c.text("event_create"))
        page.table = Table(
            caption: c.text("events_staff_list"),
            head: [c.text("event_field_title"), c.text("event_field_kind"), c.text("event_field_starts_at")],
            rows: events.reversed().map {
                Table.Row([
                    $0.title[context.language], c.text("event_kind_\($0.kind.rawValue)"),
                    EventText.instant($0.startsAt, zone: zone, language: context.language),
                ])
            })
        page.links = events.reversed().map {
            Link("\(scope.base)/staff/events/\($0.id)", c.text("event_open", ["title": $0.title[context.language]]))
        }
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func create(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let scope = try context.staffScope
        let form = try await Form.read(request)
        do {
            let event = try Event.check(
                form.values, types: form.all("participant_types"), id: nil, municipalityID: scope.municipality.id,
                now: env.clock.now())
            try await env.database.transaction { db in
                try await EventStore(db).insert(event)
                try await AuditLog(db, clock: env.clock).record(
                    context.actor, "event.create", objectType: "event", objectID: event.id,
                    municipalityID: scope.municipality.id, detail: event.title[.bs])
            }
            return .redirect("\(scope.base)/staff/events/\(event.id)?notice=saved")
        } catch let error as AppError where error.field != nil {
            return try await list(request, context, form: form, error: error)
        }
    }

    func dashboard(_ request: Request, _ context: AppRequestContext, error: AppError?, form: Form?) async throws
        -> Response
    {
        let (scope, event) = try await scoped(request, context)
        let c = env.catalogs[context.language], language = context.language, zone = scope.account.timeZone
        let store = EventStore(env.database.sql)
        let registrations = try await store.registrations(of: event.id)
        let figures = try await store.figures(of: event.id)
        try await env.audit.record(
            context.actor, "event.view", objectType: "event", objectID: event.id, municipalityID: scope.municipality.id,
            detail: "\(registrations.count) registrations")
        let base = "\(scope.base)/staff/events/\(event.id)"
        let page = EventDashboardPage(
            title: event.title[language], kind: c.text("event_kind_\(event.kind.rawValue)"), base: base,
            publicLink: "\(scope.base)/events/\(event.id)",
            when: EventText.period(event.startsAt, event.endsAt, zone: zone, language: language),
            place: EventText.place(event, c), capacity: event.capacity.map(String.init) ?? "∞",
            checkinLink: "\(base)/checkin",
            statuses: Registration.Status.allCases.map {
                .init(label: c.text("registration_status_\($0.rawValue)"), count: figures.byStatus[$0.rawValue] ?? 0)
            },
            types: event.participantTypes.map {
                .init(
                    label: c.text("event_type_\($0.rawValue)"), registered: figures.registered[$0.rawValue] ?? 0,
                    present: figures.attendance[$0.rawValue] ?? 0)
            },
            present: figures.attendance.values.reduce(0, +),
            registrations: registrations.map { r in
                .init(
                    name: r.name, email: r.email, organisation: r.organisation.isEmpty ? nil : r.organisation,
                    type: c.text("event_type_\(r.participantType.rawValue)"),
                    status: c.text("registration_status_\(r.status.rawValue)"), present: r.checkedInAt != nil,
                    code: r.ticketCode,
                    cancel: r.status == .cancelled ? "" : "\(base)/registrations/\(r.ticketCode)/cancel",
                    answers: event.questions.compactMap { q in
                        r.answers[q.id].map { "\(q.label[language]): \(Self.answer($0, to: q, catalog: c))" }
                    }.joined(separator: "; "))
            },
            sessions: try await store.sessions(of: event.id).map {
                .init(
                    title: $0.title[language], room: $0.room,
                    when: EventText.period($0.startsAt, $0.endsAt, zone: zone, language: language),
                    capacity: $0.capacity.map(String.init) ?? "∞")
            },
            questions: event.questions.map {
                .init(
                    label: $0.label[language], kind: c.text("question_kind_\($0.kind.rawValue)"), required: $0.required,
                    choices: $0.choices.joined(separator: " | "))
            },
            forum: event.hasMatchmaking,
            forms: try await EventForms.dashboardForms(
                env: env, event: event, catalog: c, error: error, form: form, zone: zone, language: language),
            flash: request.query("notice") == "saved" ? c.text("event_notice_saved") : nil)
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    enum CheckInResult { case success(Registration), failure(AppError) }

    /// An answer as staff read it: a consent says yes or no in their language, not its stored value.
    static func answer(_ value: String, to question: Question, catalog c: Catalog) -> String {
        guard question.kind == .consent, value == "yes" || value == "no" else { return value }
        return c.text(value)
    }

    func checkIn(_ request: Request, _ context: AppRequestContext, form: Form?, result: CheckInResult?) async throws
        -> Response
    {
        let (scope, event) = try await scoped(request, context)
        let c = env.catalogs[context.language]
        var page = CheckInPage(
            title: c.text("checkin_title") + " — " + event.title[context.language],
            action: "\(scope.base)/staff/events/\(event.id)/checkin", back: "\(scope.base)/staff/events/\(event.id)",
            code: form?["code"] ?? request.query("code") ?? "")
        switch result {
        case .success(let r):
            page.flash = c.text(
                "checkin_done", ["name": r.name, "type": c.text("event_type_\(r.participantType.rawValue)")])
            page.code = ""
        case .failure(let error):
            page.errors = FormErrors(error, catalog: c)
        case nil: break
        }
        let figures = try await EventStore(env.database.sql).figures(of: event.id)
        page.present = figures.attendance.values.reduce(0, +)
        page.types = event.participantTypes.map {
            .init(label: c.text("event_type_\($0.rawValue)"), present: figures.attendance[$0.rawValue] ?? 0)
        }
        let status: HTTPResponse.Status
        if case .failure(let error) = result { status = error.status } else { status = .ok }
        return env.pages.render(page, request: request, context: context, status: status)
    }
}

/// The organiser's page of an event: figures, registrations, programme, questions, the forum (`staff_event`).
struct EventDashboardPage: PageView {
    static let template = "staff_event"
    struct Count: Sendable {
        let label: String
        let count: Int
    }
    struct ByType: Sendable {
        let label: String
        let registered: Int, present: Int
    }
    struct Guest: Sendable {
        let name: String, email: String, organisation: String?, type: String, status: String
        let present: Bool
        let code: String, cancel: String, answers: String
    }
    struct Session: Sendable { let title: String, room: String, when: String, capacity: String }
    struct Question: Sendable {
        let label: String, kind: String
        let required: Bool
        let choices: String
    }
    let title: String, kind: String, base: String, publicLink: String, when: String, place: String
    let capacity: String, checkinLink: String
    let statuses: [Count]
    let types: [ByType]
    let present: Int
    let registrations: [Guest]
    let sessions: [Session]
    let questions: [Question]
    let forum: Bool
    let forms: DashboardForms
    let flash: String?
}

/// Checking guests in by their ticket code (`staff_checkin`).
struct CheckInPage: PageView {
    static let template = "staff_checkin"
    struct ByType: Sendable {
        let label: String
        let present: Int
    }
    let title: String, action: String, back: String
    var code: String
    var flash: String?
    var errors = FormErrors()
    var present = 0
    var types: [ByType] = []
    let script = EventStaffPages.checkInScript.path
}
