import Foundation
import Hummingbird
import Platform

/// The staff newsroom: publish news, send newsletters to the registry's audiences (and see each
/// delivery), keep the media list and send press releases, keep the radio programmes.
struct NewsStaffPages: Sendable {
    let env: AppEnvironment
    let sources: @Sendable () -> [AudienceSource]
    static let editors: Set<Role> = [.officer, .departmentStaff, .municipalAdmin, .platformAdmin]

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffGroup(env, roles: Self.editors)
        staff.get("news") { request, context in try await news(request, context, form: nil, error: nil) }
        staff.post("news") { request, context in
            try await submit(request, context, page: news) { form, scope in
                try await NewsroomStore(env: env).publish(
                    try Article.check(form.values, municipalityID: scope.municipality.id, now: env.clock.now()),
                    by: scope.account, actor: context.actor)
                return "news"
            }
        }
        staff.get("newsletters") { request, context in
            try await newsletters(request, context, form: nil, error: nil)
        }
        staff.post("newsletters") { request, context in
            try await submit(request, context, page: newsletters) { form, scope in
                let newsletter = try Newsletter.check(form.values)
                guard let (audience, source) = try await audience(form["audience"], scope.municipality.id) else {
                    throw AppError.invalid("audience", "invalid_choice")
                }
                _ = try await NewsroomStore(env: env).send(
                    newsletter, audience: audience, source: source, municipality: scope.municipality, by: scope.account,
                    actor: context.actor)
                return "newsletters"
            }
        }
        staff.get("newsletters/:id") { request, context in
            let scope = try context.staffScope
            let c = env.catalogs[context.language]
            let rows = try await NewsroomStore(env: env).deliveries(
                context.parameters.get("id") ?? "", municipalityID: scope.municipality.id)
            guard !rows.isEmpty else { throw AppError.notFound }
            try await env.audit.record(
                context.actor, "newsletter.deliveries", objectType: "newsletter",
                objectID: context.parameters.get("id") ?? "",
                municipalityID: scope.municipality.id, detail: "\(rows.count)")
            let table = Table(
                head: [c.text("field_email"), c.text("newsletter_delivery"), c.text("newsletter_unsubscribed_column")],
                rows: rows.map {
                    Table.Row([
                        $0.email,
                        c.text("newsletter_status_\($0.status)")
                            + ($0.error.isEmpty ? "" : " (\($0.error.prefix(120)))"),
                        $0.unsubscribed ? "✓" : "",
                    ])
                })
            let page = SectionsPage(
                title: c.text("newsletter_deliveries"),
                sections: [.init(id: "d", heading: c.text("newsletter_deliveries"), table: table)])
            return env.pages.render(page, request: request, context: context)
        }
        staff.get("media") { request, context in try await media(request, context, form: nil, error: nil) }
        staff.post("media/outlets") { request, context in
            try await submit(request, context, page: media) { form, scope in
                try await MediaStore(env: env).add(
                    try MediaOutlet.check(form.values), municipalityID: scope.municipality.id, actor: context.actor)
                return "media"
            }
        }
        staff.post("media/releases") { request, context in
            try await submit(request, context, page: media) { form, scope in
                _ = try await MediaStore(env: env).release(
                    title: form["release_title"], body: form["release_body"], municipality: scope.municipality,
                    by: scope.account, actor: context.actor)
                return "media"
            }
        }
        RadioStaffPages(env: env).addRoutes(to: router, submit: submit)
    }

    typealias Page = @Sendable (Request, AppRequestContext, Form?, AppError?) async throws -> Response

    /// A staff form: applied and audited (the store audits what it sends), or its page again with the message.
    @Sendable func submit(
        _ request: Request, _ context: AppRequestContext, page: @escaping Page,
        _ apply: @escaping (Form, StaffScope) async throws -> String
    ) async throws -> Response {
        let scope = try context.staffScope
        let form = try await Form.read(request)
        let back: String
        do {
            back = try await apply(form, scope)
        } catch let error as AppError where error.field != nil {
            return try await page(request, context, form, error)
        }
        return .redirect("\(scope.base)/staff/\(back)?notice=saved")
    }

    func audience(_ id: String?, _ municipalityID: String) async throws -> (Audience, AudienceSource)? {
        for source in sources() {
            if let found = try await source.audiences(municipalityID, env.database.sql).first(where: { $0.id == id }) {
                return (found, source)
            }
        }
        return nil
    }

    @Sendable func news(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws
        -> Response
    {
        let scope = try context.staffScope
        let c = env.catalogs[context.language]
        var view = FormView(catalog: c, error: error)
        view.select(
            "category", label: "news_field_category",
            choices: Article.Category.allCases.map { ($0.rawValue, c.text("news_category_\($0.rawValue)")) },
            selected: form?["category"])
        view.localized("title", label: "news_field_title", values: nil, form: form)
        view.localizedTextareas("body", label: "news_field_body", form: form)
        let articles = try await NewsroomStore(env: env).articles(scope.municipality.id)
        let items = articles.map {
            SectionsPage.Item(
                $0.title[context.language], link: "\(scope.base)/news/\($0.id)",
                note: Day(sarajevo: $0.publishedAt).description)
        }
        let form = SectionsPage.Form(
            action: "\(scope.base)/staff/news", fields: view.fields, submit: c.text("news_publish"))
        return Self.render(
            env, c.text("news_staff_title"), request, context, views: [view], error: error,
            sections: [
                .init(id: "list", heading: c.text("news_latest"), items: items),
                .init(id: "new", heading: c.text("news_publish"), box: true, form: form),
            ])
    }

    @Sendable func newsletters(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?)
        async throws -> Response
    {
        let scope = try context.staffScope
        let c = env.catalogs[context.language]
        var audiences: [Audience] = []
        for source in sources() { audiences += try await source.audiences(scope.municipality.id, env.database.sql) }
        var view = FormView(catalog: c, error: error)
        view.select(
            "audience", label: "newsletter_field_audience", choices: audiences.map { ($0.id, c.text($0.name)) },
            selected: form?["audience"])
        view.localized("subject", label: "newsletter_field_subject", values: nil, form: form)
        view.localizedTextareas("body", label: "newsletter_field_body", form: form)
        let sent = try await NewsroomStore(env: env).newsletters(scope.municipality.id)
        let table = Table(
            head: [
                c.text("newsletter_field_subject"), c.text("newsletter_field_audience"),
                c.text("newsletter_recipients"),
                c.text("newsletter_sent_at"),
            ],
            rows: sent.map {
                Table.Row(
                    [$0.subject, c.text($0.audience), String($0.recipients), Day(sarajevo: $0.sentAt).description],
                    link: "\(scope.base)/staff/newsletters/\($0.id)", linkLabel: c.text("newsletter_deliveries"))
            })
        let form = SectionsPage.Form(
            action: "\(scope.base)/staff/newsletters", fields: view.fields, submit: c.text("newsletter_send"))
        return Self.render(
            env, c.text("newsletter_title"), request, context, views: [view], error: error,
            sections: [
                .init(id: "sent", heading: c.text("newsletter_sent"), table: table),
                .init(
                    id: "new", heading: c.text("newsletter_compose"), box: true,
                    text: c.text("newsletter_consent_note"), form: form),
            ])
    }

    @Sendable func media(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws
        -> Response
    {
        let scope = try context.staffScope
        let c = env.catalogs[context.language]
        let store = MediaStore(env: env)
        var outlet = FormView(
            catalog: c, error: error?.field?.hasPrefix("outlet_") == true ? error : nil, idPrefix: "outlet-")
        outlet.input("outlet_name", label: "media_field_name", value: form?["outlet_name"] ?? "", required: true)
        outlet.input("outlet_contact", label: "media_field_contact", value: form?["outlet_contact"] ?? "")
        outlet.input(
            "outlet_email", label: "field_email", type: "email", value: form?["outlet_email"] ?? "", required: true)
        outlet.select(
            "outlet_language", label: "field_language", choices: FormView.languageChoices(env.catalogs),
            selected: form?["outlet_language"])
        var release = FormView(
            catalog: c, error: error?.field?.hasPrefix("release_") == true ? error : nil, idPrefix: "release-")
        release.input("release_title", label: "press_field_title", value: form?["release_title"] ?? "", required: true)
        release.textarea("release_body", label: "press_field_body", value: form?["release_body"] ?? "", required: true)
        let outlets = try await store.outlets(scope.municipality.id)
        let table = Table(
            head: [
                c.text("media_field_name"), c.text("media_field_contact"), c.text("field_email"),
                c.text("field_language"),
            ],
            rows: outlets.map {
                Table.Row([$0.name, $0.contact, $0.email, env.catalogs[$0.language].text("language_name")])
            })
        return Self.render(
            env, c.text("media_title"), request, context, views: [outlet, release], error: error,
            sections: [
                .init(
                    id: "outlets", heading: c.text("media_outlets", ["count": String(outlets.count)]), box: true,
                    table: table,
                    form: .init(
                        action: "\(scope.base)/staff/media/outlets", fields: outlet.fields, submit: c.text("media_add"))
                ),
                .init(
                    id: "release", heading: c.text("press_send"), box: true,
                    items: [.init(c.text("press_title"), link: "\(scope.base)/press")],
                    form: .init(
                        action: "\(scope.base)/staff/media/releases", fields: release.fields,
                        submit: c.text("press_send"))),
            ])
    }

    /// A newsroom staff page: its sections, the notice after saving, and the errors of its forms.
    static func render(
        _ env: AppEnvironment, _ title: String, _ request: Request, _ context: AppRequestContext, views: [FormView],
        error: AppError?, sections: [SectionsPage.Section]
    ) -> Response {
        let c = env.catalogs[context.language]
        var page = SectionsPage(
            title: title, flash: request.query("notice") == "saved" ? c.text("news_notice_saved") : nil,
            sections: sections)
        page.errors = FormErrors(views, error: error, catalog: c)
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }
}
