import Foundation
import Hummingbird
import Platform

/// `/api/v1/{slug}/protocol/…` for case files and documents' files, as on the clerks' pages: the case
/// files, a document put into a case (an existing one or a new one), a case archived with every
/// document in it, and a file downloaded (audited).
struct ProtocolCasesAPI: Sendable {
    let env: AppEnvironment
    var api: ProtocolAPI { ProtocolAPI(env: env) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let clerks = router.staffAPIGroup(env, roles: ProtocolDesk.clerks)
        clerks.get("protocol/cases") { _, context in
            let cases = try await ProtocolStore(env.database.sql).cases(try context.staffScope.municipality.id)
            return try Response.json(["cases": cases.map(CaseJSON.init)])
        }
        clerks.post("protocol/cases/:case/archive") { _, context in
            let scope = try context.staffScope, id = context.parameters.get("case") ?? ""
            try await ProtocolDesk(env: env).archive(
                caseID: id, municipalityID: scope.municipality.id, by: scope.account, actor: context.actor)
            guard
                let archived = try await ProtocolStore(env.database.sql).caseFile(
                    id, municipalityID: scope.municipality.id)
            else { throw AppError.notFound }
            return try Response.json(CaseJSON(archived))
        }
        clerks.post("protocol/:id/case") { request, context in
            let (scope, d) = try await api.document(request, context)
            let body = try await JSONBody.decode(CaseBody.self, request)
            let chosen = body.case_id.flatMap { $0.isEmpty ? nil : $0 }
            try await ProtocolDesk(env: env).file(
                d, caseID: chosen, newTitle: chosen == nil ? body.case_title : nil, by: scope.account,
                actor: context.actor)
            return try Response.json(try await api.detail(try await api.reread(d)))
        }
        clerks.get("protocol/:id/files/:file") { request, context in
            try await OfficialDocumentStaffPages(env: env).download(request, context)
        }
    }
}

struct CaseBody: Decodable { let case_id: String?, case_title: String? }

struct CaseJSON: Encodable {
    let id: String, number: String, title: String, class_code: String, opened_at: String, documents: Int
    let archived_at: String?
    /// The day its retention ends, set when archived; none: kept for ever.
    let retain_until: String?
    init(_ c: ProtocolStore.CaseFile) {
        (id, number, title, class_code, documents) = (c.id, c.number, c.title, c.classCode, c.documents)
        (opened_at, archived_at) = (Timestamp.text(c.openedAt), c.archivedAt.map(Timestamp.text))
        retain_until = c.retainUntil?.description
    }
}

extension ProtocolCasesAPI {
    static let clerks = ProtocolAPI.clerks
    static let operations: [APIOperation] = [
        APIOperation(
            "get", "/api/v1/{slug}/protocol/cases", summary: "The case files, newest first \(clerks)",
            requiresAuth: true, responses: [200: "The case files"]),
        APIOperation(
            "post", "/api/v1/{slug}/protocol/cases/{case}/archive",
            summary: "Archive a case file and every document in it; its retention starts \(clerks)",
            requiresAuth: true, responses: [200: "The case file", 404: "Unknown, or archived already"]),
        APIOperation(
            "post", "/api/v1/{slug}/protocol/{id}/case",
            summary: "Put a document into a case file: an existing one, or a new one with this title \(clerks)",
            requiresAuth: true,
            requestSchema: .object([
                "case_id": .string("An open case file of this municipality"),
                "case_title": .string("A new case file's title, when no case_id", maxLength: 300),
            ]),
            responses: [200: "The document", 404: "Unknown document", 422: "Invalid field"]),
        APIOperation(
            "get", "/api/v1/{slug}/protocol/{id}/files/{file}", summary: "Download a document's file \(clerks)",
            requiresAuth: true, responses: [200: "The file", 404: "Unknown"]),
    ]
}
