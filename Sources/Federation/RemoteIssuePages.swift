import CivilRegistry
import Foundation
import Hummingbird
import Platform

/// On a peer's entry, the form that issues one of this municipality's waiting requests from it
/// (`/{slug}/staff/federation/{peer}/{entry}/issue`); the issued request's page follows.
extension RemotePages {
    func issueForm(
        peer: Peer, entry: String, book: String?, scope: StaffScope, catalog c: Catalog, form: Form?, error: AppError?,
        purpose: String? = nil
    ) async throws -> (SectionsPage.Section, FormView) {
        let waiting = try await ExtractStore(env.database.sql).queue(scope.municipality.id, status: .received)
            .filter { book == nil || $0.kind.book.rawValue == book }
        var view = FormView(catalog: c, error: error)
        view.select(
            "request", label: "federation_issue_request",
            choices: waiting.map {
                (
                    $0.number,
                    "\($0.number) · \($0.subject.givenName) \($0.subject.surname) · "
                        + c.text("extract_kind_\($0.kind.rawValue)")
                )
            }, selected: form?["request"] ?? purpose?.uppercased())  // searched for a request: that one
        view.select(
            "language", label: "extract_field_language",
            choices: [("", c.text("federation_issue_asked_language"))]
                + DocumentLanguage.all.map { ($0.rawValue, c.text("extract_language_\($0.rawValue)")) },
            selected: form?["language"])
        view.textarea("issue_note", label: "extract_field_issue_note", value: form?["issue_note"] ?? "")
        let section = SectionsPage.Section(
            id: "issue", heading: c.text("federation_issue"),
            text: c.text(waiting.isEmpty ? "federation_issue_none" : "federation_issue_intro"),
            form: waiting.isEmpty
                ? nil
                : .init(
                    action: "\(scope.base)/staff/federation/\(peer.id)/\(entry)/issue", fields: view.fields,
                    submit: c.text("extract_issue_button")))
        return (section, view)
    }

    func issue(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let scope = try context.staffScope
        let form = try await Form.read(request)
        let peer = try await FederationAPI(env: env).peer(context)
        let entry = context.parameters.get("entry") ?? ""
        do {
            let issued = try await RemoteIssue(
                env: env, registrar: scope.account, municipality: scope.municipality, actor: context.actor
            ).issue(
                from: peer, entry: entry, request: form["request"] ?? "", language: form["language"],
                note: form["issue_note"])
            return .redirect("\(scope.base)/staff/extracts/\(issued.request.number)")
        } catch let error as AppError {
            // Nothing was issued: the same choices again, with what went wrong (the peer down, a reason missing).
            let c = env.catalogs[context.language]
            let (section, view) = try await issueForm(
                peer: peer, entry: entry, book: nil, scope: scope, catalog: c, form: form, error: error)
            var page = SectionsPage(title: c.text("federation_issue"), intro: nil, sections: [section])
            page.errors = FormErrors([view], error: error, catalog: c)
            return env.pages.render(page, request: request, context: context, status: error.status)
        }
    }
}
