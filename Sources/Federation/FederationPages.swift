import CivilRegistry
import Foundation
import Hummingbird
import Platform

/// The pages: peers for platform admins (`/platform/federation`), grants for municipal admins
/// (`/{slug}/staff/federation-grants`), and a peer's books for registrars (`/{slug}/staff/federation`).
struct FederationPages: Sendable {
    let env: AppEnvironment
    static let grantors: Set<Role> = [.municipalAdmin, .platformAdmin]
    static let registrars: Set<Role> = [.registrar, .platformAdmin]

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("platform/federation") { request, context in
            _ = try PlatformAdminCapability.platformAdmin(request, context)
            return try await peers(request, context, form: nil, error: nil)
        }
        router.post("platform/federation") { request, context in
            _ = try PlatformAdminCapability.platformAdmin(request, context)
            let form = try await Form.read(request)
            do {
                _ = try await PeerTrust(env, actor: context.actor).add(
                    baseURL: form["base_url"] ?? "", name: form["name"] ?? "")
                return Response.redirect("/platform/federation?notice=saved")
            } catch let error as AppError {
                return try await peers(request, context, form: form, error: error)
            } catch let error as FederationError {
                return try await peers(request, context, form: form, error: error.appError)
            }
        }
        router.get("platform/federation/log") { request, context in
            _ = try PlatformAdminCapability.platformAdmin(request, context)
            return try await FederationAPI(env: env).export(request, context)
        }
        router.post("platform/federation/:id/:decision") { request, context in
            _ = try PlatformAdminCapability.platformAdmin(request, context)
            _ = try await Form.read(request)
            let peer = try await FederationAPI(env: env).peer(context)
            try await PeerTrust(env, actor: context.actor).decide(context.parameters.get("decision"), on: peer)
            return Response.redirect("/platform/federation?notice=saved")
        }
        GrantPages(env: env).addRoutes(to: router.staffGroup(env, roles: Self.grantors))
        RemotePages(env: env).addRoutes(to: router.staffGroup(env, roles: Self.registrars))
    }

    func peers(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws -> Response
    {
        let c = env.catalogs[context.language]
        let rows = try await PeerStore(db: env.database.sql).all().map { peer -> Table.Row in
            let decision = peer.offered != nil ? "accept-keys" : peer.status == .trusted ? "revoke" : "restore"
            return Table.Row(
                [
                    peer.name, peer.baseURL, c.text("federation_status_\(peer.status.rawValue)"),
                    peer.pinned.keys.map(\.kid).joined(separator: ", "),
                    peer.offered.map {
                        c.text("federation_offered", ["keys": $0.keys.map(\.kid).joined(separator: ", ")])
                    }
                        ?? "",
                ], action: "/platform/federation/\(peer.id)/\(decision)",
                actionLabel: c.text("federation_\(decision.replacingOccurrences(of: "-", with: "_"))"))
        }
        var view = FormView(catalog: c, error: error)
        view.input(
            "base_url", label: "federation_base_url_label", type: "url", value: form?["base_url"] ?? "", required: true,
            hint: c.text("federation_base_url_hint"))
        view.input("name", label: "federation_peer_name", value: form?["name"] ?? "", required: true)
        var page = SectionsPage(
            title: c.text("federation_title"), intro: c.text("federation_intro"),
            flash: request.query("notice") == "saved" ? c.text("notice_saved") : nil,
            sections: [
                .init(
                    id: "peers", heading: c.text("federation_peers"),
                    text: rows.isEmpty ? c.text("federation_no_peers") : nil,
                    table: rows.isEmpty
                        ? nil
                        : Table(
                            head: [
                                "federation_peer_name", "federation_base_url_label", "federation_status",
                                "federation_keys", "federation_offered_head",
                            ].map { c.text($0) }, rows: rows)),
                .init(
                    id: "add", heading: c.text("federation_add"),
                    form: .init(action: "/platform/federation", fields: view.fields, submit: c.text("federation_add"))),
                .init(
                    id: "log", heading: c.text("federation_log"), text: c.text("federation_log_text"),
                    items: [.init(c.text("federation_log_download"), link: "/platform/federation/log")]),
            ])
        page.errors = FormErrors([view], error: error, catalog: c)
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }
}
