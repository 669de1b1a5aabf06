import Foundation
import Hummingbird

/// The municipal admin's page for the crest or logo shown beside the municipality's name, and the
/// same through the API (`POST /api/v1/{slug}/crest` with the image as the body).
struct CrestPages: Sendable {
    let env: AppEnvironment

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffGroup(env, roles: StaffPages.admins)
        staff.get("admin/crest") { request, context in try page(request, context, error: nil) }
        staff.post("admin/crest") { request, context in
            let upload = try await MultipartForm.read(request, limit: MunicipalityFace.crestLimit + 65_536)
            do {
                try await save(upload.chosenFiles.first, context)
            } catch let error as AppError where error.field != nil {
                return try page(request, context, error: error)
            }
            return .redirect("\(try context.staffScope.base)/staff/admin/crest?notice=saved")
        }
        router.staffAPIGroup(env, roles: StaffPages.admins).post("crest") { request, context in
            let body = try await request.body.collect(upTo: MunicipalityFace.crestLimit + 1)
            try await save(("crest", Data(buffer: body)), context)
            return try Response.json(
                MunicipalityAPI.json(try await env.municipalities.find(id: try context.staffScope.municipality.id)!))
        }
    }

    func page(_ request: Request, _ context: AppRequestContext, error: AppError?) throws -> Response {
        let scope = try context.staffScope
        let c = env.catalogs[context.language]
        var view = FormView(catalog: c, error: error)
        view.files("crest", label: "crest_field", accept: "image/png,image/jpeg", hint: c.text("crest_hint"))
        var page = FormPage(
            title: c.text("crest_title"), intro: c.text("crest_intro"),
            action: "\(scope.base)/staff/admin/crest?_csrf=\(context.formToken)", form: view, submit: c.text("save"))
        page.multipart = true
        if request.query("notice") == "saved" { page.flash = c.text("notice_saved") }
        page.links = [
            Link("\(scope.base)/", c.text("crest_see_portal")),
            Link("\(scope.base)/staff/admin/profile", c.text("menu_admin_profile")),
        ]
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    /// Checks and stores the crest, forgets the cached municipality, audits.
    func save(_ file: (filename: String, data: Data)?, _ context: AppRequestContext) async throws {
        let scope = try context.staffScope
        let crest = try MunicipalityFace.crest(file)
        let version = String(Random.token(bytes: 6).prefix(8))
        try await env.database.transaction { db in
            try await MunicipalityStore(db).saveCrest(crest, of: scope.municipality.id, version: version)
        }
        PortalCapability.changed(scope.municipality, env)
        try await env.audit.record(
            context.actor, "municipality.crest", objectType: "municipality", objectID: scope.municipality.id,
            municipalityID: scope.municipality.id, detail: "\(crest.contentType) \(crest.data.count) B")
    }
}
