import Foundation
import Hummingbird
import Platform
import SQLKit

/// Local partners of the office — businesses, NGOs, institutions — each with a log of contacts.
struct PartnerStaffPages: Sendable {
    let env: AppEnvironment
    var db: any SQLDatabase { env.database.sql }

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffGroup(env, roles: OfficeStaffPages.office)
        staff.get("partners") { request, context in try await list(request, context, form: nil, error: nil)
        }
        staff.post("partners") { request, context in
            let scope = try context.staffScope
            let form = try await Form.read(request)
            do {
                _ = try await OfficeDesk(env: env, scope: scope, actor: context.actor).addPartner(form.values)
            } catch let error as AppError where error.field != nil {
                return try await list(request, context, form: form, error: error)
            }
            return .redirect("\(scope.base)/staff/partners?notice=saved")
        }
        staff.get("partners/:id") { request, context in
            try await partner(request, context, form: nil, error: nil)
        }
        staff.post("partners/:id") { request, context in
            let (scope, partner) = try await find(request, context)
            let form = try await Form.read(request)
            do {
                try await OfficeDesk(env: env, scope: scope, actor: context.actor).notePartner(partner, form.values)
            } catch let error as AppError where error.field != nil {
                return try await self.partner(request, context, form: form, error: error)
            }
            return .redirect("\(scope.base)/staff/partners/\(partner.id)")
        }
    }

    /// A partner of the diaspora office (an embassy, a chamber, an agency) as stored.
    func find(_ request: Request, _ context: AppRequestContext) async throws -> (StaffScope, OfficeDesk.Partner) {
        let scope = try context.staffScope
        let desk = OfficeDesk(env: env, scope: scope, actor: context.actor)
        guard let row = try await desk.partner(context.parameters.get("id") ?? "") else { throw AppError.notFound }
        return (scope, row)
    }

    func list(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws -> Response
    {
        let scope = try context.staffScope
        let c = env.catalogs[context.language]
        var view = FormView(catalog: c, error: error)
        view.input("name", label: "partner_field_name", value: form?["name"] ?? "", required: true)
        view.select(
            "kind", label: "partner_field_kind",
            choices: OfficeDesk.PartnerKind.allCases.map { ($0.rawValue, c.text("partner_kind_\($0.rawValue)")) },
            selected: form?["kind"]
        )
        view.input("contact", label: "partner_field_contact", value: form?["contact"] ?? "", required: true)
        var page = FormPage(
            title: c.text("partner_title"), action: "\(scope.base)/staff/partners", form: view, submit: c.text("save"))
        let partners = try await db.raw(
            "SELECT * FROM partners WHERE municipality_id = \(bind: scope.municipality.id) ORDER BY name"
        ).rows(OfficeDesk.Partner.self)
        page.table = Table(
            caption: c.text("partner_title"),
            head: [c.text("partner_field_name"), c.text("partner_field_kind"), c.text("partner_field_contact")],
            rows: partners.map { Table.Row([$0.name, c.text("partner_kind_\($0.kind)"), $0.contact]) })
        page.links = partners.map {
            Link("\(scope.base)/staff/partners/\($0.id)", "\(c.text("partner_log")): \($0.name)")
        }
        if request.query("notice") == "saved" { page.flash = c.text("notice_saved") }
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func partner(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws
        -> Response
    {
        let (scope, partner) = try await find(request, context)
        let c = env.catalogs[context.language]
        var view = FormView(catalog: c, error: error)
        view.input(
            "happened_on", label: "partner_field_happened_on", type: "date",
            value: form?["happened_on"] ?? Day(sarajevo: env.clock.now()).description, required: true)
        view.textarea("note", label: "partner_field_note", value: form?["note"] ?? "", required: true)
        var page = FormPage(
            title: "\(partner.name) — \(c.text("partner_kind_\(partner.kind)"))", intro: partner.contact,
            action: "\(scope.base)/staff/partners/\(partner.id)", form: view, submit: c.text("partner_log_add"))
        let log = try await OfficeDesk(env: env, scope: scope, actor: context.actor).log(of: partner)
        page.table = Table(
            caption: c.text("partner_log"),
            head: [c.text("partner_field_happened_on"), c.text("partner_field_note")],
            rows: log.map { Table.Row([$0.happenedOn, $0.note]) })
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

}
