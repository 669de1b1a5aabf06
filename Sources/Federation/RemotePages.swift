import CivilRegistry
import Foundation
import Hummingbird
import Platform

/// `/{slug}/staff/federation`: a registrar searches the books another deployment keeps, saying
/// what for, and opens an entry found there with its keeper's seal checked. The search is a POST,
/// so a JMBG never sits in an address or a proxy's log.
struct RemotePages: Sendable {
    let env: AppEnvironment

    func addRoutes(to staff: RouterGroup<AppRequestContext>) {
        staff.get("federation") { request, context in try await page(request, context, form: nil) }
        staff.post("federation") { request, context in
            try await page(request, context, form: try await Form.read(request))
        }
        staff.get("federation/:id/:entry") { request, context in try await entry(request, context) }
        staff.post("federation/:id/:entry/issue") { request, context in try await issue(request, context) }
    }

    func desk(_ context: AppRequestContext) throws -> RemoteDesk {
        let scope = try context.staffScope
        return RemoteDesk(env, registrar: scope.account, municipality: scope.municipality, actor: context.actor)
    }

    func page(_ request: Request, _ context: AppRequestContext, form: Form?) async throws -> Response {
        let scope = try context.staffScope
        let c = env.catalogs[context.language]
        let peers = try await PeerStore(db: env.database.sql).all().filter { $0.status == .trusted }
        var error: AppError?
        var found: [SharedEntry]?
        var chosen: Peer?
        if let form {
            chosen = peers.first { $0.id == form["peer"] }
            do {
                guard let peer = chosen else { throw AppError.invalid("peer", "invalid_choice") }
                let terms = PeerRequest.Terms(
                    jmbg: form["jmbg"], name: form["name"], birth_date: form["birth_date"],
                    book: form["book"].flatMap { $0.isEmpty ? nil : $0 })
                found = try await desk(context).search(peer, terms: terms, purpose: form["purpose"] ?? "")
            } catch let problem as AppError { error = problem }
        }
        var view = FormView(catalog: c, error: error)
        view.select(
            "peer", label: "federation_peer", choices: peers.map { ($0.id, $0.name) }, selected: form?["peer"])
        view.input("jmbg", label: "registry_field_jmbg", value: form?["jmbg"] ?? "")
        view.input("name", label: "registry_search_name", value: form?["name"] ?? "")
        view.input("birth_date", label: "registry_field_birth_date", type: "date", value: form?["birth_date"] ?? "")
        view.select(
            "book", label: "federation_book",
            choices: [("", "—")] + RegistryBook.allCases.map { ($0.rawValue, c.text("book_\($0.rawValue)")) },
            selected: form?["book"])
        view.input(
            "purpose", label: "federation_purpose_label", value: form?["purpose"] ?? "", required: true,
            hint: c.text("federation_purpose_hint"))
        var sections: [SectionsPage.Section] = [
            .init(
                id: "search", heading: c.text("registry_search"),
                text: peers.isEmpty ? c.text("federation_no_peers") : nil,
                form: peers.isEmpty
                    ? nil
                    : .init(
                        action: "\(scope.base)/staff/federation", fields: view.fields, submit: c.text("registry_search")
                    ))
        ]
        if let found, let peer = chosen {
            sections.append(results(found, peer: peer, purpose: form?["purpose"] ?? "", scope: scope, catalog: c))
        }
        var page = SectionsPage(
            title: c.text("federation_remote_title"), intro: c.text("federation_remote_intro"), sections: sections)
        page.errors = FormErrors([view], error: error, catalog: c)
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func results(_ found: [SharedEntry], peer: Peer, purpose: String, scope: StaffScope, catalog c: Catalog)
        -> SectionsPage.Section
    {
        let query = "?purpose=" + PageRenderer.percentEncoded(purpose)
        let rows = found.map { entry in
            Table.Row(
                [
                    entry.municipality_name, c.text("book_\(entry.book)"), entry.reference,
                    "\(entry.fields["given_name"] ?? "") \(entry.fields["surname"] ?? "")",
                    entry.fields["birth_date"] ?? "",
                ], link: "\(scope.base)/staff/federation/\(peer.id)/\(entry.id)\(query)",
                linkLabel: c.text("federation_open"))
        }
        return .init(
            id: "found", heading: c.text("federation_found", ["count": String(found.count)]),
            text: found.isEmpty ? c.text("federation_none_found") : nil,
            table: found.isEmpty
                ? nil
                : Table(
                    head: [
                        "federation_municipality", "federation_book", "federation_reference", "registry_search_name",
                        "registry_field_birth_date",
                    ].map { c.text($0) }, rows: rows))
    }

    func entry(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let c = env.catalogs[context.language]
        let scope = try context.staffScope
        let peer = try await FederationAPI(env: env).peer(context)
        let entry = try await desk(context).read(
            peer, entry: context.parameters.get("entry") ?? "", purpose: request.query("purpose") ?? "")
        let fields = entry.fields.sorted { $0.key < $1.key }.map { name, value in
            SectionsPage.Item(c.text("registry_field_\(name)"), note: value)
        }
        let page = SectionsPage(
            title: "\(c.text("book_\(entry.book)")) \(entry.reference)",
            intro: c.text(
                "federation_entry_intro",
                ["municipality": entry.municipality_name, "peer": peer.name, "version": String(entry.version)]),
            sections: [
                .init(id: "fields", heading: c.text("federation_fields"), items: fields),
                try await issueForm(
                    peer: peer, entry: entry.id, book: entry.book, scope: scope, catalog: c, form: nil, error: nil,
                    purpose: request.query("purpose")
                ).0,
            ])
        return env.pages.render(page, request: request, context: context)
    }
}
