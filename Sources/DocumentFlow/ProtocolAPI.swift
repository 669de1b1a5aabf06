import Foundation
import Hummingbird
import Platform

/// `/api/v1` for the protocol: search and register documents, what waits on me, one document with
/// its history and files, and routing, comments and status, as the clerks' pages do them (audited alike).
struct ProtocolAPI: Sendable {
    let env: AppEnvironment
    var store: ProtocolStore { ProtocolStore(env.database.sql) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let api = router.staffAPIGroup(env, roles: ProtocolDesk.clerks)
        api.get("protocol") { request, context in
            let scope = try context.staffScope
            let found = try await store.search(scope.municipality.id, ProtocolStaffPages(env: env).search(request))
            try await env.audit.record(
                context.actor, "protocol.search", objectType: "municipality", objectID: scope.municipality.id,
                municipalityID: scope.municipality.id, detail: request.uri.query ?? "")
            return try Response.json(["documents": found.map(DocumentJSON.init)])
        }
        api.post("protocol") { request, context in
            let scope = try context.staffScope
            let body = try await JSONBody.decode(EntryBody.self, request, limit: ProtocolStaffPages.uploadLimit)
            let entry = try OfficialDocument.Entry.check(
                body.fields, classes: try await store.classes(scope.municipality.id),
                departments: try await env.municipalities.departments(of: scope.municipality.id))
            let files = try AttachmentKind.check(try JSONFile.decoded(body.attachments, field: "files"), field: "files")
            let document = try await ProtocolDesk(env: env).register(
                entry, files: files, municipalityID: scope.municipality.id, by: scope.account, actor: context.actor)
            return try Response.json(DocumentJSON(document), status: .created)
        }
        api.get("protocol/mine") { request, context in
            let scope = try context.staffScope
            let found = try await ProtocolStaffPages(env: env).waiting(on: scope, actor: context.actor)
            return try Response.json(["documents": found.map(DocumentJSON.init)])
        }
        api.get("protocol/:id") { request, context in
            let (scope, d) = try await document(request, context)
            try await env.audit.record(
                context.actor, "protocol.view", objectType: "official_document", objectID: d.id,
                municipalityID: scope.municipality.id, detail: d.number)
            return try Response.json(try await detail(d))
        }
        api.post("protocol/:id/route") { request, context in
            let (scope, d) = try await document(request, context)
            let body = try await JSONBody.decode(RoutingBody.self, request)
            let routing = try OfficialDocument.Routing.check(
                body.fields, departments: try await env.municipalities.departments(of: scope.municipality.id),
                staff: try await env.accounts.assignable(in: scope.municipality.id))
            try await ProtocolDesk(env: env).route(d, routing, by: scope.account, actor: context.actor)
            return try Response.json(try await detail(try await reread(d)))
        }
        api.post("protocol/:id/comment") { request, context in
            let (scope, d) = try await document(request, context)
            let body = try await JSONBody.decode(CommentBody.self, request)
            try await ProtocolDesk(env: env).comment(d, text: body.comment, by: scope.account, actor: context.actor)
            return try Response.json(try await detail(d))
        }
        api.post("protocol/:id/status") { request, context in
            let (scope, d) = try await document(request, context)
            let body = try await JSONBody.decode(StatusBody.self, request)
            guard let status = OfficialDocument.Status(rawValue: body.status) else {
                throw AppError.invalid("status", "invalid_choice")
            }
            try await ProtocolDesk(env: env).move(d, to: status, by: scope.account, actor: context.actor)
            return try Response.json(try await detail(try await reread(d)))
        }
    }

    func document(_ request: Request, _ context: AppRequestContext) async throws -> (StaffScope, OfficialDocument) {
        try await OfficialDocumentStaffPages(env: env).document(request, context)
    }

    func reread(_ d: OfficialDocument) async throws -> OfficialDocument {
        try await store.document(d.id, municipalityID: d.municipalityID) ?? d
    }

    func detail(_ d: OfficialDocument) async throws -> DocumentJSON {
        var json = DocumentJSON(d)
        json.history = try await store.history(of: d.id).map {
            .init(at: Timestamp.text($0.at), actor: $0.actor, action: $0.action, detail: $0.detail)
        }
        json.files = try await store.files(of: d.id).map { .init(id: $0.id, filename: $0.filename, size: $0.size) }
        return json
    }
}
