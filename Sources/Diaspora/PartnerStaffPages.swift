import Foundation
import Hummingbird
import Platform
import SQLKit

/// Local partners of the office — businesses, NGOs, institutions — each with a log of contacts.
struct PartnerStaffPages: Sendable {
    enum Kind: String, CaseIterable { case business, ngo, institution }
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
                var input = FormInput(form.values)
                let checked = (
                    try input.text("name", limit: 200), try input.choice("kind", Kind.self),
                    try input.text("contact", limit: 300)
                )
                try input.finish()
                let (name, kind, contact) = (checked.0!, checked.1!, checked.2!)
                try await db.raw(
                    .insert(
                        into: "partners", columns: ["id", "municipality_id", "name", "kind", "contact", "created_at"],
                        rows: [
                            [
                                Random.id(), scope.municipality.id, name, kind.rawValue, contact,
                                Timestamp.text(env.clock.now()),
                            ]
                        ])
                ).run()
                try await env.audit.record(
                    context.actor, "diaspora.partner", objectType: "municipality", objectID: scope.municipality.id,
                    municipalityID: scope.municipality.id, detail: name)
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
                guard let day = form["happened_on"].flatMap({ Day(text: $0) }), day <= Day(sarajevo: env.clock.now())
                else {
                    throw AppError.invalid("happened_on", "invalid_date")
                }
                let note = try AccountRules.text(form["note"], field: "note", limit: 2000)
                try await db.raw(
                    .insert(
                        into: "partner_contacts",
                        columns: ["id", "partner_id", "happened_on", "note", "recorded_by", "recorded_at"],
                        rows: [
                            [
                                Random.id(), partner.id, day.description, note, scope.account.id,
                                Timestamp.text(env.clock.now()),
                            ]
                        ])
                ).run()
                try await env.audit.record(
                    context.actor, "diaspora.partner_contact", objectType: "partner", objectID: partner.id,
                    municipalityID: scope.municipality.id, detail: partner.name)
            } catch let error as AppError where error.field != nil {
                return try await self.partner(request, context, form: form, error: error)
            }
            return .redirect("\(scope.base)/staff/partners/\(partner.id)")
        }
    }

    /// A partner of the diaspora office (an embassy, a chamber, an agency) as stored.
    struct Partner: Decodable { let id: String, name: String, kind: String, contact: String }

    func find(_ request: Request, _ context: AppRequestContext) async throws -> (StaffScope, Partner) {
        let scope = try context.staffScope
        guard
            let row = try await db.raw(
                """
                SELECT * FROM partners WHERE id = \(bind: context.parameters.get("id") ?? "") AND municipality_id = \
                \(bind: scope.municipality.id)
                """
            ).row(Partner.self)
        else { throw AppError.notFound }
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
            choices: Kind.allCases.map { ($0.rawValue, c.text("partner_kind_\($0.rawValue)")) }, selected: form?["kind"]
        )
        view.input("contact", label: "partner_field_contact", value: form?["contact"] ?? "", required: true)
        var page = FormPage(
            title: c.text("partner_title"), action: "\(scope.base)/staff/partners", form: view, submit: c.text("save"))
        let partners = try await db.raw(
            "SELECT * FROM partners WHERE municipality_id = \(bind: scope.municipality.id) ORDER BY name"
        ).rows(Partner.self)
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
        let log = try await db.raw(
            """
            SELECT happened_on, note FROM partner_contacts WHERE partner_id = \(bind: partner.id) ORDER BY happened_on \
            DESC, id
            """
        ).rows(LogLine.self)
        page.table = Table(
            caption: c.text("partner_log"),
            head: [c.text("partner_field_happened_on"), c.text("partner_field_note")],
            rows: log.map { Table.Row([$0.happenedOn, $0.note]) })
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    private struct LogLine: Decodable { let happenedOn: String, note: String }

}
