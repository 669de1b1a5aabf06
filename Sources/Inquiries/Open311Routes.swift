import Documents
import Foundation
import Hummingbird
import Platform

/// Open311 GeoReport v2 under `/open311/v2`, `jurisdiction_id` = the municipality's slug.
/// Services are the inquiry categories; requests are inquiries. Reading is open to any
/// client but shows no one's words or name; a valid `api_key` of the jurisdiction also
/// sees the description.
struct Open311Routes: Sendable {
    let env: AppEnvironment
    var store: InquiryStore { InquiryStore(env.database.sql) }

    enum Format: String { case json, xml }

    /// An error in the standard's form: a list of `{code, description}`.
    struct Failure: Error {
        let status: HTTPResponse.Status
        let description: String
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        let group = router.group("open311/v2")
        group.get(":resource") { request, context in
            try await respond(request, context, file: context.parameters.get("resource")) { format in
                switch try name(of: context.parameters.get("resource")) {
                case "services": return try await services(request, context, format)
                case "requests": return try await requests(request, context, format)
                default: throw Failure(status: .notFound, description: "Unknown resource")
                }
            }
        }
        group.post(":resource") { request, context in
            try await respond(request, context, file: context.parameters.get("resource")) { format in
                guard try name(of: context.parameters.get("resource")) == "requests" else {
                    throw Failure(status: .notFound, description: "Unknown resource")
                }
                return try await post(request, context, format)
            }
        }
        for (collection, handler) in [("services", definition), ("requests", request), ("tokens", token)]
            as [(String, Handler)]
        {
            group.get("\(collection)/:file") { request, context in
                try await respond(request, context, file: context.parameters.get("file")) { format in
                    try await handler(request, context, format, try name(of: context.parameters.get("file")))
                }
            }
        }
    }

    typealias Handler = @Sendable (Request, AppRequestContext, Format, String) async throws -> Response

    /// `services.json` → `services`; the format comes from the extension.
    func name(of file: String?) throws -> String {
        guard let file, let dot = file.lastIndex(of: ".") else {
            throw Failure(status: .notFound, description: "Missing format")
        }
        return String(file[..<dot])
    }

    func respond(
        _ request: Request, _ context: AppRequestContext, file: String?,
        _ body: (Format) async throws -> Response
    ) async throws -> Response {
        let format = file.flatMap { $0.split(separator: ".").last }.flatMap { Format(rawValue: String($0)) }
        guard let format else {
            return Self.failure(Failure(status: .notFound, description: "Format must be json or xml"), .json)
        }
        do {
            return try await body(format)
        } catch let failure as Failure {
            return Self.failure(failure, format)
        } catch let error as AppError {
            let text = env.catalogs[.en].text(error.messageKey, error.arguments)
            return Self.failure(
                Failure(
                    status: error.status == .unprocessableContent ? .badRequest : error.status,
                    description: error.field.map { "\($0): \(text)" } ?? text), format)
        }
    }

    func jurisdiction(_ request: Request) async throws -> Municipality {
        guard let slug = request.query("jurisdiction_id") else {
            throw Failure(status: .badRequest, description: "jurisdiction_id is required")
        }
        guard let municipality = try await env.municipalities.find(slug: slug) else {
            throw Failure(status: .notFound, description: "Unknown jurisdiction_id")
        }
        return municipality
    }

    // MARK: Services

    func services(_ request: Request, _ context: AppRequestContext, _ format: Format) async throws -> Response {
        let municipality = try await jurisdiction(request)
        let departments = try await env.municipalities.departments(of: municipality.id)
        let language = context.language
        let items = try await store.categories(municipality.id).map { category -> [(String, String)] in
            [
                ("service_code", category.code), ("service_name", category.names[language]),
                ("description", category.names[language]), ("metadata", "false"), ("type", "realtime"),
                ("keywords", ""),
                ("group", departments.first { $0.id == category.departmentID }?.names[language] ?? ""),
            ]
        }
        return Self.render(items, root: "services", item: "service", format)
    }

    func definition(_ request: Request, _ context: AppRequestContext, _ format: Format, _ code: String) async throws
        -> Response
    {
        let municipality = try await jurisdiction(request)
        guard try await store.categories(municipality.id).contains(where: { $0.code == code }) else {
            throw Failure(status: .notFound, description: "Unknown service_code")
        }
        switch format {
        case .json: return try .jsonObject(["service_code": code, "attributes": [Any]()])
        case .xml:
            return Self.xml(
                "<service_definition><service_code>\(Markup.escape(code))</service_code>"
                    + "<attributes></attributes></service_definition>"
            )
        }
    }

    // MARK: Requests

    func post(_ request: Request, _ context: AppRequestContext, _ format: Format) async throws -> Response {
        let form = try await Form.read(request)
        guard let slug = form["jurisdiction_id"] ?? request.query("jurisdiction_id"),
            let municipality = try await env.municipalities.find(slug: slug)
        else { throw Failure(status: .badRequest, description: "jurisdiction_id is required") }
        guard let client = try await Open311Keys(env).client(key: form["api_key"], municipalityID: municipality.id)
        else {
            throw Failure(status: .forbidden, description: "A valid api_key is required")
        }
        let description = form["description"] ?? ""
        let name = [form["first_name"], form["last_name"]].compactMap { $0 }.joined(separator: " ").trimmingCharacters(
            in: .whitespaces)
        var submission = Submission(
            categoryID: form["service_code"], subject: Self.subject(of: description), body: description,
            name: name.isEmpty ? form["email"] : name, email: form["email"], language: nil, timeZone: nil)
        submission.source = "open311:\(client)"
        submission.latitude = form["lat"].flatMap(Double.init)
        submission.longitude = form["long"].flatMap(Double.init)
        submission.address = form["address_string"]
        // The client vouches for its users, as the standard expects: the inquiry goes straight to the inbox.
        let (created, _) = try await InquiryService(env).submit(submission, to: municipality, asker: nil, trusted: true)
        return Self.render(
            [
                [
                    ("service_request_id", created.number), ("token", created.id),
                    ("service_notice", ""), ("account_id", ""),
                ]
            ], root: "service_requests", item: "request", format,
            status: .created)
    }

    /// A subject for the inbox from the first line of the description.
    static func subject(of description: String) -> String? {
        let first =
            description.split(whereSeparator: \.isNewline).first.map(String.init)?.trimmingCharacters(in: .whitespaces)
            ?? ""
        return first.isEmpty ? nil : String(first.prefix(80))
    }

    func requests(_ request: Request, _ context: AppRequestContext, _ format: Format) async throws -> Response {
        let municipality = try await jurisdiction(request)
        let revealed =
            try await Open311Keys(env).client(key: request.query("api_key"), municipalityID: municipality.id) != nil
        var found: [Inquiry]
        if let ids = request.query("service_request_id") {
            found = try await ids.split(separator: ",").asyncCompactMap {
                try await store.find(number: $0.trimmingCharacters(in: .whitespaces).uppercased())
            }
        } else {
            let end = try request.query("end_date").map(Self.date) ?? env.clock.now()
            let start = try request.query("start_date").map(Self.date) ?? end.addingTimeInterval(-90 * 86_400)
            found = try await store.confirmed(municipality.id, from: start, to: end.addingTimeInterval(0.001))
            if let codes = request.query("service_code")?.split(separator: ",").map(String.init) {
                let ids = Set(
                    try await store.categories(municipality.id, activeOnly: false).filter { codes.contains($0.code) }
                        .map(\.id))
                found = found.filter { ids.contains($0.categoryID) }
            }
            if let statuses = request.query("status")?.split(separator: ",").map(String.init) {
                found = found.filter { statuses.contains(Self.status($0)) }
            }
            found = Array(found.sorted { $0.submittedAt > $1.submittedAt }.prefix(1000))
        }
        found = found.filter { $0.municipalityID == municipality.id && $0.confirmedAt != nil && $0.status != .spam }
        return Self.render(
            try await describe(found, municipality, context, revealed: revealed), root: "service_requests",
            item: "request", format)
    }

    func request(_ request: Request, _ context: AppRequestContext, _ format: Format, _ id: String) async throws
        -> Response
    {
        let municipality = try await jurisdiction(request)
        guard let inquiry = try await store.find(number: id.uppercased()), inquiry.municipalityID == municipality.id,
            inquiry.confirmedAt != nil, inquiry.status != .spam
        else { throw Failure(status: .notFound, description: "Unknown service_request_id") }
        let revealed =
            try await Open311Keys(env).client(key: request.query("api_key"), municipalityID: municipality.id) != nil
        return Self.render(
            try await describe([inquiry], municipality, context, revealed: revealed), root: "service_requests",
            item: "request", format)
    }

    func token(_ request: Request, _ context: AppRequestContext, _ format: Format, _ token: String) async throws
        -> Response
    {
        let municipality = try await jurisdiction(request)
        guard let inquiry = try await store.find(id: token), inquiry.municipalityID == municipality.id
        else { throw Failure(status: .notFound, description: "Unknown token") }
        return Self.render(
            [[("service_request_id", inquiry.number), ("token", token)]], root: "service_requests", item: "request",
            format)
    }

    static func status(_ inquiry: Inquiry) -> String {
        [.open, .assigned, .waitingOnAsker].contains(inquiry.status) ? "open" : "closed"
    }

    func describe(_ inquiries: [Inquiry], _ municipality: Municipality, _ context: AppRequestContext, revealed: Bool)
        async throws -> [[(String, String)]]
    {
        let categories = try await store.categories(municipality.id, activeOnly: false)
        let departments = try await env.municipalities.departments(of: municipality.id)
        var rows: [[(String, String)]] = []
        for inquiry in inquiries {
            let category = categories.first { $0.id == inquiry.categoryID }
            var row: [(String, String)] = [
                ("service_request_id", inquiry.number), ("status", Self.status(inquiry)), ("status_notes", ""),
                ("service_name", category?.names[context.language] ?? ""), ("service_code", category?.code ?? ""),
                (
                    "agency_responsible",
                    departments.first { $0.id == inquiry.departmentID }?.names[context.language] ?? ""
                ),
                ("service_notice", ""), ("requested_datetime", Self.w3(inquiry.confirmedAt ?? inquiry.submittedAt)),
                ("updated_datetime", Self.w3(inquiry.updatedAt)),
                ("expected_datetime", inquiry.dueAt.map(Self.w3) ?? ""),
                ("address", inquiry.address ?? ""), ("address_id", ""), ("zipcode", ""),
                ("lat", inquiry.latitude.map { String($0) } ?? ""),
                ("long", inquiry.longitude.map { String($0) } ?? ""), ("media_url", ""),
            ]
            if revealed {
                let first = try await store.messages(of: inquiry.id, includeInternal: false).first?.body ?? ""
                row.insert(("description", first), at: 4)
            }
            rows.append(row)
        }
        return rows
    }

    // MARK: Encoding

    static func w3(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle()) }

    static func date(_ text: String) throws -> Date {
        guard let date = Timestamp.date(text) else {
            throw Failure(status: .badRequest, description: "Dates must be in W3C format, e.g. 2026-01-01T00:00:00Z")
        }
        return date
    }

    /// Keeps each record's field order; numbers stay strings in XML and become numbers in JSON where the standard has
    /// them.
    static func render(
        _ items: [[(String, String)]], root: String, item: String, _ format: Format, status: HTTPResponse.Status = .ok
    ) -> Response {
        switch format {
        case .json:
            let numeric: Set<String> = ["lat", "long"]
            let objects = items.map { pairs in
                Dictionary(
                    pairs.map { key, value -> (String, Any) in
                        if key == "metadata" { return (key, value == "true") }
                        if key == "code", let number = Int(value) { return (key, number) }
                        if numeric.contains(key) { return (key, Double(value) ?? NSNull()) }
                        return (key, value)
                    }, uniquingKeysWith: { a, _ in a })
            }
            return (try? Response.jsonObject(objects, status: status)) ?? Response(status: .internalServerError)
        case .xml:
            let body = items.map { pairs in
                "<\(item)>" + pairs.map { "<\($0.0)>\(Markup.escape($0.1))</\($0.0)>" }.joined() + "</\(item)>"
            }.joined()
            return xml("<\(root)>\(body)</\(root)>", status: status)
        }
    }

    static func failure(_ failure: Failure, _ format: Format) -> Response {
        render(
            [[("code", String(failure.status.code)), ("description", failure.description)]], root: "errors",
            item: "error", format,
            status: failure.status)
    }

    static func xml(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/xml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + body)))
    }

}

extension Sequence {
    func asyncCompactMap<T>(_ transform: (Element) async throws -> T?) async rethrows -> [T] {
        var result: [T] = []
        for element in self { if let value = try await transform(element) { result.append(value) } }
        return result
    }
}
