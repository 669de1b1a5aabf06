import Foundation
import Hummingbird
import Platform

/// The municipal admin sets the administrative tax per document and the postage abroad.
struct ExtractAdminPages: Sendable {
    let env: AppEnvironment
    static let admins: Set<Role> = [.municipalAdmin, .platformAdmin]

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffGroup(env, roles: Self.admins)
        staff.get("extracts-setup") { request, context in
            try await page(request, context, form: nil, error: nil)
        }
        staff.post("extracts-setup") { request, context in try await save(request, context) }
    }

    func page(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws -> Response
    {
        let scope = try context.staffScope
        let c = env.catalogs[context.language]
        let store = ExtractStore(env.database.sql)
        let fees = try await store.fees(scope.municipality.id)
        let stored = Self.values(fees, account: try await store.paymentAccount(scope.municipality.id))
        let value = { (name: String) in form?[name] ?? stored[name] ?? "" }
        var view = FormView(catalog: c, error: error)
        for kind in ExtractKind.allCases {
            view.input(
                "fee_\(kind.rawValue)", label: "extract_kind_\(kind.rawValue)", value: value("fee_\(kind.rawValue)"),
                required: true)
        }
        view.input("fee_postage", label: "extract_fee_postage", value: value("fee_postage"), required: true)
        for currency in ExtractFees.currencies {
            let name = "rate_\(currency.lowercased())"
            view.input(name, label: "extract_rate_\(currency.lowercased())", value: value(name), required: true)
        }
        let capped = form.map { $0["ciec_capped"] == "1" } ?? fees.ciecCapped
        view.checkboxes(
            "ciec_capped", label: "extract_ciec_capped", choices: [("1", c.text("extract_ciec_capped_choice"))],
            selected: capped ? ["1"] : [])
        for (name, hint) in [
            ("payment_recipient", nil), ("payment_iban", "payment_iban_hint"), ("payment_swift", nil),
            ("payment_reference_text", "payment_reference_text_hint"),
        ] {
            view.input(name, label: "extract_\(name)", value: value(name), hint: hint.map { c.text($0) })
        }
        var page = FormPage(
            title: c.text("extract_setup_title"), intro: c.text("extract_setup_intro"),
            action: "\(scope.base)/staff/extracts-setup", form: view, submit: c.text("save"))
        if request.query("notice") == "saved" { page.flash = c.text("notice_saved") }
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    /// "1.95583" (KM for one unit) as hundred-thousandths, and back.
    static func rate(_ text: String?) -> Int? {
        let cleaned = (text ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard let value = Decimal(string: cleaned), value > 0 else { return nil }
        let scaled = NSDecimalNumber(decimal: value * 100_000)
        guard scaled.doubleValue == scaled.doubleValue.rounded() else { return nil }
        return scaled.intValue
    }

    static func rate(_ value: Int) -> String {
        let fraction = String(value % 100_000)
        return "\(value / 100_000).\(String(repeating: "0", count: 5 - fraction.count))\(fraction)"
    }

    func save(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let scope = try context.staffScope
        let form = try await Form.read(request)
        do {
            try await apply(form, to: scope.municipality, actor: context.actor)
        } catch let error as AppError where error.field != nil {
            return try await page(request, context, form: form, error: error)
        }
        return .redirect("\(scope.base)/staff/extracts-setup?notice=saved")
    }

    /// Reads and checks every fee, then stores them with the audit entry (the page and the API).
    func apply(_ form: Form, to municipality: Municipality, actor: Actor) async throws {
        var typed = ExtractFees(byKind: [:], postage: 0, rates: [:], ciecCapped: form["ciec_capped"] == "1")
        // Every fee and rate is checked, so the admin sees at once all that is wrong.
        var input = FormInput(form.values)
        func fee(_ name: String) throws -> Int? {
            try input.check {
                guard let fee = ExtractFees.parse(form[name]) else { throw AppError.invalid(name, "fee_invalid") }
                return fee
            }
        }
        for kind in ExtractKind.allCases { typed.byKind[kind] = try fee("fee_\(kind.rawValue)") }
        typed.postage = try fee("fee_postage") ?? 0
        for currency in ExtractFees.currencies {
            let name = "rate_\(currency.lowercased())"
            typed.rates[currency] = try input.check {
                guard let rate = Self.rate(form[name]) else { throw AppError.invalid(name, "rate_invalid") }
                return rate
            }
        }
        let account = try input.check { try PaymentAccount.check(form.values) }
        try input.finish()
        try typed.check()
        let (clock, fees) = (env.clock, typed)
        try await env.database.transaction { db in
            try await ExtractStore(db).save(fees, for: municipality.id)
            try await ExtractStore(db).save(account ?? nil, for: municipality.id)
            try await AuditLog(db, clock: clock).record(
                actor, "extract.fees", objectType: "municipality", objectID: municipality.id,
                municipalityID: municipality.id,
                detail: fees.byKind.sorted { $0.key.rawValue < $1.key.rawValue }.map {
                    "\($0.key.rawValue)=\($0.value)"
                }
                .joined(separator: " ") + " postage=\(fees.postage) ciec_capped=\(fees.ciecCapped)"
                    + " account=\(account??.iban ?? "-")")
        }
    }

    /// The fees as the form shows them (KM with two decimals, rates with five), for the API.
    static func values(_ fees: ExtractFees, account: PaymentAccount?) -> [String: String] {
        let km = { (fening: Int) in String(format: "%d.%02d", fening / 100, fening % 100) }
        var values = Dictionary(
            uniqueKeysWithValues: ExtractKind.allCases.map { ("fee_\($0.rawValue)", km(fees.byKind[$0] ?? 0)) })
        values["fee_postage"] = km(fees.postage)
        for currency in ExtractFees.currencies {
            values["rate_\(currency.lowercased())"] = rate(fees.rates[currency] ?? 0)
        }
        values["ciec_capped"] = fees.ciecCapped ? "1" : "0"
        values["payment_recipient"] = account?.recipient ?? ""
        values["payment_iban"] = account?.printedIBAN ?? ""
        values["payment_swift"] = account?.swift ?? ""
        values["payment_reference_text"] = account?.reference ?? ""
        return values
    }
}
