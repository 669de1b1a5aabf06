import Foundation
import Hummingbird
import Platform

/// Radio programmes for the diaspora: the programme, its episodes, and listener estimates per period.
struct RadioStaffPages: Sendable {
    let env: AppEnvironment

    func addRoutes(
        to router: Router<AppRequestContext>,
        submit:
            @escaping @Sendable (
                Request, AppRequestContext, @escaping NewsStaffPages.Page,
                @escaping (Form, StaffScope) async throws -> String
            ) async throws -> Response
    ) {
        let staff = router.staffGroup(env, roles: NewsStaffPages.editors)
        staff.get("radio") { request, context in try await page(request, context, form: nil, error: nil) }
        staff.post("radio") { request, context in
            try await submit(request, context, page) { form, scope in
                try await MediaStore(env: env).add(
                    try RadioProgramme.check(form.values), municipalityID: scope.municipality.id, actor: context.actor)
                return "radio"
            }
        }
        staff.post("radio/:programme/episodes") { request, context in
            try await submit(request, context, page) { form, scope in
                try await MediaStore(env: env).addEpisode(
                    try await programme(context, scope), input: form.values, municipalityID: scope.municipality.id,
                    actor: context.actor)
                return "radio"
            }
        }
        staff.post("radio/:programme/listeners") { request, context in
            try await submit(request, context, page) { form, scope in
                try await MediaStore(env: env).recordListeners(
                    try await programme(context, scope), input: form.values, municipalityID: scope.municipality.id,
                    actor: context.actor)
                return "radio"
            }
        }
    }

    /// The programme named in the path, only when it is this municipality's.
    func programme(_ context: AppRequestContext, _ scope: StaffScope) async throws -> String {
        let id = context.parameters.get("programme") ?? ""
        guard try await MediaStore(env: env).programmes(scope.municipality.id).contains(where: { $0.id == id }) else {
            throw AppError.notFound
        }
        return id
    }

    @Sendable func page(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws
        -> Response
    {
        let scope = try context.staffScope
        let c = env.catalogs[context.language]
        let store = MediaStore(env: env)
        let target = request.uri.path.split(separator: "/").dropFirst(3).first.map(String.init)
        func errorFor(_ programme: String?, _ fields: [String]) -> AppError? {
            guard let error, let field = error.field, fields.contains(field), programme == target else { return nil }
            return error
        }
        var sections: [SectionsPage.Section] = [], views: [FormView] = []
        for (id, p) in try await store.programmes(scope.municipality.id) {
            var episode = FormView(catalog: c, error: errorFor(id, ["aired_on", "episode_title"]), idPrefix: "e\(id)-")
            episode.input(
                "aired_on", label: "radio_field_aired_on", type: "date",
                value: target == id ? form?["aired_on"] ?? "" : "")
            episode.input(
                "episode_title", label: "radio_field_episode_title",
                value: target == id ? form?["episode_title"] ?? "" : "")
            episode.textarea(
                "episode_description", label: "radio_field_episode_description",
                value: target == id ? form?["episode_description"] ?? "" : "")
            var listeners = FormView(
                catalog: c, error: errorFor(id, ["from_on", "to_on", "listeners", "source"]), idPrefix: "l\(id)-")
            listeners.input(
                "from_on", label: "radio_field_from", type: "date", value: target == id ? form?["from_on"] ?? "" : "")
            listeners.input(
                "to_on", label: "radio_field_to", type: "date", value: target == id ? form?["to_on"] ?? "" : "")
            listeners.input(
                "listeners", label: "radio_field_listeners", type: "number",
                value: target == id ? form?["listeners"] ?? "" : "")
            listeners.input("source", label: "radio_field_source", value: target == id ? form?["source"] ?? "" : "")
            let table = Table(
                head: [
                    c.text("radio_field_from"), c.text("radio_field_to"), c.text("radio_field_listeners"),
                    c.text("radio_field_source"),
                ],
                rows: try await store.listeners(id).map { Table.Row([$0.from, $0.to, String($0.count), $0.source]) })
            sections.append(
                .init(
                    id: id, heading: "\(p.name) · \(p.station) · \(RadioText.slot(p, c))", box: true, table: table,
                    form: .init(
                        action: "\(scope.base)/staff/radio/\(id)/listeners", fields: listeners.fields,
                        submit: c.text("radio_record_listeners"))))
            sections.append(
                .init(
                    id: "\(id)-e", heading: c.text("radio_episodes") + " — " + p.name, box: true,
                    items: try await store.episodes(id).map { .init("\($0.day) — \($0.title)") },
                    form: .init(
                        action: "\(scope.base)/staff/radio/\(id)/episodes", fields: episode.fields,
                        submit: c.text("radio_add_episode"))))
            views += [listeners, episode]
        }
        var programme = FormView(catalog: c, error: target == nil ? error : nil)
        for (name, label) in [
            ("name", "radio_field_name"), ("station", "radio_field_station"), ("frequency", "radio_field_frequency"),
            ("stream_url", "radio_field_stream"),
        ] {
            programme.input(name, label: label, value: target == nil ? form?[name] ?? "" : "")
        }
        programme.select(
            "weekday", label: "radio_field_weekday", choices: (1...7).map { (String($0), c.text("weekday_\($0)")) },
            selected: form?["weekday"])
        programme.input(
            "airs_at", label: "radio_field_airs_at", type: "time", value: target == nil ? form?["airs_at"] ?? "" : "")
        programme.input(
            "minutes", label: "radio_field_minutes", type: "number",
            value: target == nil ? form?["minutes"] ?? "60" : "60")
        sections.append(
            .init(
                id: "new", heading: c.text("radio_add"), box: true,
                items: [.init(c.text("radio_title"), link: "\(scope.base)/radio")],
                form: .init(action: "\(scope.base)/staff/radio", fields: programme.fields, submit: c.text("radio_add")))
        )
        return NewsStaffPages.render(
            env, c.text("radio_title"), request, context, views: views + [programme], error: error, sections: sections)
    }
}
