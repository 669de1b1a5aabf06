import CivilRegistry
import Foundation
import Hummingbird
import Platform

/// `/{slug}/staff/federation-grants`: per trusted peer, which of the municipality's books its
/// registrars may search and which they may issue extracts from.
struct GrantPages: Sendable {
    let env: AppEnvironment

    func addRoutes(to staff: RouterGroup<AppRequestContext>) {
        staff.get("federation-grants") { request, context in try await page(request, context) }
        staff.post("federation-grants/:id") { request, context in
            let scope = try context.staffScope
            let form = try await Form.read(request)
            let pairs = Set(
                form.all("grant").compactMap { value -> PeerStore.Pair? in
                    let parts = value.split(separator: ":").map(String.init)
                    guard parts.count == 2, RegistryBook(rawValue: parts[0]) != nil,
                        let permission = Permission(rawValue: parts[1])
                    else { return nil }
                    return PeerStore.Pair(book: parts[0], permission: permission)
                })
            try await GrantDesk(env: env, actor: context.actor).set(
                pairs, peer: try await FederationAPI(env: env).peer(context), municipality: scope.municipality)
            return Response.redirect("\(scope.base)/staff/federation-grants?notice=saved")
        }
    }

    func page(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let scope = try context.staffScope
        let c = env.catalogs[context.language]
        let store = PeerStore(db: env.database.sql)
        let granted = try await store.grants(municipalityID: scope.municipality.id)
        let choices = RegistryBook.allCases.flatMap { book in
            Permission.allCases.map { permission in
                (
                    value: "\(book.rawValue):\(permission.rawValue)",
                    label: c.text(
                        "federation_grant_choice",
                        [
                            "book": c.text("book_\(book.rawValue)"),
                            "permission": c.text("federation_permission_\(permission.rawValue)"),
                        ])
                )
            }
        }
        let sections = try await store.all().filter { $0.status == .trusted }.map { peer in
            var view = FormView(catalog: c, error: nil)
            view.checkboxes(
                "grant", label: "federation_grants_label", choices: choices,
                selected: Set(granted.filter { $0.peerID == peer.id }.map { "\($0.book):\($0.permission)" }))
            return SectionsPage.Section(
                id: "peer-\(peer.id)", heading: "\(peer.name) (\(peer.baseURL))",
                form: .init(
                    action: "\(scope.base)/staff/federation-grants/\(peer.id)", fields: view.fields,
                    submit: c.text("save")))
        }
        let page = SectionsPage(
            title: c.text("federation_grants_title"), intro: c.text("federation_grants_intro"),
            flash: request.query("notice") == "saved" ? c.text("notice_saved") : nil,
            sections: sections.isEmpty
                ? [.init(id: "none", heading: c.text("federation_peers"), text: c.text("federation_no_peers"))]
                : sections)
        return env.pages.render(page, request: request, context: context)
    }
}
