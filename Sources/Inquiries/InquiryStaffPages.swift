import Foundation
import Hummingbird
import Platform

/// The officer's pages: the inbox, one inquiry with its actions, and the figures.
struct InquiryStaffPages: Sendable {
    let env: AppEnvironment
    var store: InquiryStore { InquiryStore(env.database.sql) }
    /// Everyone on staff except observers, who only read indicators.
    static let actions = ["reply", "note", "assign", "close", "reopen", "spam", "merge"]

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffGroup(env, roles: InquiryDesk.roles)
        staff.get("inquiries") { request, context in try await inbox(request, context) }
        staff.get("inquiries/figures") { request, context in try await figures(request, context) }
        staff.get("inquiries/:number") { request, context in
            try await detail(request, context, error: nil, form: nil)
        }
        staff.post("inquiries/:number/:action") { request, context in try await act(request, context) }
        staff.get("inquiries/:number/attachments/:id") { request, context in
            let (desk, _) = try await scope(request, context)
            let inquiry = try await desk.open(context.parameters.get("number") ?? "")
            return try await InquiryView.download(store, inquiry: inquiry, id: context.parameters.get("id"))
        }
    }

    func scope(_ request: Request, _ context: AppRequestContext) async throws -> (InquiryDesk, StaffScope) {
        let scope = try context.staffScope
        return (InquiryDesk(env, municipality: scope.municipality, officer: scope.account, actor: context.actor), scope)
    }

    func catalog(_ context: AppRequestContext) -> Catalog { env.catalogs[context.language] }

    // MARK: Inbox

    func inbox(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (_, scope) = try await scope(request, context)
        let c = catalog(context), language = context.language, now = env.clock.now()
        var filter = try InboxFilter.read(request, now: now)
        if request.query("assignee") == "me" { filter.assigneeID = scope.account.id }
        let paging = Paging(request, size: filter.limit)
        (filter.limit, filter.offset) = (paging.fetch, paging.offset)
        let (rows, pages) = paging.cut(try await store.inbox(scope.municipality.id, filter), request, catalog: c)
        let categories = try await store.categories(scope.municipality.id, activeOnly: false)
        let departments = try await env.municipalities.departments(of: scope.municipality.id)
        let staff = try await env.accounts.staff(of: scope.municipality.id)
        try await env.audit.record(
            context.actor, "inquiry.inbox", objectType: "municipality", objectID: scope.municipality.id,
            municipalityID: scope.municipality.id, detail: request.uri.query ?? "")
        let zone = scope.account.timeZone
        let choice = { (value: String, label: String, current: String?) in
            SelectOption(value, label, selected: value == (current ?? ""))
        }
        let lines = rows.map { inquiry in
            InquiryInboxPage.Row(
                number: inquiry.number, subject: inquiry.subject, asker: inquiry.askerName,
                status: c.text("status_\(inquiry.status.rawValue)"), overdue: inquiry.isOverdue(at: now),
                category: categories.first { $0.id == inquiry.categoryID }?.names[language] ?? "",
                assignee: staff.first { $0.id == inquiry.assigneeID }?.displayName ?? "—",
                due: inquiry.firstAnsweredAt == nil
                    ? inquiry.dueAt.map { InquiryFormat.instant($0, zone: zone, language: language) } ?? "" : "")
        }
        let page = InquiryInboxPage(
            title: c.text("inquiry_inbox_title"), base: scope.base, rows: lines,
            statuses: [
                choice("", c.text("filter_owed"), request.query("status")),
                choice("all", c.text("filter_all"), request.query("status")),
            ]
                + InquiryStatus.allCases.map {
                    choice($0.rawValue, c.text("status_\($0.rawValue)"), request.query("status"))
                },
            categories: [choice("", "—", nil)]
                + categories.map { choice($0.id, $0.names[language], request.query("category")) },
            departments: [choice("", "—", nil)]
                + departments.map { choice($0.id, $0.names[language], request.query("department")) },
            assignees: [choice("", "—", nil), choice("me", c.text("filter_me"), request.query("assignee"))]
                + staff.map { choice($0.id, $0.displayName, request.query("assignee")) },
            overdueChecked: filter.overdueAt != nil, paging: pages)
        return env.pages.render(page, request: request, context: context)
    }

    // MARK: One inquiry

    func detail(_ request: Request, _ context: AppRequestContext, error: AppError?, form: Form?) async throws
        -> Response
    {
        let (desk, scope) = try await scope(request, context)
        let inquiry = try await desk.open(context.parameters.get("number") ?? "")
        let c = catalog(context), view = InquiryView(env: env, catalog: c, language: context.language)
        let base = "\(scope.base)/staff/inquiries/\(inquiry.number)"
        let templates = try await store.templates(scope.municipality.id)
        let chosen = templates.first { $0.id == request.query("template") }
        let departments = try await env.municipalities.departments(of: scope.municipality.id)
        let staff = try await env.accounts.assignable(in: scope.municipality.id)
        let status = inquiry.status
        let page = InquiryDetailPage(
            summary: try await view.summary(inquiry, zone: scope.account.timeZone),
            thread: try await view.thread(
                inquiry, includeInternal: true, zone: scope.account.timeZone, attachmentBase: "\(base)/attachments",
                key: nil),
            base: base, inboxLink: "\(scope.base)/staff/inquiries", askerEmail: inquiry.askerEmail,
            askerLanguage: env.catalogs[inquiry.language].text("language_name"),
            replyText: form?["body"] ?? chosen?.bodies[inquiry.language] ?? "",
            templates: templates.map { .init(id: $0.id, name: $0.name, selected: $0.id == chosen?.id) },
            departments: departments.map {
                SelectOption($0.id, $0.names[context.language], selected: $0.id == inquiry.departmentID)
            },
            staff: staff.map { SelectOption($0.id, $0.displayName, selected: $0.id == inquiry.assigneeID) },
            canReply: inquiry.confirmedAt != nil && [.open, .assigned, .waitingOnAsker, .answered].contains(status),
            canClose: status.canMove(to: .closed), canReopen: status == .closed || status == .answered,
            canMerge: status.canMove(to: .merged), canSpam: status.canMove(to: .spam),
            flash: request.query("done").flatMap { Self.actions.contains($0) ? c.text("inquiry_done_\($0)") : nil },
            errors: FormErrors(error, catalog: c))
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func act(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (desk, scope) = try await scope(request, context)
        guard let action = context.parameters.get("action"), Self.actions.contains(action) else {
            throw AppError.notFound
        }
        let form = try await Form.read(request)
        let inquiry = try await desk.open(context.parameters.get("number") ?? "")
        do {
            switch action {
            case "reply": _ = try await desk.reply(inquiry, body: form["body"], waitForAsker: form["wait"] == "1")
            case "note": try await desk.note(inquiry, body: form["note"])
            case "assign":
                let assignee = form["assignee_id"] == "me" ? scope.account.id : form["assignee_id"]
                _ = try await desk.assign(inquiry, assigneeID: assignee, departmentID: form["department_id"])
            case "close": _ = try await desk.close(inquiry)
            case "reopen": _ = try await desk.reopen(inquiry)
            case "spam":
                try form.confirmDestructive()
                _ = try await desk.markSpam(inquiry)
            default: _ = try await desk.merge(inquiry, into: form["into"])
            }
        } catch let error as AppError where error.status == .unprocessableContent || error.status == .conflict {
            return try await detail(request, context, error: error, form: form)
        }
        return .redirect("\(scope.base)/staff/inquiries/\(inquiry.number)?done=\(action)")
    }

    // MARK: Figures

    /// The figures for `?from=&to=` (days, Sarajevo; by default the twelve months to now), for the page
    /// and the API.
    func figures(_ request: Request, _ scope: StaffScope) async throws -> (
        from: Date, to: Date, split: InquiryFigures.Breakdown, categories: [InquiryCategory]
    ) {
        let to = request.query("to").flatMap { Day(text: $0) }.map { $0.adding(days: 1).start } ?? env.clock.now()
        let from = request.query("from").flatMap { Day(text: $0) }?.start ?? to.addingTimeInterval(-365 * 86_400)
        let inquiries = try await store.confirmed(scope.municipality.id, from: from, to: to)
        let categories = try await store.categories(scope.municipality.id, activeOnly: false)
        return (from, to, InquiryFigures.breakdown(inquiries), categories)
    }

    func figures(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (_, scope) = try await scope(request, context)
        let (from, to, split, categories) = try await figures(request, scope)
        let c = catalog(context)
        let row = { (label: String, f: InquiryFigures) in
            InquiryFiguresPage.Line(
                label: label, received: f.received, answered: f.answered,
                onTime: f.onTimePercent.map { "\($0) %" } ?? "—",
                median: f.medianHours.map { String(format: "%.1f h", $0) } ?? "—",
                p90: f.p90Hours.map { String(format: "%.1f h", $0) } ?? "—")
        }
        let page = InquiryFiguresPage(
            title: c.text("inquiry_figures_title"), from: Day(sarajevo: from).description,
            to: Day(sarajevo: to.addingTimeInterval(-1)).description, base: scope.base,
            total: row(c.text("figures_total"), split.total), months: split.months.map { row($0.0, $0.1) },
            categories: split.categories.map { id, f in
                row(categories.first { $0.id == id }?.names[context.language] ?? id, f)
            })
        return env.pages.render(page, request: request, context: context)
    }
}

extension Day {
    /// Midnight at the start of this day in Sarajevo.
    var start: Date { Calendar.sarajevo.date(from: DateComponents(year: year, month: month, day: day))! }
}
