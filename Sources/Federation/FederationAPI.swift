import CivilRegistry
import Foundation
import Hummingbird
import Platform

/// `/api/v1` for federation: the inbound door other deployments post signed messages to; peers
/// and the message log for platform admins; grants for municipal admins; searching and reading a
/// peer's books for registrars.
struct FederationAPI: Sendable {
    let env: AppEnvironment
    static let messageLimit = 256 * 1024

    struct PeerJSON: Encodable {
        let id: String, name: String, base_url: String, status: String, keys: [String]
        let offered_keys: [String]?
        init(_ peer: Peer) {
            (id, name, base_url, status) = (peer.id, peer.name, peer.baseURL, peer.status.rawValue)
            keys = peer.pinned.keys.map(\.kid)
            offered_keys = peer.offered?.keys.map(\.kid)
        }
    }

    struct PeerBody: Decodable { let base_url: String, name: String }
    struct GrantsBody: Decodable {
        struct Grant: Decodable { let book: String, permission: String }
        let grants: [Grant]
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        let api = router.group("api/v1")
        api.post("federation/messages") { request, context in
            var request = request
            let data = Data(buffer: try await request.collectBody(upTo: Self.messageLimit))
            do {
                let answer = try await KeeperDesk(env: env, clientAddress: context.clientAddress).receive(data)
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(data: try answer.json())))
            } catch let error as FederationError { throw error.appError }
        }
        addPeerRoutes(to: api)
        addGrantRoutes(to: router.staffAPIGroup(env, roles: FederationPages.grantors))
        addRemoteRoutes(to: router.staffAPIGroup(env, roles: FederationPages.registrars))
    }

    func addPeerRoutes(to api: RouterGroup<AppRequestContext>) {
        api.get("federation/peers") { _, context in
            _ = try admin(context)
            return try Response.json(["peers": try await PeerStore(db: env.database.sql).all().map(PeerJSON.init)])
        }
        api.post("federation/peers") { request, context in
            _ = try admin(context)
            let body = try await JSONBody.decode(PeerBody.self, request)
            let peer = try await PeerTrust(env, actor: context.actor).add(baseURL: body.base_url, name: body.name)
            return try Response.json(PeerJSON(peer), status: .created)
        }
        api.post("federation/peers/:id/:decision") { _, context in
            _ = try admin(context)
            let peer = try await peer(context)
            try await PeerTrust(env, actor: context.actor).decide(context.parameters.get("decision"), on: peer)
            return try Response.json(PeerJSON(try await self.peer(context)))
        }
        api.get("federation/log") { request, context in
            _ = try admin(context)
            return try await export(request, context)
        }
    }

    /// The log of `from`…`to` (days, both optional) with every key; the export itself is audited.
    func export(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let export = try await MessageExport.make(
            env, from: request.query("from").flatMap { Day(text: $0) },
            to: request.query("to").flatMap { Day(text: $0) })
        try await env.audit.record(
            context.actor, "federation.log.export", objectType: "federation_messages", objectID: "*",
            municipalityID: nil, detail: "\(export.messages.count) messages")
        var response = try Response.json(export)
        response.headers[.contentDisposition] = "attachment; filename=\"zavicaj-federation-log.json\""
        return response
    }

    func addGrantRoutes(to staff: RouterGroup<AppRequestContext>) {
        staff.get("federation/grants") { _, context in
            let scope = try context.staffScope
            return try Response.json(["grants": try await grants(scope.municipality)])
        }
        staff.post("federation/grants/:id") { request, context in
            let scope = try context.staffScope
            let body = try await JSONBody.decode(GrantsBody.self, request)
            let pairs = try body.grants.map { grant -> PeerStore.Pair in
                guard RegistryBook(rawValue: grant.book) != nil else {
                    throw AppError.invalid("book", "invalid_choice")
                }
                guard let permission = Permission(rawValue: grant.permission) else {
                    throw AppError.invalid("permission", "invalid_choice")
                }
                return PeerStore.Pair(book: grant.book, permission: permission)
            }
            try await GrantDesk(env: env, actor: context.actor).set(
                Set(pairs), peer: try await peer(context), municipality: scope.municipality)
            return try Response.json(["grants": try await grants(scope.municipality)])
        }
    }

    func addRemoteRoutes(to staff: RouterGroup<AppRequestContext>) {
        staff.get("federation/peers/:id/search") { request, context in
            let scope = try context.staffScope
            let terms = PeerRequest.Terms(
                jmbg: request.query("jmbg"), name: request.query("name"), birth_date: request.query("birth_date"),
                book: request.query("book"))
            let entries = try await RemoteDesk(
                env, registrar: scope.account, municipality: scope.municipality, actor: context.actor
            ).search(try await peer(context), terms: terms, purpose: request.query("purpose") ?? "")
            return try Response.json(["entries": entries.map(EntryJSON.init)])
        }
        staff.get("federation/peers/:id/entries/:entry") { request, context in
            let scope = try context.staffScope
            let entry = try await RemoteDesk(
                env, registrar: scope.account, municipality: scope.municipality, actor: context.actor
            ).read(
                try await peer(context), entry: context.parameters.get("entry") ?? "",
                purpose: request.query("purpose") ?? "")
            return try Response.json(EntryJSON(entry))
        }
        staff.post("federation/peers/:id/entries/:entry/issue") { request, context in
            let scope = try context.staffScope
            let body = try await JSONBody.decode(IssueBody.self, request)
            let issued = try await RemoteIssue(
                env: env, registrar: scope.account, municipality: scope.municipality, actor: context.actor
            ).issue(
                from: try await peer(context), entry: context.parameters.get("entry") ?? "", request: body.request,
                language: body.language, note: body.issue_note)
            return try Response.json(IssuedJSON(issued.document, request: issued.request, env: env), status: .created)
        }
    }

    struct IssueBody: Decodable { let request: String, language: String?, issue_note: String? }

    /// The document issued here from a peer's entry: where anyone verifies it, where staff fetch it.
    struct IssuedJSON: Encodable {
        let request: String, number: String, code: String, kind: String, language: String, issued_at: String
        let keeper_deployment: String, verify_url: String, pdf_url: String
        init(_ d: IssuedDocument, request r: ExtractRequest, env: AppEnvironment) {
            (request, number, code, kind, language) = (r.number, d.number, d.code, d.kind.rawValue, d.language.rawValue)
            (issued_at, keeper_deployment) = (Timestamp.text(d.issuedAt), d.keptAt ?? "")
            verify_url = "\(env.settings.baseURL)/verify/\(d.code)"
            pdf_url = "\(env.settings.baseURL)/api/v1/documents/\(d.number).pdf"
        }
    }

    /// An entry of a peer's books as the API gives it; `sealed` and `seal` let a program check it too.
    struct EntryJSON: Encodable {
        let id: String, municipality: String, municipality_name: String, book: String, reference: String
        let registered_on: String, version: Int, fields: [String: String], sealed: [String: String], seal: String
        /// On a read: every version as sealed, and the keeping municipality's names and jurisdiction.
        let history: [SharedVersion]?, keeper: Keeper?
        init(_ e: SharedEntry) {
            (history, keeper) = (e.history, e.keeper)
            (id, municipality, municipality_name, book, reference) =
                (e.id, e.municipality, e.municipality_name, e.book, e.reference)
            (registered_on, version, fields, sealed, seal) = (e.registered_on, e.version, e.fields, e.sealed, e.seal)
        }
    }

    struct GrantJSON: Encodable { let peer: String, peer_name: String, book: String, permission: String }

    func grants(_ municipality: Municipality) async throws -> [GrantJSON] {
        let store = PeerStore(db: env.database.sql)
        let peers = Dictionary(try await store.all().map { ($0.id, $0) }) { a, _ in a }
        return try await store.grants(municipalityID: municipality.id).map {
            GrantJSON(
                peer: $0.peerID, peer_name: peers[$0.peerID]?.name ?? "", book: $0.book, permission: $0.permission)
        }
    }

    func peer(_ context: AppRequestContext) async throws -> Peer {
        guard let peer = try await PeerStore(db: env.database.sql).peer(id: context.parameters.get("id") ?? "") else {
            throw AppError.notFound
        }
        return peer
    }

    func admin(_ context: AppRequestContext) throws -> Account {
        guard let account = context.verifiedAccount else { throw AppError.unauthorized }
        guard account.role == .platformAdmin else { throw AppError.forbidden }
        return account
    }
}
