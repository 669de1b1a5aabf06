import Foundation
import Hummingbird

/// `/api/v1/{slug}/staff` and `/departments`: the municipal admin's staff list and departments, as on
/// `/{slug}/staff/admin/staff` and `/admin/departments`. The service checks and audits every write; the
/// list is audited as the page's is. Only a platform admin may make another platform admin.
struct StaffAPI: Sendable {
    let env: AppEnvironment
    var service: StaffService { StaffService(env) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let admin = router.staffAPIGroup(env, roles: StaffPages.admins)
        admin.get("staff") { _, context in
            let scope = try context.staffScope
            try await env.audit.record(
                context.actor, "staff.list", objectType: "municipality", objectID: scope.municipality.id,
                municipalityID: scope.municipality.id)
            return try Response.json([
                "staff": try await env.accounts.staff(of: scope.municipality.id).map(StaffJSON.init)
            ])
        }
        admin.post("staff") { request, context in
            let scope = try context.staffScope
            let body = try await JSONBody.decode(NewStaffBody.self, request)
            let account = try await service.add(
                .init(
                    email: body.email, displayName: body.display_name, role: body.role,
                    departmentID: body.department_id, password: body.password),
                to: scope.municipality, by: scope.account, actor: context.actor)
            return try Response.json(StaffJSON(account), status: .created)
        }
        admin.post("staff/:id/role") { request, context in
            let scope = try context.staffScope, id = context.parameters.get("id") ?? ""
            let body = try await JSONBody.decode(RoleBody.self, request)
            try await service.changeRole(
                id, role: body.role, departmentID: body.department_id, in: scope.municipality, by: scope.account,
                actor: context.actor)
            return try Response.json(StaffJSON(try await service.staffMember(id, of: scope.municipality)))
        }
        admin.post("staff/:id/remove") { _, context in
            let scope = try context.staffScope
            try await service.remove(
                context.parameters.get("id") ?? "", from: scope.municipality, by: scope.account, actor: context.actor)
            return Response(status: .noContent)
        }
        admin.get("departments") { _, context in
            let id = try context.staffScope.municipality.id
            return try Response.json([
                "departments": try await env.municipalities.departments(of: id).map(DepartmentJSON.init)
            ])
        }
        admin.post("departments") { request, context in
            try Response.json(try await saveDepartment(request, context, id: nil), status: .created)
        }
        admin.post("departments/:id") { request, context in
            try Response.json(try await saveDepartment(request, context, id: context.parameters.get("id") ?? ""))
        }
    }

    func saveDepartment(_ request: Request, _ context: AppRequestContext, id: String?) async throws -> DepartmentJSON {
        let municipality = try context.staffScope.municipality
        let body = try await JSONBody.decode(DepartmentBody.self, request)
        var fields = FieldsBody.localized("name", body.name)
        fields["email"] = body.email ?? ""
        let saved = try await service.saveDepartment(
            id: id, form: Form(fields: fields.mapValues { [$0] }), in: municipality, actor: context.actor)
        guard let department = try await env.municipalities.department(id: saved, in: municipality.id) else {
            throw AppError.notFound
        }
        return DepartmentJSON(department)
    }
}
