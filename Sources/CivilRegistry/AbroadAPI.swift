import Foundation
import Hummingbird
import Platform

/// `/api/v1` for events abroad, as the pages: a member reports one with the foreign document, follows
/// it and answers the registrar; the registrar reads the queue and asks for more or refuses (entering
/// is `POST /api/v1/{slug}/registry/{book}` with `abroad` set to the report's number).
struct AbroadAPI: Sendable {
    let env: AppEnvironment
    var pages: AbroadPages { AbroadPages(env: env) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let api = router.municipalityGroup(env, prefix: "api/v1/")
        let registrars = router.staffAPIGroup(env, roles: RegistryDesk.registrars)
        api.post("abroad-reports") { request, context in
            let member = try member(context)
            let body = try await JSONBody.decode(AbroadBody.self, request, limit: AbroadAPI.bodyLimit)
            let report = try await AbroadService(env).report(
                body.fields, files: try JSONFile.decoded(body.attachments, field: "foreign_document"),
                to: try context.pathMunicipality, by: member, actor: context.actor)
            return try Response.json(try await json(report), status: .created)
        }
        api.get("abroad-reports/:number") { request, context in
            // A registrar reads it as the queue does (audited); anyone else only their own.
            _ = try member(context)
            if let scope = try StaffScope.optional(context, roles: RegistryDesk.registrars) {
                return try Response.json(try await json(try await pages.staffReport(scope, context).1))
            }
            let (report, _, _) = try await pages.mine(request, context)
            return try Response.json(try await json(report))
        }
        api.post("abroad-reports/:number/answer") { request, context in
            _ = try member(context)
            let (report, _, _) = try await pages.mine(request, context)
            let body = try await JSONBody.decode(AnswerBody.self, request, limit: AbroadAPI.bodyLimit)
            try await AbroadService(env).answer(
                report, text: body.answer, files: try JSONFile.decoded(body.attachments, field: "foreign_document"),
                actor: context.actor)
            return try Response.json(try await json(try await reread(report)))
        }
        registrars.get("abroad-reports") { request, context in
            let scope = try context.staffScope
            let status =
                request.query("status") == "all"
                ? nil : AbroadReport.Status(rawValue: request.query("status") ?? "received") ?? .received
            let list = try await AbroadStore(env.database.sql).queue(scope.municipality.id, status: status)
            try await env.audit.record(
                context.actor, "abroad.queue", objectType: "municipality", objectID: scope.municipality.id,
                municipalityID: scope.municipality.id, detail: request.uri.query ?? "")
            var reports: [ReportJSON] = []
            for report in list { reports.append(try await json(report)) }
            return try Response.json(["reports": reports])
        }
        for status in [AbroadReport.Status.moreInfo, .rejected] {
            registrars.post("abroad-reports/:number/\(status.rawValue)") { request, context in
                let (scope, report) = try await pages.staffReport(try context.staffScope, context)
                let body = try await JSONBody.decode(NoteBody.self, request)
                try await AbroadService(env).decide(
                    report, to: status, note: body.note, municipality: scope.municipality, actor: context.actor)
                return try Response.json(try await json(try await reread(report)))
            }
        }
    }

    static let bodyLimit = ExtractAPI.bodyLimit

    func member(_ context: AppRequestContext) throws -> Account {
        guard let account = context.verifiedAccount else { throw AppError.unauthorized }
        return account
    }

    func reread(_ report: AbroadReport) async throws -> AbroadReport {
        try await AbroadStore(env.database.sql).report(report.number) ?? report
    }

    func json(_ r: AbroadReport) async throws -> ReportJSON {
        let files = try await ExtractStore(env.database.sql).files(of: r.id)
        return ReportJSON(
            number: r.number, book: r.book.rawValue, status: r.status.rawValue, details: r.details, note: r.note,
            entry_id: r.entryID, submitted_at: Timestamp.text(r.submittedAt),
            files: files.map { .init(filename: $0.filename, content_type: $0.contentType) })
    }
}

struct AbroadBody: Decodable {
    let book: String
    let given_name: String?, surname: String?, event_date: String?, event_place: String?, country: String?
    let other_persons: String?
    let attachments: [JSONFile]?

    var fields: [String: String] {
        [
            "book": book, "given_name": given_name ?? "", "surname": surname ?? "", "event_date": event_date ?? "",
            "event_place": event_place ?? "", "country": country ?? "", "other_persons": other_persons ?? "",
        ]
    }
}

struct AnswerBody: Decodable { let answer: String?, attachments: [JSONFile]? }
struct NoteBody: Decodable { let note: String? }

struct ReportJSON: Encodable {
    struct File: Encodable { let filename: String, content_type: String }
    let number: String, book: String, status: String, details: [String: String], note: String?, entry_id: String?
    let submitted_at: String, files: [File]
}

extension AbroadAPI {
    static let registrar = "(registrar of the municipality)"
    static let operations: [APIOperation] = [
        APIOperation(
            "post", "/api/v1/{slug}/abroad-reports",
            summary:
                "Report a birth, marriage or death abroad with the foreign document, for entry in the books (member)",
            requiresAuth: true,
            requestSchema: .object(
                [
                    "book": .string(oneOf: AbroadReport.books.map(\.rawValue)), "given_name": .string(maxLength: 200),
                    "surname": .string(maxLength: 200), "event_date": .string(format: "date"),
                    "event_place": .string(maxLength: 200), "country": .string(maxLength: 200),
                    "other_persons": .string(maxLength: 1000),
                    "attachments": .array(
                        of: JSONFile.schema, maxItems: AttachmentKind.maximumCount,
                        "The foreign document (PDF, JPEG, PNG)"),
                ], required: ["book", "attachments"]),
            responses: [201: "Received, numbered", 422: "Invalid field"]),
        APIOperation(
            "get", "/api/v1/{slug}/abroad-reports/{number}",
            summary: "A report (its member, or a registrar of the municipality)", requiresAuth: true,
            responses: [200: "The report"]),
        APIOperation(
            "post", "/api/v1/{slug}/abroad-reports/{number}/answer",
            summary: "The member's answer to the registrar's question, with more documents", requiresAuth: true,
            requestSchema: .object([
                "answer": .string(maxLength: 2000),
                "attachments": .array(of: JSONFile.schema, maxItems: AttachmentKind.maximumCount),
            ]),
            responses: [
                200: "Answered; the report waits for the registrar again", 409: "Nothing was asked",
                422: "Invalid field",
            ]),
        APIOperation(
            "get", "/api/v1/{slug}/abroad-reports",
            summary: "The registrar's queue: status = received|more_info|entered|rejected|all \(registrar)",
            requiresAuth: true, responses: [200: "Reports, oldest first"]),
        APIOperation(
            "post", "/api/v1/{slug}/abroad-reports/{number}/more_info",
            summary: "Ask the member for more, in words they read \(registrar)", requiresAuth: true,
            requestSchema: .object(["note": .string(maxLength: 2000)], required: ["note"]),
            responses: [200: "Asked", 409: "Already decided", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/abroad-reports/{number}/rejected",
            summary: "Refuse the report, saying why \(registrar)", requiresAuth: true,
            requestSchema: .object(["note": .string(maxLength: 2000)], required: ["note"]),
            responses: [200: "Refused", 409: "Already decided", 422: "Invalid field"]),
    ]
}
