import Foundation
import Hummingbird
import Platform

/// Taking part: consultations to comment on, proposals to make and support, surveys to answer —
/// read by anyone, joined by a signed-in person who says whether they live abroad or here.
struct ParticipationPages: Sendable {
    let env: AppEnvironment

    func addRoutes(to router: Router<AppRequestContext>) {
        let portal = router.municipalityGroup(env)
        portal.get("participate") { request, context in try await index(request, context, form: nil, error: nil) }
        portal.post("proposals") { request, context in
            try await act(request, context, back: { _ in "participate" }, page: index) { form, municipality, account in
                _ = try await ParticipationStore(env: env).propose(
                    form.values, municipalityID: municipality.id, account: account, actor: context.actor)
            }
        }
        portal.get("consultations/:id") { request, context in
            try await consultation(request, context, form: nil, error: nil)
        }
        portal.post("consultations/:id/comments") { request, context in
            try await act(request, context, back: { "consultations/\($0)" }, page: consultation) {
                form, municipality, account in
                let c = try await found(
                    try await ParticipationStore(env: env).consultation(
                        context.parameters.get("id") ?? "", municipalityID: municipality.id))
                try await ParticipationStore(env: env).comment(
                    on: c, municipalityID: municipality.id, group: form["group"], text: form["text"], account: account,
                    actor: context.actor)
            }
        }
        portal.get("proposals/:id") { request, context in
            try await proposal(request, context, form: nil, error: nil)
        }
        portal.post("proposals/:id/support") { request, context in
            try await act(request, context, back: { "proposals/\($0)" }, page: proposal) {
                form, municipality, account in
                let p = try await found(
                    try await ParticipationStore(env: env).proposals(municipality.id, id: context.parameters.get("id"))
                        .first)
                try await ParticipationStore(env: env).support(
                    p, municipalityID: municipality.id, group: form["group"], account: account, actor: context.actor)
            }
        }
        portal.get("surveys/:id") { request, context in try await survey(request, context, form: nil, error: nil)
        }
        portal.post("surveys/:id/answers") { request, context in
            try await act(request, context, back: { "surveys/\($0)" }, page: survey) { form, municipality, account in
                let s = try await found(
                    try await ParticipationStore(env: env).surveys(municipality.id, id: context.parameters.get("id"))
                        .first)
                try await ParticipationStore(env: env).answer(
                    s, municipalityID: municipality.id, form: form, account: account, actor: context.actor)
            }
        }
    }

    func found<T>(_ value: T?) throws -> T {
        guard let value else { throw AppError.notFound }
        return value
    }

    typealias Page = @Sendable (Request, AppRequestContext, Form?, AppError?) async throws -> Response

    func act(
        _ request: Request, _ context: AppRequestContext, back: @escaping (String) -> String, page: @escaping Page,
        _ apply: @escaping (Form, Municipality, Account) async throws -> Void
    ) async throws -> Response {
        let municipality = try context.pathMunicipality
        guard let account = context.verifiedAccount else { throw Redirect.toLogin(from: request.uri.description) }
        let form = try await Form.read(request)
        do {
            try await apply(form, municipality, account)
        } catch let error as AppError where error.status == .unprocessableContent || error.status == .conflict {
            return try await page(request, context, form, error)
        }
        return .redirect("/\(municipality.slug)/\(back(context.parameters.get("id") ?? ""))?notice=thanks")
    }

    /// The group field: whichever of diaspora and resident the item admits.
    func groupField(_ view: inout FormView, _ c: Catalog, eligible: Eligibility, form: Form?) {
        view.select(
            "group", label: "participation_field_group",
            choices: Group.allCases.filter(eligible.admits).map {
                ($0.rawValue, c.text("participation_group_\($0.rawValue)"))
            },
            selected: form?["group"])
    }

    func page(
        _ request: Request, _ context: AppRequestContext, title: String, intro: String,
        sections: [SectionsPage.Section], error: AppError?, views: [FormView]
    ) -> Response {
        let c = env.catalogs[context.language]
        var page = SectionsPage(
            title: title, intro: intro,
            flash: request.query("notice") == "thanks" ? c.text("participation_thanks") : nil, sections: sections)
        page.errors = FormErrors(views, error: error, catalog: c)
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func signInSection(_ request: Request, _ c: Catalog) -> SectionsPage.Section {
        .init(
            id: "signin", heading: c.text("participation_take_part"),
            items: [
                .init(c.text("participation_sign_in"), link: Redirect.toLogin(from: request.uri.description).location)
            ])
    }

    /// The member's form, or a way to sign in first.
    func takePart(
        _ request: Request, _ context: AppRequestContext, _ c: Catalog, id: String, heading: String,
        form: SectionsPage.Form
    ) -> SectionsPage.Section {
        context.verifiedAccount == nil
            ? signInSection(request, c) : .init(id: id, heading: heading, box: true, form: form)
    }

    @Sendable func index(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws
        -> Response
    {
        let municipality = try context.pathMunicipality
        let c = env.catalogs[context.language], language = context.language, now = env.clock.now()
        let store = ParticipationStore(env: env), base = "/\(municipality.slug)"
        let zone = context.verifiedAccount?.timeZone ?? LocalTime.sarajevo
        func open(_ item: ParticipationStore.Item, _ path: String) -> SectionsPage.Item {
            let closing =
                now < item.closesAt
                ? c.text("participation_until", ["when": language.instantWithZone(item.closesAt, zone: zone)])
                : c.text("participation_closed_label")
            return .init(
                item.title[language], link: "\(base)/\(path)/\(item.id)",
                note: "\(c.text("participation_eligible_\(item.eligible.rawValue)")) · " + closing)
        }
        var view = FormView(catalog: c, error: error)
        groupField(&view, c, eligible: .both, form: form)
        view.input("title", label: "proposal_field_title", value: form?["title"] ?? "", required: true)
        view.textarea("text", label: "proposal_field_text", value: form?["text"] ?? "", required: true)
        let proposals = try await store.proposals(municipality.id).map { p in
            SectionsPage.Item(
                p.title, link: "\(base)/proposals/\(p.id)",
                note: [
                    c.text("proposal_status_\(p.status.rawValue)"),
                    c.text(
                        "proposal_supports",
                        [
                            "diaspora": String(p.supports[.diaspora] ?? 0),
                            "resident": String(p.supports[.resident] ?? 0),
                        ]),
                ].joined(separator: " · ")
            )
        }
        let sections: [SectionsPage.Section] = [
            .init(
                id: "consultations", heading: c.text("consultations_title"),
                items: try await store.consultations(municipality.id).map { open($0, "consultations") }),
            .init(
                id: "surveys", heading: c.text("surveys_title"),
                items: try await store.surveys(municipality.id).map { open($0, "surveys") }),
            .init(id: "proposals", heading: c.text("proposals_title"), items: proposals),
            takePart(
                request, context, c, id: "propose", heading: c.text("proposal_new"),
                form: .init(action: "\(base)/proposals", fields: view.fields, submit: c.text("proposal_submit"))),
        ]
        return page(
            request, context, title: c.text("participation_title") + " — " + municipality.names[language],
            intro: c.text("participation_intro"), sections: sections, error: error, views: [view])
    }

    @Sendable func consultation(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?)
        async throws -> Response
    {
        let municipality = try context.pathMunicipality
        let c = env.catalogs[context.language], language = context.language
        let item = try found(
            try await ParticipationStore(env: env).consultation(
                context.parameters.get("id") ?? "", municipalityID: municipality.id))
        let comments = try await ParticipationStore(env: env).comments(item.id)
        let open = env.clock.now() < item.closesAt
        var view = FormView(catalog: c, error: error)
        groupField(&view, c, eligible: item.eligible, form: form)
        view.textarea("text", label: "consultation_field_comment", value: form?["text"] ?? "", required: true)
        let counts = [
            "diaspora": String(comments.filter { $0.group == .diaspora }.count),
            "resident": String(comments.filter { $0.group == .resident }.count),
        ]
        var sections: [SectionsPage.Section] = [
            .translated(
                id: "draft", heading: c.text("consultation_draft"), text: item.text, reader: language, catalog: c),
            .init(
                id: "comments", heading: c.text("consultation_comments", counts),
                items: comments.map { .init(c.text("participation_group_\($0.group.rawValue)"), note: $0.text) }),
        ]
        if let response = item.response {
            sections.append(.init(id: "response", heading: c.text("consultation_response"), text: response))
        }
        if open {
            sections.append(
                takePart(
                    request, context, c, id: "comment", heading: c.text("participation_take_part"),
                    form: .init(
                        action: "/\(municipality.slug)/consultations/\(item.id)/comments", fields: view.fields,
                        submit: c.text("consultation_submit"))))
        }
        let zone = context.verifiedAccount?.timeZone ?? LocalTime.sarajevo
        return page(
            request, context, title: item.title[language],
            intro: "\(c.text("participation_eligible_\(item.eligible.rawValue)")) · "
                + (open
                    ? c.text("participation_until", ["when": language.instantWithZone(item.closesAt, zone: zone)])
                    : c.text("participation_closed_label")),
            sections: sections, error: error, views: [view])
    }

    @Sendable func proposal(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?)
        async throws -> Response
    {
        let municipality = try context.pathMunicipality
        let c = env.catalogs[context.language]
        let p = try found(
            try await ParticipationStore(env: env).proposals(municipality.id, id: context.parameters.get("id")).first)
        var view = FormView(catalog: c, error: error)
        groupField(&view, c, eligible: .both, form: form)
        let supports = c.text(
            "proposal_supports",
            ["diaspora": String(p.supports[.diaspora] ?? 0), "resident": String(p.supports[.resident] ?? 0)])
        var sections: [SectionsPage.Section] = [
            .init(id: "text", heading: c.text("proposal_field_text"), text: p.text, items: [.init(supports)])
        ]
        if let answer = p.answer {
            sections.append(.init(id: "answer", heading: c.text("proposal_status_\(p.status.rawValue)"), text: answer))
        }
        if p.status == .open {
            sections.append(
                takePart(
                    request, context, c, id: "support", heading: c.text("proposal_support"),
                    form: .init(
                        action: "/\(municipality.slug)/proposals/\(p.id)/support", fields: view.fields,
                        submit: c.text("proposal_support"))))
        }
        return page(
            request, context, title: p.title,
            intro: [
                p.author, c.text("participation_group_\(p.group.rawValue)"),
                c.text("proposal_status_\(p.status.rawValue)"),
            ].joined(separator: " · "),
            sections: sections, error: error, views: [view])
    }

    @Sendable func survey(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws
        -> Response
    {
        let municipality = try context.pathMunicipality
        let c = env.catalogs[context.language], language = context.language
        let store = ParticipationStore(env: env)
        let s = try found(try await store.surveys(municipality.id, id: context.parameters.get("id")).first)
        let open = env.clock.now() < s.closesAt
        var sections: [SectionsPage.Section] = [], views: [FormView] = []
        if open {
            var view = FormView(catalog: c, error: error)
            groupField(&view, c, eligible: s.eligible, form: form)
            for (index, q) in s.questions.enumerated() {
                let name = "q\(index)"
                switch q.kind {
                case .single:
                    view.select(
                        name, label: q.text, choices: [("", "—")] + q.choices.map { ($0, $0) }, selected: form?[name])
                case .multiple:
                    view.checkboxes(
                        name, label: q.text, choices: q.choices.map { ($0, $0) }, selected: Set(form?.all(name) ?? []))
                case .text: view.textarea(name, label: q.text, value: form?[name] ?? "")
                }
            }
            views.append(view)
            sections.append(
                takePart(
                    request, context, c, id: "answer", heading: c.text("participation_take_part"),
                    form: .init(
                        action: "/\(municipality.slug)/surveys/\(s.id)/answers", fields: view.fields,
                        submit: c.text("survey_submit"))))
        } else {
            for (index, r) in try await store.results(s).enumerated() {
                let takers = c.text(
                    "survey_takers",
                    ["diaspora": String(r.takers[.diaspora] ?? 0), "resident": String(r.takers[.resident] ?? 0)])
                let table = Table(
                    caption: takers,
                    head: [
                        c.text("survey_choice"), c.text("participation_group_diaspora"),
                        c.text("participation_group_resident"),
                    ],
                    rows: r.question.choices.map { choice in
                        Table.Row([
                            choice, String(r.counts[choice]?[.diaspora] ?? 0),
                            String(r.counts[choice]?[.resident] ?? 0),
                        ])
                    })
                sections.append(
                    .init(
                        id: "r\(index)", heading: r.question.text, items: r.texts.map { .init($0) },
                        table: r.question.kind == .text ? nil : table))
            }
        }
        return page(
            request, context, title: s.title[language],
            intro: "\(c.text("participation_eligible_\(s.eligible.rawValue)")) · "
                + (open
                    ? c.text(
                        "participation_until",
                        [
                            "when": language.instantWithZone(
                                s.closesAt, zone: context.verifiedAccount?.timeZone ?? LocalTime.sarajevo)
                        ]) : c.text("survey_results")),
            sections: sections, error: error, views: views)
    }
}
