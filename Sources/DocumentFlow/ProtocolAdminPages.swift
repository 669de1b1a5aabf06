import Foundation
import Hummingbird
import Platform

/// The municipal admin's protocol setup: the classes (code, name, retention, automatic source)
/// and each department's unit code.
struct ProtocolAdminPages: Sendable {
    let env: AppEnvironment
    /// The capabilities' correspondence feeds a class may receive.
    let feeds: [CorrespondenceFeed]

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffGroup(env, roles: ProtocolStaffPages.admins)
        staff.get("protocol-setup") { request, context in
            try await page(request, context, form: nil, error: nil)
        }
        staff.post("protocol-setup/classes") { request, context in
            try await save(request, context) { form, scope in
                _ = try await desk.saveClass(form.values, scope, context.actor)
            }
        }
        staff.post("protocol-setup/units") { request, context in
            try await save(request, context) { form, scope in try await desk.setUnit(form.values, scope, context.actor)
            }
        }
    }

    var desk: ProtocolSetupDesk { ProtocolSetupDesk(env: env, sources: feeds.map(\.sourceType)) }

    func save(
        _ request: Request, _ context: AppRequestContext, _ apply: @escaping (Form, StaffScope) async throws -> Void
    ) async throws -> Response {
        let scope = try context.staffScope
        let form = try await Form.read(request)
        do {
            try await apply(form, scope)
        } catch let error as AppError where error.field != nil {
            return try await page(request, context, form: form, error: error)
        }
        return .redirect("\(scope.base)/staff/protocol-setup?notice=saved")
    }

    func page(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws -> Response
    {
        let scope = try context.staffScope
        let c = env.catalogs[context.language], language = context.language
        let store = ProtocolStore(env.database.sql)
        let departments = try await env.municipalities.departments(of: scope.municipality.id)
        let units = try await store.units(scope.municipality.id)
        func errorFor(_ prefix: [String]) -> AppError? {
            error.flatMap { e in e.field.map { f in prefix.contains { f.hasPrefix($0) } } == true ? e : nil }
        }
        var classForm = FormView(catalog: c, error: errorFor(["class_", "retention", "auto_source"]))
        classForm.input(
            "class_code", label: "protocol_field_class_code", value: form?["class_code"] ?? "", required: true)
        classForm.localized("class_name", label: "protocol_field_class_name", values: nil, form: form)
        classForm.input(
            "retention_years", label: "protocol_field_retention", type: "number", value: form?["retention_years"] ?? "")
        classForm.select(
            "auto_source", label: "protocol_field_auto_source",
            choices: [("", "—")] + feeds.map { ($0.sourceType, c.text($0.labelKey)) },
            selected: form?["auto_source"])
        var unitForm = FormView(catalog: c, error: errorFor(["department_id", "unit_code"]), idPrefix: "unit-")
        unitForm.select(
            "department_id", label: "field_department", choices: departments.map { ($0.id, $0.names[language]) },
            selected: form?["department_id"])
        unitForm.input("unit_code", label: "protocol_field_unit_code", value: form?["unit_code"] ?? "", required: true)
        let classes = try await store.classes(scope.municipality.id).map { k in
            ProtocolSetupPage.Class(
                code: k.code, name: k.names[language],
                retention: k.retentionYears.map { c.text("protocol_years", ["count": String($0)]) }
                    ?? c.text("protocol_retain_forever"),
                source: k.autoSource.map { c.text("correspondence_\($0)") } ?? "")
        }
        let page = ProtocolSetupPage(
            title: c.text("protocol_setup_title"), base: scope.base, classFields: classForm.fields,
            unitFields: unitForm.fields, classes: classes,
            units: departments.map { .init(name: $0.names[language], code: units[$0.id] ?? "01") },
            flash: request.query("notice") == "saved" ? c.text("protocol_notice_saved") : nil,
            errors: FormErrors([classForm, unitForm], error: error, catalog: c))
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }
}

/// The protocol's classes and unit codes (`protocol_setup`).
struct ProtocolSetupPage: PageView {
    static let template = "protocol_setup"
    struct Class: Sendable { let code: String, name: String, retention: String, source: String }
    struct Unit: Sendable { let name: String, code: String }
    let title: String, base: String
    let classFields: [Field], unitFields: [Field]
    let classes: [Class]
    let units: [Unit]
    let flash: String?
    let errors: FormErrors
}
