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
    }

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.post(":slug/registry/:book") { request, context in
            let (account, municipality) = try await registrar(context, slug: true)
            guard let book = context.parameters.get("book").flatMap(RegistryBook.init(rawValue:)), let municipality
            else { throw AppError.notFound }
            let body = try await JSONBody.read(request)
            let input = Dictionary(uniqueKeysWithValues: book.fields.map { ($0.name, body[$0.name] ?? "") })
            let (entry, warnings) = try await RegistryService(env, registrar: account, actor: context.actor)
                .create(
                    book, in: municipality, place: body.values, fields: input,
                    confirmed: ["true", "1"].contains(body["confirm_warnings"] ?? ""))
            var json = try await json(entry)
            json.warnings = warnings
            return try Response.json(json, status: .created)
        }
        api.get("registry/search") { request, context in
            let (account, _) = try await registrar(context, slug: false)
            var query = RegistryQuery()
            query.jmbg = request.query("jmbg").map { $0.filter(\.isNumber) }
            query.nameKey = request.query("name").map(NameKey.of)
            query.birthDate = request.query("birth_date").flatMap { Day(text: $0)?.description }
            query.book = request.query("book").flatMap(RegistryBook.init(rawValue:))
            if request.query("volume") != nil || request.query("page") != nil || request.query("number") != nil {
                query.reference = try RegistryRules.reference(
                    volume: request.query("volume"), page: request.query("page"), number: request.query("number"))
            }
            guard query.jmbg != nil || query.nameKey != nil || query.reference != nil else {
                throw AppError.invalid("name", "registry_search_empty")
            }
            var entries: [EntryJSON] = []
            for entry in try await RegistryService(env, registrar: account, actor: context.actor).search(query) {
                entries.append(try await json(entry))
            }
            return try Response.json(["entries": entries])
        }
    }

    /// A registrar (or platform admin), of the municipality in the path when there is one.
    func registrar(_ context: AppRequestContext, slug: Bool) async throws -> (Account, Municipality?) {
        guard let account = context.verifiedAccount else { throw AppError.unauthorized }
        guard let role = account.role, RegistryPages.registrars.contains(role) else { throw AppError.forbidden }
        guard slug else { return (account, nil) }
        let municipality = try await PortalCapability.municipality(context, env)
        guard account.canStaff(municipality.id) else { throw AppError.notFound }
        return (account, municipality)
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
