import Foundation
import Hummingbird
import Platform

/// "Are you in our books?" — before paying, a member learns whether an entry matching what they
/// know exists in any municipality's books of the deployment: found or not found, nothing more.
/// Limited per account and per address, so it cannot be used to sweep the books.
struct PresenceCheck: Sendable {
    let env: AppEnvironment
    static let perAccount = 5, perAddress = 20, window: TimeInterval = 3600

    /// Found or not; bad input is refused and counts nothing, a spent limit is refused.
    func check(_ input: [String: String], member: Account, actor: Actor, municipality: Municipality) async throws
        -> Bool
    {
        let today = Day(sarajevo: env.clock.now())
        var form = FormInput(input)
        let chosen = try form.choice("kind", ExtractKind.self)
        var query = RegistryQuery()
        if let raw = input["jmbg"], !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            query.jmbg = try form.check {
                do { return try JMBG(raw, today: today.components).digits } catch let problem as JMBG.Problem {
                    throw AppError.invalid("jmbg", problem.rawValue)
                }
            }
        } else {
            let given = try form.text("given_name", limit: 200), surname = try form.text("surname", limit: 200)
            let birth = try form.check {
                guard let birth = input["birth_date"].flatMap({ Day(text: $0) }), birth <= today else {
                    throw AppError.invalid("birth_date", "required_without_jmbg")
                }
                return birth
            }
            query.nameKey = NameKey.of("\(given ?? "") \(surname ?? "")")
            if chosen?.book != .marriages { query.birthDate = birth?.description }
        }
        try form.finish()
        let kind = chosen!
        query.book = kind.book
        let now = env.clock.now(), limiter = env.rateLimiter
        let keys = [
            ("presence:account:\(member.id)", Self.perAccount),
            ("presence:address:\(actor.clientAddress)", Self.perAddress),
        ]
        // Each check is counted and judged in one statement per key, so parallel checks cannot slip past.
        for (key, limit) in keys where try await !limiter.take(key, limit: limit, window: Self.window, at: now) {
            throw AppError(.tooManyRequests, code: "presence_limit", arguments: ["count": String(Self.perAccount)])
        }
        let found = !(try await RegistryStore(env.database.sql).search(query)).isEmpty
        // The check reads the books, so it is logged, without what was asked.
        try await env.audit.record(
            actor, "registry.presence_check", objectType: "municipality", objectID: municipality.id,
            municipalityID: municipality.id, detail: "\(kind.book.rawValue): \(found ? "found" : "not found")")
        return found
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        let portal = router.municipalityGroup(env)
        portal.get("extracts/check") { request, context in
            try await page(request, context, form: nil, result: nil, error: nil)
        }
        portal.post("extracts/check") { request, context in
            let municipality = try context.pathMunicipality
            guard let member = context.verifiedAccount else { throw Redirect.toLogin(from: request.uri.description) }
            let form = try await Form.read(request)
            do {
                let found = try await check(
                    form.values, member: member, actor: context.actor, municipality: municipality)
                return try await page(request, context, form: form, result: found, error: nil)
            } catch let error as AppError where error.field != nil || error.status == .tooManyRequests {
                return try await page(request, context, form: form, result: nil, error: error)
            }
        }
        router.municipalityGroup(env, prefix: "api/v1/").post("registry-presence") { request, context in
            let municipality = try context.pathMunicipality
            guard let member = context.verifiedAccount else { throw AppError.unauthorized }
            let found = try await check(
                try await JSONBody.decode(FieldsBody.self, request).values, member: member, actor: context.actor,
                municipality: municipality)
            return try Response.json(["found": found])
        }
    }

    func page(_ request: Request, _ context: AppRequestContext, form: Form?, result: Bool?, error: AppError?)
        async throws -> Response
    {
        let municipality = try context.pathMunicipality
        guard context.verifiedAccount != nil else { throw Redirect.toLogin(from: request.uri.description) }
        let c = env.catalogs[context.language]
        var view = FormView(catalog: c, error: error)
        view.select(
            "kind", label: "extract_field_kind",
            choices: ExtractKind.allCases.map { ($0.rawValue, c.text("extract_kind_\($0.rawValue)")) },
            selected: form?["kind"])
        for name in ["jmbg", "given_name", "surname"] {
            view.input(name, label: "extract_field_\(name)", value: form?[name] ?? "")
        }
        view.input("birth_date", label: "extract_field_birth_date", type: "date", value: form?["birth_date"] ?? "")
        var page = FormPage(
            title: c.text("presence_title"), intro: c.text("presence_intro"),
            action: "/\(municipality.slug)/extracts/check", form: view, submit: c.text("presence_submit"))
        if let result {
            page.flash = c.text(result ? "presence_found" : "presence_not_found")
            page.links = [Link("/\(municipality.slug)/extracts/new", c.text("extract_new_link"))]
        }
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }
}
