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
            let municipality = try await PortalCapability.municipality(context, env)
            let c = env.catalogs[context.language], language = context.language
            let projects = try await OpportunityStore(env: env).projects(municipality.id)
            return env.pages.render(
                "sections", titleKey: "projects_title", request: request, context: context,
                data: [
                    "title": c.text("projects_title") + " — " + municipality.names[language],
                    "intro": c.text("projects_intro"),
                    "sections": Project.Sector.allCases.compactMap { sector -> [String: Any]? in
                        let here = projects.filter { $0.sector == sector }
                        guard !here.isEmpty else { return nil }
                        return [
                            "id": sector.rawValue, "heading": c.text("project_sector_\(sector.rawValue)"),
                            "items": here.map {
                                [
                                    "label": $0.title[language], "link": "/\(municipality.slug)/projects/\($0.id)",
                                    "note":
                                        "\(c.text("project_model_\($0.model.rawValue)")) · \(c.text("project_status_\($0.status.rawValue)"))",
                                ]
                            },
                        ]
                    },
                ])
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
            let municipality = try await PortalCapability.municipality(context, env)
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
        let municipality = try await PortalCapability.municipality(context, env)
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
        var sections: [[String: Any]] = [
            [
                "id": "about", "heading": c.text("project_about"), "text": p.description[language],
                "items": [
                    ["label": c.text("project_field_location"), "note": p.location],
                    [
                        "label": c.text("project_field_budget"),
                        "note": p.budgetFening.map { Money.km($0, withFening: false) } ?? "—",
                    ],
                    ["label": c.text("project_field_model"), "note": c.text("project_model_\(p.model.rawValue)")],
                    ["label": c.text("project_field_status"), "note": c.text("project_status_\(p.status.rawValue)")],
                    ["label": c.text("project_field_contact"), "note": p.contact],
                ]
                    + documents.map {
                        ["label": $0.filename, "link": "/\(municipality.slug)/projects/\(p.id)/documents/\($0.id)"]
                    },
            ]
        ]
        if context.verifiedAccount != nil {
            sections.append([
                "id": "interest", "heading": c.text("interest_title"), "box": true,
                "form": [
                    "action": "/\(municipality.slug)/projects/\(p.id)/interest", "fields": view.fields,
                    "submit": c.text("interest_submit"),
                ],
            ])
        } else {
            sections.append([
                "id": "interest", "heading": c.text("interest_title"),
                "items": [
                    [
                        "label": c.text("interest_sign_in"),
                        "link": Redirect.toLogin(from: request.uri.description).location,
                    ]
                ],
            ])
        }
        var data: [String: Any] = [
            "title": p.title[language], "intro": c.text("project_sector_\(p.sector.rawValue)"), "sections": sections,
        ]
        if let error, !view.fields.contains(where: { $0.error != nil }) {
            data["formError"] = c.text(error.messageKey, error.arguments)
        }
        if request.query("notice") == "interest" { data["flash"] = c.text("interest_notice") }
        return env.pages.render(
            "sections", titleKey: "projects_title", request: request, context: context, data: data,
            status: error?.status ?? .ok)
    }

    func premises(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws
        -> Response
    {
        let municipality = try await PortalCapability.municipality(context, env)
        let c = env.catalogs[context.language]
        let target = form.flatMap { _ in context.parameters.get("id") }
        let sections = try await OpportunityStore(env: env).premises(municipality.id).map {
            listed -> [String: Any] in
            let (id, p, letTo) = (listed.id, listed.premises, listed.letTo)
            var view = FormView(catalog: c, error: target == id ? error : nil, idPrefix: "\(id)-")
            view.input(
                "company", label: "premises_field_company", value: target == id ? form?["company"] ?? "" : "",
                required: true)
            view.input(
                "activity", label: "premises_field_activity", value: target == id ? form?["activity"] ?? "" : "",
                required: true)
            view.textarea("message", label: "interest_field_message", value: target == id ? form?["message"] ?? "" : "")
            var section: [String: Any] = [
                "id": id, "heading": p.name, "box": true, "text": p.terms,
                "items": [
                    ["label": p.address], ["label": c.text("premises_area", ["m2": String(p.areaM2)])],
                    [
                        "label": letTo.map { c.text("premises_let_to", ["company": $0]) }
                            ?? c.text("premises_available_from", ["day": p.availableFrom.description])
                    ],
                ],
            ]
            if letTo == nil, context.verifiedAccount != nil {
                section["form"] = [
                    "action": "/\(municipality.slug)/premises/\(id)/apply", "fields": view.fields,
                    "submit": c.text("premises_apply"),
                ]
            }
            return section
        }
        var data: [String: Any] = [
            "title": c.text("premises_title") + " — " + municipality.names[context.language],
            "intro": c.text("premises_intro"),
            "sections": sections,
        ]
        if let error, error.field == nil || target == nil {
            data["formError"] = c.text(error.messageKey, error.arguments)
        }
        if request.query("notice") == "applied" { data["flash"] = c.text("premises_notice_applied") }
        return env.pages.render(
            "sections", titleKey: "premises_title", request: request, context: context, data: data,
            status: error?.status ?? .ok)
    }
}
