import Foundation
import Hummingbird
import Platform

/// `/api/v1` for the registry books: enter an entry, search every municipality's books.
struct RegistryAPI: Sendable {
    let env: AppEnvironment

    struct EntryJSON: Encodable {
        let id: String, municipality: String, book: String, area: String, book_year: Int, volume: Int, page: Int,
            number: Int, registered_on: String
        let fields: [String: String], versions: Int
        var warnings: [String]?
        /// Every version, oldest first, with whether its seal holds (only when one entry is read).
        var history: [VersionJSON]?
    }

    struct VersionJSON: Encodable {
        let version: Int, kind: String, fields: [String: String], annotation: [String: String]
        let recorded_at: String, recorded_by: String, seal_holds: Bool
    }

    /// An annotation (a later entry) as the entry page's form has it; `fields` are the changed fields.
    struct AnnotationBody: Decodable {
        let kind: String
        let description: String?, act: String?, issuer: String?, act_number: String?, act_date: String?
        let fields: [String: String]?
        let confirm_warnings: Bool?

        var form: [String: String] {
            var form = [
                "description": description ?? "", "act": act ?? "", "issuer": issuer ?? "",
                "act_number": act_number ?? "", "act_date": act_date ?? "",
            ]
            for (name, value) in fields ?? [:] { form["field_\(name)"] = value }
            return form
        }
    }

    func addRoutes(to api: RouterGroup<AppRequestContext>, registrars: RouterGroup<AppRequestContext>) {
        registrars.post("registry/:book") { request, context in
            let (account, municipality) = (try context.staffScope.account, try context.staffScope.municipality)
            guard let book = context.parameters.get("book").flatMap(RegistryBook.init(rawValue:)) else {
                throw AppError.notFound
            }
            let body = try await JSONBody.decode(FieldsBody.self, request)
            let input = Dictionary(uniqueKeysWithValues: book.fields.map { ($0.name, body[$0.name] ?? "") })
            // As the page's `?abroad=`: the report of an event abroad this entry records, closed with it.
            let abroad = try await body["abroad"].asyncMap { number in
                guard let report = try await AbroadStore(env.database.sql).report(number) else {
                    throw AppError.invalid("abroad", "invalid_choice")
                }
                return report
            }
            let (entry, warnings) = try await RegistryDesk(env, registrar: account, actor: context.actor)
                .create(
                    book, in: municipality, place: body.values, fields: input,
                    confirmed: ["true", "1"].contains(body["confirm_warnings"] ?? ""), abroad: abroad)
            var json = try await json(entry)
            json.warnings = warnings
            return try Response.json(json, status: .created)
        }
        api.get("registry/search") { request, context in
            let account = try registrar(context)
            guard let query = try RegistryQuery.asked({ request.query($0) }) else {
                throw AppError.invalid("name", "registry_search_empty")
            }
            var entries: [EntryJSON] = []
            for entry in try await RegistryDesk(env, registrar: account, actor: context.actor).search(query) {
                entries.append(try await json(entry))
            }
            return try Response.json(["entries": entries])
        }
        addEntryRoutes(to: api)
    }

    func addEntryRoutes(to api: RouterGroup<AppRequestContext>) {
        api.get("registry/entries/:id") { _, context in
            let account = try registrar(context)
            let service = RegistryDesk(env, registrar: account, actor: context.actor)
            return try Response.json(
                try await detail(try await service.read(context.parameters.get("id") ?? ""), service))
        }
        api.post("registry/entries/:id/annotations") { request, context in
            let account = try registrar(context)
            let service = RegistryDesk(env, registrar: account, actor: context.actor)
            let body = try await JSONBody.decode(AnnotationBody.self, request)
            let entry = try await service.read(context.parameters.get("id") ?? "")
            let annotated = try await service.annotate(
                entry, kind: body.kind, form: body.form, confirmed: body.confirm_warnings == true)
            return try Response.json(try await detail(annotated, service), status: .created)
        }
        api.get("extract-requests/:id/suggestions") { request, context in
            let (extract, desk) = try await ExtractAPI(env: env).registrarOpened(context)
            guard extract.status == .received else { throw AppError(.conflict, code: "extract_already_decided") }
            let found = try await desk.suggestions(
                extract, jmbg: request.query("jmbg"), name: request.query("name"),
                birthDate: request.query("birth_date"))
            var entries: [EntryJSON] = []
            for entry in found { entries.append(try await json(entry)) }
            return try Response.json(["entries": entries])
        }
    }

    func detail(_ entry: RegistryEntry, _ service: RegistryDesk) async throws -> EntryJSON {
        let seals = try await service.sealsHold(entry)
        var json = try await json(entry)
        json.history = entry.versions.map {
            VersionJSON(
                version: $0.version, kind: $0.kind, fields: $0.fields, annotation: $0.annotation,
                recorded_at: Timestamp.text($0.recordedAt), recorded_by: $0.recordedByName,
                seal_holds: seals[$0.version] == true)
        }
        return json
    }

    /// A registrar (or platform admin); which entries they may read, the desk decides.
    func registrar(_ context: AppRequestContext) throws -> Account {
        guard let account = context.verifiedAccount else { throw AppError.unauthorized }
        guard let role = account.role, RegistryDesk.registrars.contains(role) else { throw AppError.forbidden }
        return account
    }

    func json(_ entry: RegistryEntry) async throws -> EntryJSON {
        let keeper = try await env.municipalities.find(id: entry.municipalityID)
        return EntryJSON(
            id: entry.id, municipality: keeper?.slug ?? "", book: entry.book.rawValue, area: entry.reference.area,
            book_year: entry.reference.year, volume: entry.reference.volume,
            page: entry.reference.page, number: entry.reference.number, registered_on: entry.registeredOn,
            fields: entry.current, versions: entry.versions.count)
    }
}

extension RegistryAPI {
    static let operations: [APIOperation] = [
        APIOperation(
            "get", "/api/v1/registry/entries/{id}",
            summary:
                """
                One entry of any municipality's books with every version and whether its seal holds (registrar; the \
                read is logged where the book is kept)
                """,
            requiresAuth: true, responses: [200: "The entry"]),
        APIOperation(
            "post", "/api/v1/registry/entries/{id}/annotations",
            summary:
                """
                A later entry (annotation) on an entry of the registrar's own municipality: the act, its issuer, \
                number and date, and the fields it changes (registrar)
                """,
            requiresAuth: true,
            requestSchema: .object(
                [
                    "kind": .string(oneOf: AnnotationKind.self), "description": .string(maxLength: 2000),
                    "act": .string(maxLength: 300), "issuer": .string(maxLength: 300),
                    "act_number": .string(maxLength: 100), "act_date": .string(format: "date"),
                    "fields": .object(
                        [:], others: .string(), description: "The entry's fields the act changes, by name"),
                    "confirm_warnings": .boolean("true once the registrar has checked the warnings a 422 named"),
                ], required: ["kind"]),
            responses: [
                201: "Annotated", 403: "Not a registrar of the keeping municipality", 422: "Invalid field",
            ]),
        APIOperation(
            "get", "/api/v1/extract-requests/{id}/suggestions",
            summary:
                "Entries that match an open request, by its JMBG or name, or by jmbg, name, birth_date given "
                + "(registrar)",
            requiresAuth: true, responses: [200: "Entries, best first", 409: "Already decided"]),
    ]
}
