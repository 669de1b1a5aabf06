import Foundation
import Hummingbird
import Platform

/// One protocol entry: its details, files and history (every view audited), and the forms that
/// route it, comment on it, move its status and put it in a case file; and the case files.
struct OfficialDocumentStaffPages: Sendable {
    let env: AppEnvironment

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffGroup(env, roles: ProtocolDesk.clerks)
        staff.get("protocol/cases") { request, context in try await cases(request, context) }
        staff.post("protocol/cases/:case/archive") { request, context in
            let scope = try context.staffScope
            try await ProtocolDesk(env: env).archive(
                caseID: context.parameters.get("case") ?? "", municipalityID: scope.municipality.id,
                by: scope.account, actor: context.actor)
            return Response.redirect("\(scope.base)/staff/protocol/cases?notice=archived")
        }
        staff.get("protocol/:id") { request, context in
            try await show(request, context, form: nil, error: nil)
        }
        staff.get("protocol/:id/files/:file") { request, context in try await download(request, context) }
        staff.post("protocol/:id/route") { request, context in
            try await act(request, context) { form, scope, d in
                let routing = try OfficialDocument.Routing.check(
                    form.values, departments: try await env.municipalities.departments(of: scope.municipality.id),
                    staff: try await env.accounts.assignable(in: scope.municipality.id))
                try await ProtocolDesk(env: env).route(d, routing, by: scope.account, actor: context.actor)
            }
        }
        staff.post("protocol/:id/comment") { request, context in
            try await act(request, context) { form, scope, d in
                try await ProtocolDesk(env: env).comment(
                    d, text: form["comment"], by: scope.account, actor: context.actor)
            }
        }
        staff.post("protocol/:id/status") { request, context in
            try await act(request, context) { form, scope, d in
                guard let status = form["status"].flatMap(OfficialDocument.Status.init(rawValue:)) else {
                    throw AppError.invalid("status", "invalid_choice")
                }
                try await ProtocolDesk(env: env).move(d, to: status, by: scope.account, actor: context.actor)
            }
        }
        staff.post("protocol/:id/case") { request, context in
            try await act(request, context) { form, scope, d in
                let chosen = form["case_id"].flatMap { $0.isEmpty ? nil : $0 }
                try await ProtocolDesk(env: env).file(
                    d, caseID: chosen, newTitle: chosen == nil ? form["case_title"] : nil, by: scope.account,
                    actor: context.actor)
            }
        }
    }

    /// One of a document's files, for the page and the API; every download is audited.
    @Sendable func download(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (scope, d) = try await document(request, context)
        guard
            let file = try await ProtocolStore(env.database.sql).file(context.parameters.get("file") ?? "", of: d.id)
        else { throw AppError.notFound }
        try await env.audit.record(
            context.actor, "protocol.file", objectType: "official_document", objectID: d.id,
            municipalityID: scope.municipality.id, detail: "\(d.number): \(file.filename)")
        return Response.attachment(file.content, filename: file.filename, contentType: file.contentType)
    }

    func document(_ request: Request, _ context: AppRequestContext) async throws -> (StaffScope, OfficialDocument) {
        let scope = try context.staffScope
        guard let id = context.parameters.get("id"),
            let d = try await ProtocolStore(env.database.sql).document(id, municipalityID: scope.municipality.id)
        else {
            throw AppError.notFound
        }
        return (scope, d)
    }

    func act(
        _ request: Request, _ context: AppRequestContext,
        _ apply: @escaping (Form, StaffScope, OfficialDocument) async throws -> Void
    ) async throws -> Response {
        let (scope, d) = try await document(request, context)
        let form = try await Form.read(request)
        do {
            try await apply(form, scope, d)
        } catch let error as AppError where error.field != nil || error.status == .conflict {
            return try await show(request, context, form: form, error: error)
        }
        return .redirect("\(scope.base)/staff/protocol/\(d.id)?notice=saved")
    }

    func show(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws -> Response
    {
        let (scope, d) = try await document(request, context)
        let c = env.catalogs[context.language], language = context.language, zone = scope.account.timeZone
        let store = ProtocolStore(env.database.sql)
        let departments = try await env.municipalities.departments(of: scope.municipality.id)
        let staff = try await env.accounts.assignable(in: scope.municipality.id)
        try await env.audit.record(
            context.actor, "protocol.view", objectType: "official_document", objectID: d.id,
            municipalityID: scope.municipality.id,
            detail: d.number)
        func errorFor(_ fields: [String]) -> AppError? {
            error.flatMap { $0.field.map(fields.contains) == true ? $0 : nil }
        }
        var routing = FormView(catalog: c, error: errorFor(["department_id", "assignee_id", "due_on"]))
        routing.select(
            "department_id", label: "field_department", choices: departments.map { ($0.id, $0.names[language]) },
            selected: form?["department_id"] ?? d.departmentID)
        routing.select(
            "assignee_id", label: "protocol_field_assignee",
            choices: [("", "—")] + staff.map { ($0.id, $0.displayName) },
            selected: form?["assignee_id"] ?? d.assigneeID)
        routing.input(
            "due_on", label: "protocol_field_due_on", type: "date", value: form?["due_on"] ?? d.dueOn?.description ?? ""
        )
        routing.textarea("note", label: "protocol_field_note", value: form?["note"] ?? "")
        var comment = FormView(catalog: c, error: errorFor(["comment"]), idPrefix: "comment-")
        comment.textarea("comment", label: "protocol_field_comment", value: form?["comment"] ?? "", required: true)
        var filing = FormView(catalog: c, error: errorFor(["case_id", "case_title"]), idPrefix: "case-")
        let openCases = try await store.cases(scope.municipality.id).filter { $0.archivedAt == nil }
        filing.select(
            "case_id", label: "protocol_field_case",
            choices: [("", c.text("protocol_case_new"))] + openCases.map { ($0.id, "\($0.number) — \($0.title)") },
            selected: form?["case_id"] ?? d.caseID)
        filing.input("case_title", label: "protocol_field_case_title", value: form?["case_title"] ?? "")
        let files = try await store.files(of: d.id)
        let caseFile =
            try await d.caseID.asyncMap { try await store.caseFile($0, municipalityID: scope.municipality.id) } ?? nil
        let notice = request.query("notice").map { $0 == "registered" ? "registered" : "saved" }
        let shownErrors = [routing, comment, filing]
        let page = ProtocolDocumentPage(
            title: "\(d.number) — \(d.subject)", number: d.number, subject: d.subject, party: d.party,
            base: "\(scope.base)/staff/protocol/\(d.id)",
            direction: c.text("protocol_direction_\(d.direction.rawValue)"),
            channel: c.text("protocol_channel_\(d.channel.rawValue)"),
            status: c.text("protocol_status_\(d.status.rawValue)"), class: d.classCode,
            registered: language.instantWithZone(d.registeredAt, zone: zone), due: d.dueOn?.description ?? "—",
            department: d.departmentID.flatMap { id in departments.first { $0.id == id }?.names[language] } ?? "—",
            assignee: d.assigneeID.flatMap { id in staff.first { $0.id == id }?.displayName } ?? "—",
            case: caseFile.map { "\($0.number) — \($0.title)" } ?? "—",
            retainUntil: d.retainUntil?.description ?? "",
            archived: d.status == .archived, hasFiles: !files.isEmpty,
            files: files.map {
                .init(name: $0.filename, link: "\(scope.base)/staff/protocol/\(d.id)/files/\($0.id)", size: $0.size)
            },
            history: try await store.history(of: d.id).map {
                .init(
                    when: language.instantWithZone($0.at, zone: zone), who: $0.actor,
                    action: c.text("protocol_action_\($0.action)"), detail: $0.detail)
            },
            routingFields: routing.fields, commentFields: comment.fields, caseFields: filing.fields,
            statuses: OfficialDocument.Status.allCases.filter { d.status.canMove(to: $0) }.map {
                SelectOption($0.rawValue, c.text("protocol_status_\($0.rawValue)"))
            },
            flash: notice.map { c.text("protocol_notice_\($0)", ["number": d.number]) },
            errors: FormErrors(shownErrors, error: error, catalog: c))
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func cases(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let scope = try context.staffScope
        let c = env.catalogs[context.language]
        let today = Day(sarajevo: env.clock.now())
        let found = try await ProtocolStore(env.database.sql).cases(scope.municipality.id)
        let cases = found.map { f in
            ProtocolCasesPage.CaseFile(
                number: f.number, title: f.title, class: f.classCode, documents: f.documents,
                opened: Day(sarajevo: f.openedAt).description, archived: f.archivedAt != nil,
                retainUntil: f.retainUntil?.description
                    ?? (f.archivedAt != nil ? c.text("protocol_retain_forever") : ""),
                expired: f.retainUntil.map { $0 < today } ?? false,
                archive: "\(scope.base)/staff/protocol/cases/\(f.id)/archive",
                link: "\(scope.base)/staff/protocol?case=\(f.id)")
        }
        let page = ProtocolCasesPage(
            title: c.text("protocol_cases_title"), base: scope.base, empty: found.isEmpty, cases: cases,
            flash: request.query("notice") == "archived" ? c.text("protocol_notice_archived") : nil)
        return env.pages.render(page, request: request, context: context)
    }
}

/// One registered document with its history, files and what may be done next (`protocol_document`).
struct ProtocolDocumentPage: PageView {
    static let template = "protocol_document"
    struct File: Sendable {
        let name: String, link: String
        let size: Int
    }
    struct Step: Sendable { let when: String, who: String, action: String, detail: String }
    let title: String, number: String, subject: String, party: String, base: String, direction: String
    let channel: String, status: String, `class`: String, registered: String, due: String, department: String
    let assignee: String, `case`: String, retainUntil: String
    let archived: Bool, hasFiles: Bool
    let files: [File]
    let history: [Step]
    let routingFields: [Field], commentFields: [Field], caseFields: [Field]
    let statuses: [SelectOption]
    let flash: String?
    let errors: FormErrors
}

/// The municipality's case files (`protocol_cases`).
struct ProtocolCasesPage: PageView {
    static let template = "protocol_cases"
    struct CaseFile: Sendable {
        let number: String, title: String, `class`: String
        let documents: Int
        let opened: String
        let archived: Bool
        let retainUntil: String
        let expired: Bool
        let archive: String, link: String
    }
    let title: String, base: String
    let empty: Bool
    let cases: [CaseFile]
    let flash: String?
}
