import Foundation
import Hummingbird
import Platform

/// The public side: the project catalogue with interest from signed-in members, and premises
/// for diaspora companies with applications.
struct OpportunityPages: Sendable {
    let env: AppEnvironment

    func addRoutes(to router: Router<AppRequestContext>) {
        let portal = router.municipalityGroup(env)
        portal.get("projects") { request, context in
            try await VisitorPages.respond(request, context, env) { context in
                let municipality = try context.pathMunicipality
                let c = env.catalogs[context.language], language = context.language
                let projects = try await OpportunityStore(env: env).projects(municipality.id)
                let sections = Project.Sector.allCases.compactMap { sector -> SectionsPage.Section? in
                    let here = projects.filter { $0.sector == sector }
                    guard !here.isEmpty else { return nil }
                    let items = here.map {
                        SectionsPage.Item(
                            $0.title[language], link: "/\(municipality.slug)/projects/\($0.id)",
                            note: [
                                c.text("project_model_\($0.model.rawValue)"),
                                c.text("project_status_\($0.status.rawValue)"),
                            ].joined(separator: " · "))
                    }
                    return .init(
                        id: sector.rawValue, heading: c.text("project_sector_\(sector.rawValue)"), items: items)
                }
                let page = SectionsPage(
                    title: c.text("projects_title") + " — " + municipality.names[language],
                    intro: c.text("projects_intro"),
                    sections: sections)
                return env.pages.html(page, request: request, context: context)
            }
        }
        portal.get("projects/:id") { request, context in
            try await project(request, context, form: nil, error: nil)
        }
        portal.get("projects/:id/documents/:doc") { request, context in
            let (_, p) = try await find(context)
            guard
                let file = try await OpportunityStore(env: env).document(context.parameters.get("doc") ?? "", of: p.id)
            else { throw AppError.notFound }
            return Response(
                status: .ok,
                headers: [
                    .contentType: file.contentType, .contentDisposition: "inline; filename=\"\(file.filename)\"",
                ],
                body: .init(byteBuffer: ByteBuffer(data: file.content)))
        }
        portal.post("projects/:id/interest") { request, context in
            let (municipality, p) = try await find(context)
            guard let account = context.verifiedAccount else { throw Redirect.toLogin(from: request.uri.description) }
            let form = try await Form.read(request)
            do {
                guard let kind = form["kind"].flatMap(Interest.Kind.init(rawValue:)) else {
                    throw AppError.invalid("kind", "invalid_choice")
                }
                try await OpportunityStore(env: env).express(
                    kind, message: form["message"], project: p, account: account, actor: context.actor)
            } catch let error as AppError where error.field != nil {
                return try await project(request, context, form: form, error: error)
            }
            return .redirect("/\(municipality.slug)/projects/\(p.id)?notice=interest")
        }
        portal.get("premises") { request, context in try await premises(request, context, form: nil, error: nil) }
        portal.post("premises/:id/apply") { request, context in
            let municipality = try context.pathMunicipality
            guard let account = context.verifiedAccount else { throw Redirect.toLogin(from: request.uri.description) }
            let form = try await Form.read(request)
            do {
                try await OpportunityStore(env: env).apply(
                    premisesID: context.parameters.get("id") ?? "", municipalityID: municipality.id, input: form.values,
                    account: account, actor: context.actor)
            } catch let error as AppError where error.field != nil {
                return try await premises(request, context, form: form, error: error)
            }
            return .redirect("/\(municipality.slug)/premises?notice=applied")
        }
    }

    func find(_ context: AppRequestContext) async throws -> (Municipality, Project) {
        let municipality = try context.pathMunicipality
        guard
            let p = try await OpportunityStore(env: env).project(
                context.parameters.get("id") ?? "", municipalityID: municipality.id)
        else { throw AppError.notFound }
        return (municipality, p)
    }

    func project(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws
        -> Response
    {
        let (municipality, p) = try await find(context)
        let c = env.catalogs[context.language], language = context.language
        var view = FormView(catalog: c, error: error)
        view.select(
            "kind", label: "interest_field_kind",
            choices: Interest.Kind.allCases.map { ($0.rawValue, c.text("interest_kind_\($0.rawValue)")) },
            selected: form?["kind"])
        view.textarea("message", label: "interest_field_message", value: form?["message"] ?? "", required: true)
        let documents = try await OpportunityStore(env: env).documents(p.id)
        let about: [SectionsPage.Item] = [
            .init(c.text("project_field_location"), note: p.location),
            .init(
                c.text("project_field_budget"), note: p.budgetFening.map { Money.km($0, withFening: false) } ?? "—"),
            .init(c.text("project_field_model"), note: c.text("project_model_\(p.model.rawValue)")),
            .init(c.text("project_field_status"), note: c.text("project_status_\(p.status.rawValue)")),
            .init(c.text("project_field_contact"), note: p.contact),
        ]
        let files = documents.map {
            SectionsPage.Item($0.filename, link: "/\(municipality.slug)/projects/\(p.id)/documents/\($0.id)")
        }
        var sections: [SectionsPage.Section] = [
            .translated(
                id: "about", heading: c.text("project_about"), text: p.description, reader: language, catalog: c,
                items: about + files)
        ]
        if context.verifiedAccount != nil {
            let form = SectionsPage.Form(
                action: "/\(municipality.slug)/projects/\(p.id)/interest", fields: view.fields,
                submit: c.text("interest_submit"))
            sections.append(.init(id: "interest", heading: c.text("interest_title"), box: true, form: form))
        } else {
            let signIn = SectionsPage.Item(
                c.text("interest_sign_in"), link: Redirect.toLogin(from: request.uri.description).location)
            sections.append(.init(id: "interest", heading: c.text("interest_title"), items: [signIn]))
        }
        var page = SectionsPage(
            title: p.title[language], intro: c.text("project_sector_\(p.sector.rawValue)"),
            flash: request.query("notice") == "interest" ? c.text("interest_notice") : nil, sections: sections)
        page.errors = FormErrors([view], error: error, catalog: c)
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func premises(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws
        -> Response
    {
        let municipality = try context.pathMunicipality
        let c = env.catalogs[context.language]
        let target = form.flatMap { _ in context.parameters.get("id") }
        var views: [FormView] = []
        let listed = try await OpportunityStore(env: env).premises(municipality.id)
        let noneFree = !listed.contains { $0.letTo == nil }
        let sections = listed.map { listed -> SectionsPage.Section in
            let (id, p, letTo) = (listed.id, listed.premises, listed.letTo)
            var view = FormView(catalog: c, error: target == id ? error : nil, idPrefix: "\(id)-")
            view.input(
                "company", label: "premises_field_company", value: target == id ? form?["company"] ?? "" : "",
                required: true)
            view.input(
                "activity", label: "premises_field_activity", value: target == id ? form?["activity"] ?? "" : "",
                required: true)
            view.textarea("message", label: "interest_field_message", value: target == id ? form?["message"] ?? "" : "")
            views.append(view)
            let availability =
                letTo.map { c.text("premises_let_to", ["company": $0]) }
                ?? c.text("premises_available_from", ["day": p.availableFrom.description])
            let open = letTo == nil && context.verifiedAccount != nil
            return .init(
                id: id, heading: p.name, box: true, text: p.terms,
                items: [
                    .init(p.address), .init(c.text("premises_area", ["m2": String(p.areaM2)])), .init(availability),
                ],
                form: open
                    ? .init(
                        action: "/\(municipality.slug)/premises/\(id)/apply", fields: view.fields,
                        submit: c.text("premises_apply")) : nil)
        }
        var page = SectionsPage(
            title: c.text("premises_title") + " — " + municipality.names[context.language],
            intro: noneFree ? c.text("premises_intro") + " " + c.text("premises_none") : c.text("premises_intro"),
            flash: request.query("notice") == "applied" ? c.text("premises_notice_applied") : nil, sections: sections)
        // An error for premises not shown (or for none) goes above the list.
        page.errors = FormErrors(target == nil ? [] : views, error: error, catalog: c)
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }
}
