import Foundation
import Hummingbird

/// The staff area of a municipality: its home with every capability's menu, and the
/// municipal admin's pages for staff, departments and the municipality's profile.
public struct StaffAreaCapability: Capability {
    public let name = "staff"
    let capabilities: @Sendable () -> CapabilitySet
    public init(capabilities: @escaping @Sendable () -> CapabilitySet) { self.capabilities = capabilities }

    public func staffMenu(for account: Account, in municipality: Municipality) -> [MenuEntry] {
        guard account.role == .municipalAdmin || account.role == .platformAdmin else { return [] }
        let base = "/\(municipality.slug)/staff/admin"
        return [
            MenuEntry(labelKey: "menu_admin_staff", path: "\(base)/staff"),
            MenuEntry(labelKey: "menu_admin_departments", path: "\(base)/departments"),
            MenuEntry(labelKey: "menu_admin_profile", path: "\(base)/profile"),
        ]
    }

    public func addRoutes(to router: Router<AppRequestContext>, environment: AppEnvironment) {
        StaffPages(env: environment, capabilities: capabilities()).addRoutes(to: router)
        CrestPages(env: environment).addRoutes(to: router)
        FaceRoutes(env: environment).addRoutes(to: router)
    }
}

/// Who is acting in which municipality's staff area.
public struct StaffScope: Sendable {
    public let account: Account
    public let municipality: Municipality

    /// The signed-in staff member of the path's municipality with one of `roles`, or nil: for the few
    /// routes that serve a member and the staff alike (a report read by its requester or a registrar).
    /// Every other staff route is in a staff group, whose middleware checks and sets `context.staff`.
    public static func optional(_ context: AppRequestContext, roles: Set<Role>) throws -> StaffScope? {
        let municipality = try context.pathMunicipality
        guard let account = context.verifiedAccount, account.canStaff(municipality.id),
            let role = account.role, roles.contains(role)
        else { return nil }
        return StaffScope(account: account, municipality: municipality)
    }

    public var base: String { "/\(municipality.slug)" }
}

struct StaffPages: Sendable {
    let env: AppEnvironment
    let capabilities: CapabilitySet
    static let admins: Set<Role> = [.municipalAdmin, .platformAdmin]

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffGroup(env, roles: Self.admins)
        router.get("staff") { request, context in try await chooseMunicipality(request, context) }
        router.staffGroup(env).get("/") { request, context in try await home(request, context) }
        staff.get("admin/staff") { request, context in
            try await staffList(request, context, form: nil, error: nil)
        }
        staff.post("admin/staff") { request, context in try await addStaff(request, context) }
        staff.post("admin/staff/:id/role") { request, context in try await changeRole(request, context) }
        staff.post("admin/staff/:id/remove") { request, context in try await removeStaff(request, context)
        }
        staff.get("admin/departments") { request, context in
            try await departments(request, context, error: nil)
        }
        staff.post("admin/departments") { request, context in
            try await saveDepartment(request, context, id: nil)
        }
        staff.post("admin/departments/:id") { request, context in
            try await saveDepartment(request, context, id: context.parameters.get("id"))
        }
        staff.get("admin/profile") { request, context in
            try await profile(request, context, form: nil, error: nil)
        }
        staff.post("admin/profile") { request, context in try await saveProfile(request, context) }
    }

    func catalog(_ context: AppRequestContext) -> Catalog { env.catalogs[context.language] }

    func chooseMunicipality(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let account = context.verifiedAccount else { throw Redirect.toLogin(from: request.uri.description) }
        guard let role = account.role else { throw AppError.notFound }
        let all = try await env.municipalities.all()
        if !role.crossesMunicipalities, let own = all.first(where: { $0.id == account.municipalityID }) {
            return .redirect("/\(own.slug)/staff/")
        }
        let visible = role == .platformAdmin ? all : all.filter { $0.id == account.municipalityID }
        let page = ChooseMunicipalityPage(
            title: catalog(context).text("staff_title"),
            municipalities: visible.map { .init(slug: $0.slug, name: $0.names[context.language]) })
        return env.pages.render(page, request: request, context: context)
    }

    func home(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let scope = try context.staffScope
        let menu = capabilities.staffMenu(for: scope.account, in: scope.municipality).map {
            StaffHomePage.Entry(label: catalog(context).text($0.labelKey), path: $0.path)
        }
        let c = catalog(context)
        let waiting = try await capabilities.workWaiting(for: scope.account, in: scope.municipality, environment: env)
            .filter { $0.count > 0 }
        let work = (waiting.filter(\.urgent) + waiting.filter { !$0.urgent }).map {
            StaffHomePage.Work(
                label: c.text($0.labelKey, ["count": String($0.count)]), path: $0.path, urgent: $0.urgent)
        }
        let page = StaffHomePage(
            title: "\(catalog(context).text("staff_title")) — \(scope.municipality.names[context.language])",
            roleLabel: catalog(context).text("role_\(scope.account.role!.rawValue)"), work: work, menu: menu)
        return env.pages.render(page, request: request, context: context)
    }

    // MARK: Staff

    func roleChoices(_ context: AppRequestContext, for admin: Account) -> [(value: String, label: String)] {
        Role.allCases.filter { $0 != .platformAdmin || admin.role == .platformAdmin }
            .map { ($0.rawValue, catalog(context).text("role_\($0.rawValue)")) }
    }

    func staffList(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws
        -> Response
    {
        let scope = try context.staffScope
        let departments = try await env.municipalities.departments(of: scope.municipality.id)
        let staff = try await env.accounts.staff(of: scope.municipality.id)
        try await env.audit.record(
            context.actor, "staff.list", objectType: "municipality", objectID: scope.municipality.id,
            municipalityID: scope.municipality.id)
        let roles = roleChoices(context, for: scope.account)
        let rows = staff.map { member in
            StaffPage.Member(
                id: member.id, name: member.displayName, email: member.email,
                roleLabel: catalog(context).text("role_\(member.role!.rawValue)"),
                department: departments.first { $0.id == member.departmentID }?.names[context.language],
                roles: roles.map { SelectOption($0.value, $0.label, selected: $0.value == member.role?.rawValue) },
                departments: departments.map {
                    SelectOption($0.id, $0.names[context.language], selected: $0.id == member.departmentID)
                })
        }
        var view = FormView(catalog: catalog(context), error: error)
        view.input("display_name", label: "field_display_name", value: form?["display_name"] ?? "", required: true)
        view.input("email", label: "field_email", type: "email", value: form?["email"] ?? "", required: true)
        view.select("role", label: "field_role", choices: roles, selected: form?["role"] ?? Role.officer.rawValue)
        view.select(
            "department_id", label: "field_department",
            choices: [("", "—")] + departments.map { ($0.id, $0.names[context.language]) },
            selected: form?["department_id"])
        view.input(
            "password", label: "field_password_initial", type: "password", autocomplete: "new-password", required: true)
        let page = StaffPage(
            title: catalog(context).text("menu_admin_staff"), base: scope.base, staff: rows, fields: view.fields,
            errors: FormErrors([view], error: error, catalog: catalog(context)))
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func addStaff(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let scope = try context.staffScope
        let form = try await Form.read(request)
        do {
            _ = try await StaffService(env).add(
                .init(
                    email: form["email"], displayName: form["display_name"], role: form["role"],
                    departmentID: form["department_id"], password: form["password"]),
                to: scope.municipality, by: scope.account, actor: context.actor)
            return .redirect("\(scope.base)/staff/admin/staff")
        } catch let error as AppError where error.field != nil {
            return try await staffList(request, context, form: form, error: error)
        }
    }

    func changeRole(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let scope = try context.staffScope
        let form = try await Form.read(request)
        do {
            try await StaffService(env).changeRole(
                context.parameters.get("id") ?? "", role: form["role"], departmentID: form["department_id"],
                in: scope.municipality, by: scope.account, actor: context.actor)
        } catch let error as AppError where error.field != nil {
            return try await staffList(request, context, form: nil, error: error)
        }
        return .redirect("\(scope.base)/staff/admin/staff")
    }

    func removeStaff(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let scope = try context.staffScope
        try await StaffService(env).remove(
            context.parameters.get("id") ?? "", from: scope.municipality, by: scope.account, actor: context.actor)
        return .redirect("\(scope.base)/staff/admin/staff")
    }

    // MARK: Departments

    func departments(
        _ request: Request, _ context: AppRequestContext, error: AppError?, form: Form? = nil, editing: String? = nil
    ) async throws -> Response {
        let scope = try context.staffScope
        let departments = try await env.municipalities.departments(of: scope.municipality.id)
        var views: [FormView] = []
        let rows = departments.map { department in
            var view = FormView(
                catalog: catalog(context), error: editing == department.id ? error : nil, idPrefix: "d\(views.count)-")
            view.localized(
                "name", label: "field_name", values: department.names, form: editing == department.id ? form : nil)
            view.input(
                "email", label: "field_email", type: "email",
                value: editing == department.id ? form?["email"] ?? "" : department.email)
            views.append(view)
            return DepartmentsPage.Row(id: department.id, name: department.names[context.language], fields: view.fields)
        }
        var newView = FormView(catalog: catalog(context), error: editing == nil ? error : nil, idPrefix: "new-")
        newView.localized("name", label: "field_name", values: nil, form: editing == nil ? form : nil)
        newView.input("email", label: "field_email", type: "email", value: editing == nil ? form?["email"] ?? "" : "")
        let page = DepartmentsPage(
            title: catalog(context).text("menu_admin_departments"), base: scope.base, departments: rows,
            newFields: newView.fields, errors: FormErrors(views + [newView], error: error, catalog: catalog(context)))
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func saveDepartment(_ request: Request, _ context: AppRequestContext, id: String?) async throws -> Response {
        let scope = try context.staffScope
        let form = try await Form.read(request)
        do {
            try await StaffService(env).saveDepartment(id: id, form: form, in: scope.municipality, actor: context.actor)
            return .redirect("\(scope.base)/staff/admin/departments")
        } catch let error as AppError where error.field != nil {
            return try await departments(request, context, error: error, form: form, editing: id)
        }
    }

    // MARK: Profile

    func profile(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws
        -> Response
    {
        let scope = try context.staffScope
        let m = scope.municipality
        var view = FormView(catalog: catalog(context), error: error)
        view.localized("name", label: "field_name", values: m.names, form: form)
        view.input(
            "address", label: "field_address", value: form?["address"] ?? m.address)
        view.input("email", label: "field_email", type: "email", value: form?["email"] ?? m.email)
        view.input("phone", label: "field_phone", type: "tel", value: form?["phone"] ?? m.phone)
        view.input("website", label: "field_website", type: "url", value: form?["website"] ?? m.website)
        let c = catalog(context)
        view.input(
            "colour", label: "field_colour", value: form?["colour"] ?? m.colour, hint: c.text("field_colour_hint"))
        view.select(
            "entity", label: "field_entity",
            choices: Entity.allCases.map { ($0.rawValue, c.text("entity_\($0.rawValue)")) },
            selected: form?["entity"] ?? m.entity.rawValue)
        view.select(
            "canton", label: "field_canton",
            choices: [("", "—")] + Canton.allCases.map { ($0.rawValue, c.text("canton_\($0.rawValue)")) },
            selected: form?["canton"] ?? m.canton?.rawValue ?? "")
        var page = FormPage(
            title: c.text("menu_admin_profile"), action: "\(scope.base)/staff/admin/profile", form: view,
            submit: c.text("save"))
        if request.query("notice") == "saved" { page.flash = c.text("notice_profile_saved") }
        page.links = [Link("\(scope.base)/staff/admin/crest", c.text("crest_title"))]
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func saveProfile(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let scope = try context.staffScope
        let form = try await Form.read(request)
        do {
            try await StaffService(env).saveProfile(form, of: scope.municipality, actor: context.actor)
            return .redirect("\(scope.base)/staff/admin/profile?notice=saved")
        } catch let error as AppError where error.field != nil {
            return try await profile(request, context, form: form, error: error)
        }
    }
}

/// Which municipality's staff area to enter (`staff_choose`).
struct ChooseMunicipalityPage: PageView {
    static let template = "staff_choose"
    struct Choice: Sendable { let slug: String, name: String }
    let title: String
    let municipalities: [Choice]
}

/// The staff area's start: the menu of what this role may do (`staff_home`).
struct StaffHomePage: PageView {
    static let template = "staff_home"
    struct Entry: Sendable { let label: String, path: String }
    struct Work: Sendable { let label: String, path: String, urgent: Bool }
    let title: String, roleLabel: String
    /// What waits on this person now, past deadlines first; empty: nothing waits.
    let work: [Work]
    let menu: [Entry]
}

/// The municipality's staff: roles and departments, adding someone (`staff_staff`).
struct StaffPage: PageView {
    static let template = "staff_staff"
    struct Member: Sendable {
        let id: String, name: String, email: String, roleLabel: String, department: String?
        let roles: [SelectOption], departments: [SelectOption]
    }
    let title: String, base: String
    let staff: [Member]
    let fields: [Field]
    let errors: FormErrors
}

/// The municipality's departments, each editable, and a new one (`staff_departments`).
struct DepartmentsPage: PageView {
    static let template = "staff_departments"
    struct Row: Sendable {
        let id: String, name: String
        let fields: [Field]
    }
    let title: String, base: String
    let departments: [Row]
    let newFields: [Field]
    let errors: FormErrors
}
