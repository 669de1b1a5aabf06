import Foundation
import Hummingbird
import Platform

/// The protocol's pages: search and register, what waits on me, one document with its routing,
/// history and files, case files, and the classes and unit codes (municipal admin).
struct ProtocolStaffPages: Sendable {
    let env: AppEnvironment
    /// The capabilities' correspondence feeds (for the setup page); the API's searches need none.
    var feeds: @Sendable () -> [CorrespondenceFeed] = { [] }
    static let admins: Set<Role> = [.municipalAdmin, .platformAdmin]
    static let uploadLimit = AttachmentKind.uploadLimit

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffGroup(env, roles: ProtocolDesk.clerks)
        staff.get("protocol") { request, context in try await list(request, context, form: nil, error: nil)
        }
        staff.post("protocol") { request, context in try await register(request, context) }
        staff.get("protocol/mine") { request, context in try await mine(request, context) }
        OfficialDocumentStaffPages(env: env).addRoutes(to: router)
        ProtocolAdminPages(env: env, feeds: feeds()).addRoutes(to: router)
    }

    func search(_ request: Request) -> ProtocolStore.Search {
        var s = ProtocolStore.Search()
        s.number = request.query("number")
        s.text = request.query("q")
        s.status = request.query("status").flatMap(OfficialDocument.Status.init(rawValue:))
        s.from = request.query("from").flatMap { Day(text: $0) }
        s.to = request.query("to").flatMap { Day(text: $0) }
        s.caseID = request.query("case")
        return s
    }

    func list(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws -> Response
    {
        let scope = try context.staffScope
        let c = env.catalogs[context.language]
        let store = ProtocolStore(env.database.sql)
        let classes = try await store.classes(scope.municipality.id)
        let departments = try await env.municipalities.departments(of: scope.municipality.id)
        let paging = Paging(request, size: 100)
        let (found, pages) = paging.cut(
            try await store.search(scope.municipality.id, search(request), limit: paging.fetch, offset: paging.offset),
            request, catalog: c)
        try await env.audit.record(
            context.actor, "protocol.search", objectType: "municipality", objectID: scope.municipality.id,
            municipalityID: scope.municipality.id, detail: request.uri.query ?? "")
        var view = FormView(catalog: c, error: error)
        view.select(
            "direction", label: "protocol_field_direction",
            choices: OfficialDocument.Direction.allCases.map {
                ($0.rawValue, c.text("protocol_direction_\($0.rawValue)"))
            },
            selected: form?["direction"])
        view.select(
            "channel", label: "protocol_field_channel",
            choices: OfficialDocument.Channel.allCases.map { ($0.rawValue, c.text("protocol_channel_\($0.rawValue)")) },
            selected: form?["channel"])
        view.input("party", label: "protocol_field_party", value: form?["party"] ?? "", required: true)
        view.input("subject", label: "protocol_field_subject", value: form?["subject"] ?? "", required: true)
        view.select(
            "class_code", label: "protocol_field_class",
            choices: classes.map { ($0.code, "\($0.code) — \($0.names[context.language])") },
            selected: form?["class_code"])
        view.select(
            "department_id", label: "field_department",
            choices: [("", "—")] + departments.map { ($0.id, $0.names[context.language]) },
            selected: form?["department_id"])
        view.input("due_on", label: "protocol_field_due_on", type: "date", value: form?["due_on"] ?? "")
        view.files(
            "files", label: "protocol_field_files", accept: "application/pdf,image/jpeg,image/png",
            hint: c.text("protocol_files_hint"))
        let q = { (name: String) in request.query(name) ?? "" }
        let page = ProtocolListPage(
            title: c.text("protocol_title"), base: scope.base,
            query: .init(number: q("number"), q: q("q"), from: q("from"), to: q("to")),
            statuses: [SelectOption("", "—")]
                + OfficialDocument.Status.allCases.map {
                    SelectOption(
                        $0.rawValue, c.text("protocol_status_\($0.rawValue)"), selected: $0.rawValue == q("status"))
                },
            documents: DocumentRows.rows(
                found, env: env, catalog: c, base: scope.base, departments: departments, language: context.language),
            empty: found.isEmpty, paging: pages, noClasses: classes.isEmpty, fields: view.fields,
            errors: FormErrors([view], error: error, catalog: c))
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func register(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let scope = try context.staffScope
        let upload = try await MultipartForm.read(request, limit: Self.uploadLimit)
        do {
            let entry = try OfficialDocument.Entry.check(
                upload.form.values, classes: try await ProtocolStore(env.database.sql).classes(scope.municipality.id),
                departments: try await env.municipalities.departments(of: scope.municipality.id))
            let files = try AttachmentKind.check(upload.chosenFiles, field: "files")
            let document = try await ProtocolDesk(env: env).register(
                entry, files: files, municipalityID: scope.municipality.id, by: scope.account, actor: context.actor)
            return .redirect("\(scope.base)/staff/protocol/\(document.id)?notice=registered")
        } catch let error as AppError where error.field != nil {
            return try await list(request, context, form: upload.form, error: error)
        }
    }

    /// What waits on the signed-in person: assigned to them, or unassigned in their department.
    func mine(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let scope = try context.staffScope
        let c = env.catalogs[context.language]
        let departments = try await env.municipalities.departments(of: scope.municipality.id)
        let found = try await waiting(on: scope, actor: context.actor)
        let page = ProtocolMinePage(
            title: c.text("protocol_mine_title"), base: scope.base, empty: found.isEmpty,
            documents: DocumentRows.rows(
                found, env: env, catalog: c, base: scope.base, departments: departments, language: context.language))
        return env.pages.render(page, request: request, context: context)
    }
}

extension ProtocolStaffPages {
    /// Open documents assigned to the person or unassigned in their department, soonest due first (audited).
    func waiting(on scope: StaffScope, actor: Actor) async throws -> [OfficialDocument] {
        let store = ProtocolStore(env.database.sql)
        var assigned = ProtocolStore.Search()
        assigned.assigneeID = scope.account.id
        assigned.openOnly = true
        var unassigned = ProtocolStore.Search()
        unassigned.departmentIDs = scope.account.departmentID.map { [$0] } ?? []
        unassigned.openOnly = true
        let found =
            try await store.search(scope.municipality.id, assigned) + store.search(scope.municipality.id, unassigned)
        try await env.audit.record(
            actor, "protocol.mine", objectType: "municipality", objectID: scope.municipality.id,
            municipalityID: scope.municipality.id, detail: "\(found.count)")
        return found.sorted { ($0.dueOn ?? Day(9999, 12, 31)) < ($1.dueOn ?? Day(9999, 12, 31)) }
    }
}

/// Rows of a document table, the same on every list.
enum DocumentRows {
    static func rows(
        _ documents: [OfficialDocument], env: AppEnvironment, catalog c: Catalog, base: String,
        departments: [Department],
        language: Language
    ) -> [DocumentRow] {
        let today = Day(sarajevo: env.clock.now())
        return documents.map { d in
            DocumentRow(
                number: d.number, link: "\(base)/staff/protocol/\(d.id)", party: d.party, subject: d.subject,
                direction: c.text("protocol_direction_\(d.direction.rawValue)"),
                status: c.text("protocol_status_\(d.status.rawValue)"),
                registered: Day(sarajevo: d.registeredAt).description, due: d.dueOn?.description ?? "",
                overdue: d.dueOn.map { $0 < today && d.status != .answered && d.status != .archived } ?? false,
                department: d.departmentID.flatMap { id in departments.first { $0.id == id }?.names[language] } ?? "")
        }
    }
}

/// A document in a protocol list.
struct DocumentRow: Sendable {
    let number: String, link: String, party: String, subject: String, direction: String, status: String
    let registered: String, due: String
    let overdue: Bool
    let department: String
}

/// The protocol: search, the documents found, and registering a new one (`protocol_list`).
struct ProtocolListPage: PageView {
    static let template = "protocol_list"
    struct Query: Sendable { let number: String, q: String, from: String, to: String }
    let title: String, base: String
    let query: Query
    let statuses: [SelectOption]
    let documents: [DocumentRow]
    let empty: Bool
    let paging: PageLinks
    let noClasses: Bool
    let fields: [Field]
    let errors: FormErrors
}

/// What waits on the signed-in clerk (`protocol_mine`).
struct ProtocolMinePage: PageView {
    static let template = "protocol_mine"
    let title: String, base: String
    let empty: Bool
    let documents: [DocumentRow]
}
