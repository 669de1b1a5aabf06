import Foundation

// The staff and departments API's bodies, answers, and operations in the OpenAPI document.

struct NewStaffBody: Decodable {
    let email: String?, display_name: String?, role: String?, department_id: String?, password: String?
}

struct RoleBody: Decodable { let role: String?, department_id: String? }
struct DepartmentBody: Decodable { let name: [String: String]?, email: String? }

struct StaffJSON: Encodable {
    let id: String, email: String, display_name: String, role: String, department_id: String?
    init(_ a: Account) {
        (id, email, display_name, role, department_id) = (
            a.id, a.email, a.displayName, a.role?.rawValue ?? "", a.departmentID
        )
    }
}

struct DepartmentJSON: Encodable {
    let id: String, name: [String: String], email: String
    init(_ d: Department) { (id, name, email) = (d.id, d.names.values, d.email) }
}

extension StaffAPI {
    static let admins = "(municipal admin)"
    static let role = JSONSchema.string("A platform admin is granted only by a platform admin", oneOf: Role.self)
    static let department = JSONSchema.string("A department's id; required for department staff")
    static let departmentSchema = JSONSchema.object(
        ["name": .texts(200), "email": .string("Empty for none", maxLength: 254)], required: ["name"])

    static let operations: [APIOperation] = [
        APIOperation(
            "get", "/api/v1/{slug}/staff", summary: "The municipality's staff, with role and department \(admins)",
            requiresAuth: true, responses: [200: "The staff"]),
        APIOperation(
            "post", "/api/v1/{slug}/staff", summary: "Add a staff account with its initial password \(admins)",
            requiresAuth: true,
            requestSchema: .object(
                [
                    "email": .string(format: "email"), "display_name": .string(maxLength: 200), "role": role,
                    "department_id": department, "password": .string(minLength: 10),
                ], required: ["email", "display_name", "role", "password"]),
            responses: [201: "The account", 422: "Invalid field, or the address is taken"]),
        APIOperation(
            "post", "/api/v1/{slug}/staff/{id}/role",
            summary: "Change a staff member's role and department; their sessions end \(admins)", requiresAuth: true,
            requestSchema: .object(["role": role, "department_id": department], required: ["role"]),
            responses: [200: "The account", 404: "Not this municipality's staff", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/staff/{id}/remove", summary: "Remove a staff account (not one's own) \(admins)",
            requiresAuth: true,
            responses: [204: "Removed", 400: "One's own account", 404: "Not this municipality's staff"]),
        APIOperation(
            "get", "/api/v1/{slug}/departments", summary: "The municipality's departments \(admins)",
            requiresAuth: true, responses: [200: "The departments"]),
        APIOperation(
            "post", "/api/v1/{slug}/departments", summary: "Add a department, named in each language \(admins)",
            requiresAuth: true, requestSchema: departmentSchema,
            responses: [201: "The department", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/departments/{id}", summary: "Rename a department or change its address \(admins)",
            requiresAuth: true, requestSchema: departmentSchema,
            responses: [200: "The department", 404: "Not this municipality's", 422: "Invalid field"]),
    ]
}
