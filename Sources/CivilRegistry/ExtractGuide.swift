import Foundation
import Platform

/// What the request form and the status page tell a person abroad beside the form: how to pay
/// (the municipality's account, the reference, the amount in KM, EUR and CHF) and what happens next.
enum ExtractGuide {
    /// `number` and `amount` once the request exists; before, the reference says where the number goes.
    static func payment(
        _ account: PaymentAccount?, fees: ExtractFees, number: String?, amount: Int?, _ c: Catalog
    ) -> FormPage.Aside {
        guard let account else {
            return FormPage.Aside(id: "pay", heading: c.text("extract_pay_title"), notes: [c.text("extract_pay_none")])
        }
        var facts = [
            FormPage.Aside.Fact(c.text("extract_payment_recipient"), account.recipient),
            FormPage.Aside.Fact(c.text("extract_payment_iban"), account.printedIBAN),
            FormPage.Aside.Fact(c.text("extract_payment_swift"), account.swift),
            FormPage.Aside.Fact(
                c.text("extract_pay_reference"),
                [account.reference, number ?? c.text("extract_pay_reference_number")].filter { !$0.isEmpty }
                    .joined(separator: " ")),
        ]
        if let amount {
            let foreign = ExtractFees.currencies.compactMap { currency in
                fees.converted(amount, to: currency).map { ExtractFees.shown($0, currency: currency) }
            }
            facts.append(
                FormPage.Aside.Fact(
                    c.text("extract_pay_amount"), ([ExtractFees.shown(amount)] + foreign).joined(separator: " · ")))
        }
        return FormPage.Aside(
            id: "pay", heading: c.text("extract_pay_title"), facts: facts,
            notes: amount == nil ? [c.text("extract_pay_amount_table")] : [c.text("extract_pay_foreign_note")])
    }

    static func nextSteps(_ c: Catalog) -> FormPage.Aside {
        FormPage.Aside(
            id: "next", heading: c.text("extract_next_title"),
            notes: (1...4).map { c.text("extract_next_step_\($0)") })
    }
}
