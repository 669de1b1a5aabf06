import Foundation
import Hummingbird
import Platform

/// The registrar's pages: search every municipality's books, enter, read and annotate.
struct RegistryStaffPages: Sendable {
    let env: AppEnvironment
    /// Registry data is for registrars (and platform admins); both sign in with a code.

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffGroup(env, roles: RegistryDesk.registrars)
        staff.get("registry") { request, context in try await search(request, context) }
        staff.get("registry/new/:book") { request, context in
            try await entryForm(request, context, form: nil, error: nil)
        }
        staff.post("registry/new/:book") { request, context in try await create(request, context) }
        staff.get("registry/entries/:id") { request, context in
            try await entry(request, context, form: nil, error: nil)
        }
        staff.post("registry/entries/:id/annotations") { request, context in
            try await annotate(request, context)
        }
    }

    func scope(_ request: Request, _ context: AppRequestContext) async throws -> (StaffScope, RegistryDesk) {
        let scope = try context.staffScope
        return (scope, RegistryDesk(env, registrar: scope.account, actor: context.actor))
    }

    func book(_ context: AppRequestContext) throws -> RegistryBook {
        guard let book = context.parameters.get("book").flatMap(RegistryBook.init(rawValue:)) else {
            throw AppError.notFound
        }
        return book
    }

    // MARK: Search

    func search(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (scope, service) = try await scope(request, context)
        let c = env.catalogs[context.language]
        // A bad book reference is said on the page (it used to be dropped, searching without it).
        var problem: AppError?
        var query: RegistryQuery?
        do { query = try RegistryQuery.asked { request.query($0) } } catch let error as AppError { problem = error }
        let asked = query != nil
        let municipalities = try await env.municipalities.all()
        let results = try await query.asyncMap { try await service.search($0) } ?? []
        let q = { (name: String) in request.query(name) ?? "" }
        let page = RegistrySearchPage(
            title: c.text("registry_title"), base: scope.base, asked: asked, empty: asked && results.isEmpty,
            error: problem.map { c.text($0.messageKey, $0.arguments) } ?? "",
            query: .init(
                jmbg: q("jmbg"), name: q("name"), birthDate: q("birth_date"), volume: q("volume"), page: q("page"),
                number: q("number")),
            books: RegistryBook.allCases.map {
                SelectOption($0.rawValue, c.text("book_\($0.rawValue)"), selected: $0 == query?.book)
            },
            results: results.map { entry in
                let f = entry.current
                return .init(
                    id: entry.id, book: c.text("book_\(entry.book.rawValue)"), reference: entry.reference.description,
                    name: "\(f["given_name"] ?? "") \(f["surname"] ?? "")",
                    date: f["birth_date"] ?? f["marriage_date"] ?? "",
                    municipality: municipalities.first { $0.id == entry.municipalityID }?.names[context.language] ?? "")
            })
        return env.pages.render(page, request: request, context: context, status: problem?.status ?? .ok)
    }

    // MARK: New entry

    func entryForm(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws
        -> Response
    {
        let (scope, _) = try await scope(request, context)
        let book = try book(context)
        let c = env.catalogs[context.language]
        var view = FormView(catalog: c, error: error)
        view.input("area", label: "registry_area", value: form?["area"] ?? "", required: true)
        view.input(
            "book_year", label: "registry_book_year", type: "number", value: form?["book_year"] ?? "", required: true)
        view.input("volume", label: "registry_volume", type: "number", value: form?["volume"] ?? "", required: true)
        view.input("page", label: "registry_page", type: "number", value: form?["page"] ?? "", required: true)
        view.input("number", label: "registry_number", type: "number", value: form?["number"] ?? "", required: true)
        view.input(
            "registered_on", label: "registry_registered_on", type: "date",
            value: form?["registered_on"] ?? Day(sarajevo: env.clock.now()).description, required: true)
        let abroad =
            try await (form?["abroad"] ?? request.query("abroad")).asyncMap {
                try await AbroadStore(env.database.sql).report($0)
            } ?? nil
        Self.fieldInputs(book, &view, values: { form?[$0] ?? abroad?.prefill[$0] ?? "" }, c: c)
        Self.confirmation(error, &view, c: c)
        let page = FormPage(
            title: "\(c.text("registry_new")): \(c.text("book_\(book.rawValue)"))",
            intro: abroad.map { c.text("abroad_entering", ["number": $0.number]) },
            action: "\(scope.base)/staff/registry/new/\(book.rawValue)" + (abroad.map { "?abroad=\($0.number)" } ?? ""),
            form: view, submit: c.text("save"))
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    /// One input per field of the book, named as the field (or with `prefix`).
    static func fieldInputs(
        _ book: RegistryBook, _ view: inout FormView, prefix: String = "", values: (String) -> String, c: Catalog
    ) {
        for field in book.fields {
            let name = prefix + field.name, label = "registry_field_\(field.name)"
            switch field.kind {
            case .sex:
                view.select(
                    name, label: label,
                    choices: [("", "—"), ("male", c.text("sex_male")), ("female", c.text("sex_female"))],
                    selected: values(field.name))
            case .date:
                view.input(
                    name, label: label, type: "date", value: values(field.name),
                    required: field.required && prefix.isEmpty)
            case .time:
                view.input(
                    name, label: label, type: "time", value: values(field.name),
                    required: field.required && prefix.isEmpty)
            case .text, .jmbg:
                view.input(name, label: label, value: values(field.name), required: field.required && prefix.isEmpty)
            case .absence:
                view.select(
                    name, label: label,
                    choices: [("", "—")]
                        + JMBGAbsence.allCases.map { ($0.rawValue, c.text("jmbg_absence_\($0.rawValue)")) },
                    selected: values(field.name))
            }
        }
    }

    /// After warnings: each one named, and a box the registrar ticks to save the entry as entered.
    static func confirmation(_ error: AppError?, _ view: inout FormView, c: Catalog) {
        guard let error, error.field == "confirm_warnings", let keys = error.arguments["warnings"] else { return }
        let named = keys.split(separator: ",").map { c.text(String($0)) }.joined(separator: " ")
        view.checkboxes("confirm_warnings", label: "registry_confirm_label", choices: [("1", named)], selected: [])
    }

    func create(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (scope, service) = try await scope(request, context)
        let book = try book(context)
        let form = try await Form.read(request)
        do {
            let input = Dictionary(uniqueKeysWithValues: book.fields.map { ($0.name, form[$0.name] ?? "") })
            let abroad =
                try await request.query("abroad").asyncMap { try await AbroadStore(env.database.sql).report($0) } ?? nil
            let place = Dictionary(
                uniqueKeysWithValues: ["area", "book_year", "volume", "page", "number", "registered_on"].map {
                    ($0, form[$0] ?? "")
                })
            let (entry, warnings) = try await service.create(
                book, in: scope.municipality, place: place, fields: input,
                confirmed: form["confirm_warnings"] == "1", abroad: abroad)
            let suffix = warnings.isEmpty ? "" : "?warning=\(warnings[0])"
            return .redirect("\(scope.base)/staff/registry/entries/\(entry.id)\(suffix)")
        } catch let error as AppError where error.field != nil {
            return try await entryForm(request, context, form: form, error: error)
        }
    }

    // MARK: One entry

    func entry(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws -> Response
    {
        let (scope, service) = try await scope(request, context)
        let entry = try await service.read(context.parameters.get("id") ?? "")
        let c = env.catalogs[context.language]
        let keeper = try await env.municipalities.find(id: entry.municipalityID)
        let seals = try await service.sealsHold(entry)
        let zone = scope.account.timeZone
        let label = { (name: String) in c.text("registry_field_\(name)") }
        var annotationView = FormView(catalog: c, error: error)
        annotationView.select(
            "kind", label: "registry_annotation_kind",
            choices: AnnotationKind.allCases.map { ($0.rawValue, c.text("annotation_\($0.rawValue)")) },
            selected: form?["kind"])
        for name in ["description", "act", "issuer", "act_number"] {
            annotationView.input(name, label: "registry_annotation_\(name)", value: form?[name] ?? "", required: true)
        }
        annotationView.input(
            "act_date", label: "registry_annotation_act_date", type: "date", value: form?["act_date"] ?? "",
            required: true)
        Self.fieldInputs(entry.book, &annotationView, prefix: "field_", values: { form?["field_\($0)"] ?? "" }, c: c)
        Self.confirmation(error, &annotationView, c: c)
        let history = entry.versions.reversed().map { v in
            RegistryEntryPage.Version(
                version: v.version, kind: c.text(v.kind == "entry" ? "registry_first_entry" : "annotation_\(v.kind)"),
                at: context.language.instant(v.recordedAt, zone: zone), by: v.recordedByName,
                sealOK: seals[v.version] == true,
                annotation: ["description", "act", "issuer", "act_number", "act_date"].compactMap { name in
                    v.annotation[name].map { .init(label: c.text("registry_annotation_\(name)"), value: $0) }
                })
        }
        let warning = request.query("warning").flatMap { $0.hasPrefix("registry_warning_") ? $0 : nil }
        let page = RegistryEntryPage(
            title: "\(c.text("book_\(entry.book.rawValue)")) \(entry.reference.description)",
            keeper: keeper?.names[context.language] ?? "", registeredOn: entry.registeredOn, base: scope.base,
            searchLink: "\(scope.base)/staff/registry",
            fields: entry.book.fields.compactMap { field in
                entry.current[field.name].map { .init(label: label(field.name), value: Self.shown($0, field, c)) }
            },
            history: history,
            canAnnotate: entry.municipalityID == scope.account.municipalityID || scope.account.role == .platformAdmin,
            annotationFields: annotationView.fields,
            annotateAction: "\(scope.base)/staff/registry/entries/\(entry.id)/annotations",
            flash: warning.map { c.text($0) }, errors: FormErrors([annotationView], error: error, catalog: c))
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    static func shown(_ value: String, _ field: RegistryField, _ c: Catalog) -> String {
        switch field.kind {
        case .sex: c.text("sex_\(value)")
        case .absence: c.text("jmbg_absence_\(value)")
        default: value
        }
    }

    func annotate(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (scope, service) = try await scope(request, context)
        let form = try await Form.read(request)
        let entry = try await service.read(context.parameters.get("id") ?? "")
        do {
            _ = try await service.annotate(
                entry, kind: form["kind"], form: form.values, confirmed: form["confirm_warnings"] == "1")
        } catch let error as AppError where error.field != nil {
            return try await self.entry(request, context, form: form, error: error)
        }
        return .redirect("\(scope.base)/staff/registry/entries/\(entry.id)")
    }
}

/// The registrar's search across every municipality's books (`registry_search`).
struct RegistrySearchPage: PageView {
    static let template = "registry_search"
    struct Query: Sendable {
        let jmbg: String, name: String, birthDate: String, volume: String, page: String, number: String
    }
    struct Found: Sendable {
        let id: String, book: String, reference: String, name: String, date: String, municipality: String
    }
    let title: String, base: String
    let asked: Bool, empty: Bool
    let error: String
    let query: Query
    let books: [SelectOption]
    let results: [Found]
}

/// One registry entry with every version and its seal check, and the annotation form (`registry_entry`).
struct RegistryEntryPage: PageView {
    static let template = "registry_entry"
    struct Fact: Sendable { let label: String, value: String }
    struct Version: Sendable {
        let version: Int
        let kind: String, at: String, by: String
        let sealOK: Bool
        let annotation: [Fact]
    }
    let title: String, keeper: String, registeredOn: String, base: String, searchLink: String
    let fields: [Fact]
    let history: [Version]
    let canAnnotate: Bool
    let annotationFields: [Field]
    let annotateAction: String
    let flash: String?
    let errors: FormErrors
}
