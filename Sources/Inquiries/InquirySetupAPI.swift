import Foundation
import Hummingbird
import Platform

/// `/api/v1/{slug}/inquiry-settings/…`: the rest of the Servis 48h setup page — categories (each with
/// the department that answers and its own answer time), reply templates and Open311 client keys —
/// checked by the page's rules and audited as its changes are.
struct InquirySetupAPI: Sendable {
    let env: AppEnvironment
    var pages: InquiryAdminPages { InquiryAdminPages(env: env) }
    var store: InquiryStore { InquiryStore(env.database.sql) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let admin = router.staffAPIGroup(env, roles: InquiryAdminPages.admins)
        admin.get("inquiry-settings/categories") { _, context in
            try Response.json(["categories": try await categories(try context.staffScope)])
        }
        admin.post("inquiry-settings/categories") { request, context in
            try Response.json(try await saveCategory(request, context, id: nil), status: .created)
        }
        admin.post("inquiry-settings/categories/:id") { request, context in
            let scope = try context.staffScope, id = context.parameters.get("id") ?? ""
            guard try await store.categories(scope.municipality.id, activeOnly: false).contains(where: { $0.id == id })
            else { throw AppError.notFound }
            return try Response.json(try await saveCategory(request, context, id: id))
        }
        admin.get("inquiry-settings/templates") { _, context in
            let templates = try await store.templates(try context.staffScope.municipality.id)
            return try Response.json([
                "templates": templates.map { TemplateJSON(name: $0.name, body: $0.bodies.values) }
            ])
        }
        admin.post("inquiry-settings/templates") { request, context in
            let scope = try context.staffScope
            let body = try await JSONBody.decode(TemplateJSON.self, request)
            var fields = FieldsBody.localized("body", body.body)
            fields["name"] = body.name
            try await pages.apply("templates", scope, context.actor) {
                try await pages.addTemplate(Form(fields: fields.mapValues { [$0] }), scope)
            }
            return try Response.json(body, status: .created)
        }
        admin.get("inquiry-settings/open311-keys") { _, context in
            let keys = try await Open311Keys(env).list(try context.staffScope.municipality.id)
            return try Response.json(["keys": keys.map { KeyJSON(name: $0.name, created_at: $0.createdAt, key: nil) }])
        }
        admin.post("inquiry-settings/open311-keys") { request, context in
            let scope = try context.staffScope
            let body = try await JSONBody.decode(KeyBody.self, request)
            let key = try await Open311Keys(env).issue(
                municipality: scope.municipality, name: body.name, actor: context.actor)
            let name = (body.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return try Response.json(
                KeyJSON(name: name, created_at: Timestamp.text(env.clock.now()), key: key), status: .created)
        }
    }

    func categories(_ scope: StaffScope) async throws -> [CategoryJSON] {
        try await store.categories(scope.municipality.id, activeOnly: false).map(CategoryJSON.init)
    }

    func saveCategory(_ request: Request, _ context: AppRequestContext, id: String?) async throws -> CategoryJSON {
        let scope = try context.staffScope
        let body = try await JSONBody.decode(CategoryBody.self, request)
        var fields = try FieldsBody.fields(of: body).merging(FieldsBody.localized("name", body.name)) { $1 }
        fields["id"] = id
        // A new category is active; a change keeps its state unless `active` is sent, as the page's box shows it.
        let current = try await categories(scope).first { $0.id == id }
        fields["active"] = (body.active ?? current?.active ?? true) ? "1" : "0"
        var saved = ""
        try await pages.apply("categories", scope, context.actor) {
            saved = try await pages.saveCategory(Form(fields: fields.mapValues { [$0] }), scope)
        }
        guard let category = try await categories(scope).first(where: { $0.id == saved }) else {
            throw AppError.notFound
        }
        return category
    }
}
