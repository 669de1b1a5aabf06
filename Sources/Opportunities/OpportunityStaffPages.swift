import Foundation
import Hummingbird
import Platform

/// The office's side: projects with their interest pipeline, premises with applications and
/// decisions, knowledge-transfer programmes with their outcomes.
struct OpportunityStaffPages: Sendable {
    let env: AppEnvironment
    static let office: Set<Role> = [.officer, .departmentStaff, .municipalAdmin, .platformAdmin]
    static let uploadLimit = AttachmentKind.uploadLimit

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffGroup(env, roles: Self.office)
        staff.get("projects") { request, context in
            try await projects(request, context, form: nil, error: nil)
        }
        staff.post("projects") { request, context in
            let scope = try context.staffScope
            let upload = try await MultipartForm.read(request, limit: Self.uploadLimit)
            do {
                _ = try await OpportunityStore(env: env).create(
                    upload.form.values, documents: upload.chosenFiles, municipalityID: scope.municipality.id,
                    actor: context.actor)
            } catch let error as AppError where error.field != nil {
                return try await projects(request, context, form: upload.form, error: error)
            }
            return .redirect("\(scope.base)/staff/projects?notice=saved")
        }
        staff.get("projects/:id") { request, context in try await pipeline(request, context, error: nil) }
        staff.post("projects/:id/interests/:interest") { request, context in
            let scope = try context.staffScope
            guard
                let p = try await OpportunityStore(env: env).project(
                    context.parameters.get("id") ?? "", municipalityID: scope.municipality.id)
            else { throw AppError.notFound }
            let form = try await Form.read(request)
            guard let stage = form["stage"].flatMap(Interest.Stage.init(rawValue:)) else {
                return try await pipeline(request, context, error: .invalid("stage", "invalid_choice"))
            }
            try await OpportunityStore(env: env).follow(
                context.parameters.get("interest") ?? "", project: p, stage: stage, note: form["note"],
                by: scope.account, actor: context.actor)
            return .redirect("\(scope.base)/staff/projects/\(p.id)?notice=saved")
        }
        staff.get("premises") { request, context in
            try await premises(request, context, form: nil, error: nil)
        }
        staff.post("premises") { request, context in
            try await submit(request, context, page: premises) { form, scope in
                try await OpportunityStore(env: env).insert(
                    try Premises.check(form.values), municipalityID: scope.municipality.id, actor: context.actor)
                return "premises"
            }
        }
        for decision in ["approve", "reject"] {
            staff.post("premises/applications/:id/\(decision)") { request, context in
                try await submit(request, context, page: premises) { form, scope in
                    try await OpportunityStore(env: env).decide(
                        context.parameters.get("id") ?? "", approve: decision == "approve", note: form["note"],
                        municipality: scope.municipality, actor: context.actor)
                    return "premises"
                }
            }
        }
        staff.get("knowledge") { request, context in
            try await knowledge(request, context, form: nil, error: nil)
        }
        staff.post("knowledge") { request, context in
            try await submit(request, context, page: knowledge) { form, scope in
                try await OpportunityStore(env: env).addProgramme(
                    form.values, municipalityID: scope.municipality.id, actor: context.actor)
                return "knowledge"
            }
        }
        staff.post("knowledge/:id/outcomes") { request, context in
            try await submit(request, context, page: knowledge) { form, scope in
                try await OpportunityStore(env: env).record(
                    try KnowledgeOutcome.check(form.values, today: Day(sarajevo: env.clock.now())),
                    programmeID: context.parameters.get("id") ?? "", municipalityID: scope.municipality.id,
                    by: scope.account, actor: context.actor)
                return "knowledge"
            }
        }
    }

    typealias Page = @Sendable (Request, AppRequestContext, Form?, AppError?) async throws -> Response

    func submit(
        _ request: Request, _ context: AppRequestContext, page: @escaping Page,
        _ apply: @escaping (Form, StaffScope) async throws -> String
    ) async throws -> Response {
        let scope = try context.staffScope
        let form = try await Form.read(request)
        let back: String
        do { back = try await apply(form, scope) } catch let error as AppError
            where error.field != nil || error.status == .conflict
        {
            return try await page(request, context, form, error)
        }
        return .redirect("\(scope.base)/staff/\(back)?notice=saved")
    }

    func render(
        _ request: Request, _ context: AppRequestContext, title: String, sections: [SectionsPage.Section],
        views: [FormView], error: AppError?
    ) -> Response {
        let c = env.catalogs[context.language]
        var page = SectionsPage(
            title: c.text(title),
            flash: request.query("notice") == "saved" ? c.text("opportunity_notice_saved") : nil, sections: sections)
        page.errors = FormErrors(views, error: error, catalog: c)
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    @Sendable func projects(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?)
        async throws -> Response
    {
        let scope = try context.staffScope
        let c = env.catalogs[context.language], language = context.language
        var view = FormView(catalog: c, error: error)
        view.select(
            "sector", label: "project_field_sector",
            choices: Project.Sector.allCases.map { ($0.rawValue, c.text("project_sector_\($0.rawValue)")) },
            selected: form?["sector"])
        view.localized("title", label: "project_field_title", values: nil, form: form)
        view.localizedTextareas("description", label: "project_field_description", form: form)
        view.input("location", label: "project_field_location", value: form?["location"] ?? "", required: true)
        view.input("budget", label: "project_field_budget", type: "number", value: form?["budget"] ?? "")
        view.select(
            "model", label: "project_field_model",
            choices: Project.Model.allCases.map { ($0.rawValue, c.text("project_model_\($0.rawValue)")) },
            selected: form?["model"])
        view.select(
            "status", label: "project_field_status",
            choices: Project.Status.allCases.map { ($0.rawValue, c.text("project_status_\($0.rawValue)")) },
            selected: form?["status"])
        view.input("contact", label: "project_field_contact", value: form?["contact"] ?? "", required: true)
        view.files(
            "documents", label: "project_field_documents", accept: "application/pdf",
            hint: c.text("project_documents_hint"))
        let projects = try await OpportunityStore(env: env).projects(scope.municipality.id)
        let items = projects.map {
            SectionsPage.Item(
                $0.title[language], link: "\(scope.base)/staff/projects/\($0.id)",
                note: c.text("project_status_\($0.status.rawValue)"))
        }
        let form = SectionsPage.Form(
            action: "\(scope.base)/staff/projects", fields: view.fields, submit: c.text("project_new"), multipart: true)
        return render(
            request, context, title: "projects_staff_title",
            sections: [
                .init(id: "list", heading: c.text("projects_title"), items: items),
                .init(id: "new", heading: c.text("project_new"), box: true, form: form),
            ], views: [view], error: error)
    }

    func pipeline(_ request: Request, _ context: AppRequestContext, error: AppError?) async throws -> Response {
        let scope = try context.staffScope
        let c = env.catalogs[context.language]
        guard
            let p = try await OpportunityStore(env: env).project(
                context.parameters.get("id") ?? "", municipalityID: scope.municipality.id)
        else { throw AppError.notFound }
        let interests = try await OpportunityStore(env: env).interests(p.id)
        try await env.audit.record(
            context.actor, "project.pipeline", objectType: "project", objectID: p.id,
            municipalityID: scope.municipality.id, detail: "\(interests.count)")
        let sections: [SectionsPage.Section] = interests.map { i in
            var view = FormView(catalog: c, error: nil, idPrefix: "\(i.id)-")
            view.select(
                "stage", label: "interest_move",
                choices: Interest.Stage.allCases.map { ($0.rawValue, c.text("interest_stage_\($0.rawValue)")) },
                selected: i.stage)
            view.textarea("note", label: "interest_field_note")
            return .init(
                id: i.id,
                heading: [i.name, c.text("interest_kind_\(i.kind)"), c.text("interest_stage_\(i.stage)")]
                    .joined(separator: " — "),
                box: true, text: i.message, items: [.init(i.email)] + i.notes.map { .init($0) },
                form: .init(
                    action: "\(scope.base)/staff/projects/\(p.id)/interests/\(i.id)", fields: view.fields,
                    submit: c.text("save")))
        }
        let head = SectionsPage.Section(
            id: "p", heading: p.title[context.language], text: c.text("interest_pipeline_intro"))
        return render(
            request, context, title: "projects_staff_title", sections: [head] + sections, views: [], error: error)
    }

    @Sendable func premises(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?)
        async throws -> Response
    {
        let scope = try context.staffScope
        let c = env.catalogs[context.language]
        let store = OpportunityStore(env: env)
        var view = FormView(catalog: c, error: error)
        view.input("name", label: "premises_field_name", value: form?["name"] ?? "", required: true)
        view.input("address", label: "premises_field_address", value: form?["address"] ?? "", required: true)
        view.input(
            "area_m2", label: "premises_field_area", type: "number", value: form?["area_m2"] ?? "", required: true)
        view.textarea("terms", label: "premises_field_terms", value: form?["terms"] ?? "", required: true)
        view.input(
            "available_from", label: "premises_field_available_from", type: "date",
            value: form?["available_from"] ?? "", required: true)
        let applications = try await store.applications(scope.municipality.id)
        try await env.audit.record(
            context.actor, "premises.applications", objectType: "municipality", objectID: scope.municipality.id,
            municipalityID: scope.municipality.id, detail: "\(applications.count)")
        let listed = try await store.premises(scope.municipality.id).map { listed in
            SectionsPage.Item(
                "\(listed.premises.name), \(listed.premises.address)",
                note: listed.letTo.map { c.text("premises_let_to", ["company": $0]) }
                    ?? c.text("premises_available_from", ["day": listed.premises.availableFrom.description]))
        }
        let table = Table(
            head: [
                c.text("premises_field_name"), c.text("premises_field_company"), c.text("premises_field_activity"),
                c.text("field_email"), c.text("premises_status"), "",
            ],
            rows: applications.flatMap { a in
                (a.status == "submitted" ? ["approve", "reject"] : [""]).map { decision in
                    Table.Row(
                        [a.premises, a.company, a.activity, a.email, c.text("premises_status_\(a.status)")],
                        action: decision.isEmpty
                            ? nil : "\(scope.base)/staff/premises/applications/\(a.id)/\(decision)",
                        actionLabel: decision.isEmpty ? nil : c.text("premises_\(decision)"))
                }
            })
        let form = SectionsPage.Form(
            action: "\(scope.base)/staff/premises", fields: view.fields, submit: c.text("premises_new"))
        return render(
            request, context, title: "premises_staff_title",
            sections: [
                .init(id: "list", heading: c.text("premises_title"), items: listed),
                .init(id: "applications", heading: c.text("premises_applications"), table: table),
                .init(id: "new", heading: c.text("premises_new"), box: true, form: form),
            ], views: [view], error: error)
    }

    @Sendable func knowledge(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?)
        async throws -> Response
    {
        let scope = try context.staffScope
        let c = env.catalogs[context.language]
        let target = request.uri.path.contains("/outcomes") ? context.parameters.get("id") : nil
        var programme = FormView(catalog: c, error: target == nil ? error : nil)
        programme.input(
            "programme_name", label: "knowledge_field_name", value: target == nil ? form?["programme_name"] ?? "" : "",
            required: true)
        programme.input("partner", label: "knowledge_field_partner", value: target == nil ? form?["partner"] ?? "" : "")
        programme.textarea(
            "programme_description", label: "knowledge_field_description",
            value: target == nil ? form?["programme_description"] ?? "" : "")
        var sections: [SectionsPage.Section] = [], views = [programme]
        for p in try await OpportunityStore(env: env).programmes(scope.municipality.id) {
            var outcome = FormView(catalog: c, error: target == p.id ? error : nil, idPrefix: "\(p.id)-")
            outcome.select(
                "outcome_kind", label: "knowledge_field_kind",
                choices: KnowledgeOutcome.Kind.allCases.map { ($0.rawValue, c.text("knowledge_kind_\($0.rawValue)")) },
                selected: target == p.id ? form?["outcome_kind"] : nil)
            outcome.input(
                "quantity", label: "knowledge_field_quantity", type: "number",
                value: target == p.id ? form?["quantity"] ?? "" : "", required: true)
            outcome.input(
                "happened_on", label: "knowledge_field_happened_on", type: "date",
                value: target == p.id ? form?["happened_on"] ?? "" : "", required: true)
            outcome.textarea(
                "evidence", label: "knowledge_field_evidence", value: target == p.id ? form?["evidence"] ?? "" : "",
                required: true)
            views.append(outcome)
            let totals = c.text("knowledge_totals", ["jobs": String(p.jobs), "households": String(p.households)])
            sections.append(
                .init(
                    id: p.id, heading: "\(p.name)\(p.partner.isEmpty ? "" : " · \(p.partner)")", box: true,
                    items: [.init(totals)],
                    form: .init(
                        action: "\(scope.base)/staff/knowledge/\(p.id)/outcomes", fields: outcome.fields,
                        submit: c.text("knowledge_record"))))
        }
        sections.append(
            .init(
                id: "new", heading: c.text("knowledge_new"), box: true,
                form: .init(
                    action: "\(scope.base)/staff/knowledge", fields: programme.fields, submit: c.text("knowledge_new")))
        )
        return render(request, context, title: "knowledge_title", sections: sections, views: views, error: error)
    }
}
