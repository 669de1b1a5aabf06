import Foundation
import Hummingbird
import Platform

/// A forum participant's matchmaking, reached from their ticket: what they offer and seek, the
/// others who published theirs, meeting requests, the agenda (page, PDF, ICS) and outcomes.
struct ForumPages: Sendable {
    let env: AppEnvironment
    var tickets: EventPages { EventPages(env: env) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let portal = router.municipalityGroup(env)
        portal.get("events/tickets/:code/forum") { request, context in
            try await page(request, context, key: request.query("key"), form: nil, error: nil)
        }
        portal.post("events/tickets/:code/forum/profile") { request, context in
            try await act(request, context) { form, r, event in
                try await ForumStore(env: env).save(
                    try ForumProfile.check(form.values, kinds: form.all("kinds"), registration: r), at: env.clock.now())
            }
        }
        portal.post("events/tickets/:code/forum/meetings") { request, context in
            try await act(request, context) { form, r, event in
                try await ForumStore(env: env).request(
                    from: r, to: form["invitee"] ?? "", message: form["message"], at: env.clock.now())
            }
        }
        portal.post("events/tickets/:code/forum/meetings/:meeting/accept") { request, context in
            try await act(request, context) { form, r, event in
                try await ForumStore(env: env).accept(context.parameters.get("meeting") ?? "", by: r, event: event)
            }
        }
        portal.post("events/tickets/:code/forum/meetings/:meeting/decline") { request, context in
            try await act(request, context) { form, r, event in
                try await ForumStore(env: env).decline(context.parameters.get("meeting") ?? "", by: r)
            }
        }
        portal.post("events/tickets/:code/forum/outcomes") { request, context in
            try await act(request, context) { form, r, event in
                try await ForumStore(env: env).record(
                    try ForumOutcome.check(form.values, eventID: event.id), event: event, recordedBy: r.id,
                    actor: context.actor)
            }
        }
        portal.get("events/tickets/:code/forum/agenda.pdf") { request, context in
            let (_, event, r) = try await participant(request, context, key: request.query("key"))
            let pdf = TicketDocument.agenda(
                try await ForumStore(env: env).agenda(of: r), participant: r, event: event,
                catalog: env.catalogs[r.language])
            return Response(
                status: .ok,
                headers: [.contentType: "application/pdf", .contentDisposition: "inline; filename=\"agenda.pdf\""],
                body: .init(byteBuffer: ByteBuffer(data: pdf)))
        }
        portal.get("events/tickets/:code/forum/agenda.ics") { request, context in
            let (municipality, event, r) = try await participant(request, context, key: request.query("key"))
            let c = env.catalogs[r.language]
            let items = try await ForumStore(env: env).agenda(of: r).map { row in
                ICS.Item(
                    uid: "\(r.id)-\(Int(row.starts.timeIntervalSince1970))@zavicaj",
                    summary: c.text("forum_meeting_with", ["name": row.with]),
                    description: event.title[r.language],
                    location: "\(event.place) · \(c.text("forum_table")) \(row.table)",
                    url: EventLinks.event(env, municipality, event), starts: row.starts, ends: row.ends)
            }
            return EventText.calendarResponse(
                ICS.calendar(name: event.title[r.language], items: items, stamp: env.clock.now()), name: "agenda.ics")
        }
    }

    /// A confirmed participant of a business forum, by ticket key or signed-in account.
    func participant(_ request: Request, _ context: AppRequestContext, key: String?) async throws -> (
        Municipality, Event, Registration
    ) {
        let found = try await tickets.registration(request, context, key: key)
        guard found.1.hasMatchmaking, found.2.status == .confirmed else { throw AppError.notFound }
        return found
    }

    func act(
        _ request: Request, _ context: AppRequestContext,
        _ apply: @escaping (Form, Registration, Event) async throws -> Void
    ) async throws -> Response {
        let form = try await Form.read(request)
        let key = form["key"]
        let (municipality, event, r) = try await participant(request, context, key: key)
        do {
            try await apply(form, r, event)
        } catch let error as AppError where error.status == .unprocessableContent || error.status == .conflict {
            return try await page(request, context, key: key, form: form, error: error)
        }
        let encoded = PageRenderer.percentEncoded(key ?? "")
        return .redirect("/\(municipality.slug)/events/tickets/\(r.ticketCode)/forum?key=\(encoded)&notice=saved")
    }

    func page(_ request: Request, _ context: AppRequestContext, key: String?, form: Form?, error: AppError?)
        async throws -> Response
    {
        let (municipality, event, r) = try await participant(request, context, key: key)
        let c = env.catalogs[context.language], language = context.language
        let zone = context.verifiedAccount?.timeZone ?? LocalTime.sarajevo
        let store = ForumStore(env: env)
        let profiles = try await store.profiles(event.id)
        let mine = profiles.first { $0.profile.registrationID == r.id }?.profile
        var profile = FormView(
            catalog: c,
            error: error?.field.map { ["sector", "kinds", "offers", "seeks"].contains($0) } == true ? error : nil)
        profile.input(
            "sector", label: "forum_field_sector", value: form?["sector"] ?? mine?.sector ?? "", required: true)
        profile.checkboxes(
            "kinds", label: "forum_field_kinds",
            choices: ForumProfile.Kind.allCases.map { ($0.rawValue, c.text("forum_kind_\($0.rawValue)")) },
            selected: Set(form?.all("kinds") ?? mine?.kinds.map(\.rawValue) ?? []))
        profile.textarea(
            "offers", label: "forum_field_offers", value: form?["offers"] ?? mine?.offers ?? "", required: true)
        profile.textarea(
            "seeks", label: "forum_field_seeks", value: form?["seeks"] ?? mine?.seeks ?? "", required: true)
        profile.checkboxes(
            "published", label: "forum_field_published", choices: [("yes", c.text("forum_publish_yes"))],
            selected: (form?["published"] ?? (mine?.published == true ? "yes" : "")) == "yes" ? ["yes"] : [])
        var outcome = FormView(
            catalog: c, error: error?.field?.hasPrefix("outcome_") == true ? error : nil, idPrefix: "outcome-")
        OutcomeView.fields(&outcome, catalog: c, form: form)
        let base = "/\(municipality.slug)/events/tickets/\(r.ticketCode)/forum"
        let suffix = "?key=\(PageRenderer.percentEncoded(key ?? ""))"
        let meetings = try await store.meetings(of: r.id)
        let slots = Dictionary(uniqueKeysWithValues: try await store.slots(event.id).map { ($0.id, $0) })
        let others = profiles.filter { $0.profile.published && $0.profile.registrationID != r.id }.map { p in
            ForumPage.Other(
                name: p.name, organisation: p.organisation, sector: p.profile.sector, offers: p.profile.offers,
                seeks: p.profile.seeks,
                kinds: p.profile.kinds.map { c.text("forum_kind_\($0.rawValue)") }.joined(separator: ", "),
                id: p.profile.registrationID)
        }
        let lines = meetings.map { m in
            let incoming = m.meeting.inviteeID == r.id
            return ForumPage.Meeting(
                with: incoming ? m.requester : m.invitee, message: m.meeting.message,
                status: c.text("forum_meeting_\(m.meeting.status.rawValue)"),
                when: m.meeting.slotID.flatMap { slots[$0] }.map {
                    EventText.period($0.startsAt, $0.endsAt, zone: zone, language: language)
                } ?? "",
                table: m.meeting.table.map(String.init) ?? "", answer: incoming && m.meeting.status == .requested,
                accept: "\(base)/meetings/\(m.meeting.id)/accept", decline: "\(base)/meetings/\(m.meeting.id)/decline")
        }
        let page = ForumPage(
            title: c.text("forum_title") + " — " + event.title[language], key: key ?? "", base: base,
            profileFields: profile.fields, outcomeFields: outcome.fields,
            ticketLink: "/\(municipality.slug)/events/tickets/\(r.ticketCode)\(suffix)", others: others,
            meetings: lines, agendaPDF: "\(base)/agenda.pdf\(suffix)", agendaICS: "\(base)/agenda.ics\(suffix)",
            published: mine?.published == true,
            flash: request.query("notice") == "saved" ? c.text("event_notice_saved") : nil,
            errors: FormErrors([profile, outcome], error: error, catalog: c))
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }
}

/// A forum participant's page: their profile, the others, their meetings, outcomes (`forum_page`).
struct ForumPage: PageView {
    static let template = "forum_page"
    struct Other: Sendable {
        let name: String, organisation: String, sector: String, offers: String, seeks: String, kinds: String, id: String
    }
    struct Meeting: Sendable {
        let with: String, message: String, status: String, when: String, table: String
        let answer: Bool
        let accept: String, decline: String
    }
    let title: String, key: String, base: String
    let profileFields: [Field], outcomeFields: [Field]
    let ticketLink: String
    let others: [Other]
    let meetings: [Meeting]
    let agendaPDF: String, agendaICS: String
    let published: Bool
    let flash: String?
    let errors: FormErrors
}
