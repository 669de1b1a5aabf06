import Foundation
import Hummingbird
import Platform

/// `/api/v1/{slug}/protocol-setup`: the protocol's classes (code, name, retention, the feed that files
/// into it) and each department's unit code, as the admin keeps them on `/{slug}/staff/protocol-setup`.
struct ProtocolSetupAPI: Sendable {
    let env: AppEnvironment
    let feeds: @Sendable () -> [CorrespondenceFeed]
    var desk: ProtocolSetupDesk { ProtocolSetupDesk(env: env, sources: feeds().map(\.sourceType)) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let admin = router.staffAPIGroup(env, roles: ProtocolStaffPages.admins)
        admin.get("protocol-setup") { _, context in try Response.json(try await setup(try context.staffScope)) }
        admin.post("protocol-setup/classes") { request, context in
            let body = try await JSONBody.decode(ClassBody.self, request)
            let fields = try FieldsBody.fields(of: body).merging(FieldsBody.localized("class_name", body.class_name)) {
                $1
            }
            let saved = try await desk.saveClass(fields, try context.staffScope, context.actor)
            return try Response.json(SetupJSON.Class(saved), status: .created)
        }
        admin.post("protocol-setup/units") { request, context in
            let scope = try context.staffScope
            let body = try await JSONBody.decode(UnitBody.self, request)
            try await desk.setUnit(try FieldsBody.fields(of: body), scope, context.actor)
            return try Response.json(try await setup(scope))
        }
    }

    func setup(_ scope: StaffScope) async throws -> SetupJSON {
        let store = ProtocolStore(env.database.sql)
        let units = try await store.units(scope.municipality.id)
        return SetupJSON(
            classes: try await store.classes(scope.municipality.id).map(SetupJSON.Class.init),
            units: try await env.municipalities.departments(of: scope.municipality.id).map {
                .init(department_id: $0.id, department: $0.names.values, unit_code: units[$0.id] ?? "01")
            },
            feeds: feeds().map(\.sourceType))
    }
}

struct ClassBody: Codable {
    let class_code: String?, class_name: [String: String]?, retention_years: Int?, auto_source: String?
}

struct UnitBody: Codable { let department_id: String?, unit_code: String? }

struct SetupJSON: Encodable {
    struct Class: Encodable {
        let code: String, name: [String: String]
        /// None: kept for ever.
        let retention_years: Int?
        let auto_source: String?
        init(_ c: DocumentClass) {
            (code, name, retention_years, auto_source) = (c.code, c.names.values, c.retentionYears, c.autoSource)
        }
    }
    struct Unit: Encodable { let department_id: String, department: [String: String], unit_code: String }
    let classes: [Class], units: [Unit]
    /// The correspondence feeds a class may receive automatically.
    let feeds: [String]
}

extension ProtocolSetupAPI {
    static let admins = "(municipal admin)"
    static let operations: [APIOperation] = [
        APIOperation(
            "get", "/api/v1/{slug}/protocol-setup",
            summary: "The protocol's classes, each department's unit code, and the feeds a class may receive \(admins)",
            requiresAuth: true, responses: [200: "The setup"]),
        APIOperation(
            "post", "/api/v1/{slug}/protocol-setup/classes",
            summary: "Add a class, or change the one with that code \(admins)", requiresAuth: true,
            requestSchema: .object(
                [
                    "class_code": .string("1–6 digits", pattern: "^[0-9]{1,6}$"), "class_name": .texts(200),
                    "retention_years": .integer("None: kept for ever", minimum: 1, maximum: 100),
                    "auto_source": .string("A feed from GET, whose documents are filed here"),
                ], required: ["class_code", "class_name"]),
            responses: [201: "The class", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/protocol-setup/units",
            summary: "Set a department's unit code in protocol numbers \(admins)", requiresAuth: true,
            requestSchema: .object(
                ["department_id": .string(), "unit_code": .string("1–4 digits", pattern: "^[0-9]{1,4}$")],
                required: ["department_id", "unit_code"]),
            responses: [200: "The setup", 422: "Invalid field"]),
    ]
}
