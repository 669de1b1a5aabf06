import Foundation
import Platform

/// How requests and documents are shown on the member's and the registrar's pages.
enum ExtractView {
    static func row(_ r: ExtractRequest, _ c: Catalog, base: String, zone: String) -> ExtractRow {
        ExtractRow(
            number: r.number, link: "\(base)/\(r.number)", kind: c.text("extract_kind_\(r.kind.rawValue)"),
            person: "\(r.subject.givenName) \(r.subject.surname)",
            status: c.text("extract_status_\(r.status.rawValue)"),
            submitted: c.language.instant(r.submittedAt, zone: zone), requester: r.requesterName)
    }

    static func details(_ r: ExtractRequest, _ c: Catalog, zone: String) -> ExtractSummary {
        let s = r.subject
        var facts: [(String, String?)] = [
            ("extract_field_kind", c.text("extract_kind_\(r.kind.rawValue)")),
            ("extract_field_relation", c.text("extract_relation_\(r.relation.rawValue)")),
            ("extract_field_relationship", r.relationship),
            ("extract_field_given_name", s.givenName), ("extract_field_surname", s.surname),
            ("extract_field_jmbg", s.jmbg),
            ("extract_field_birth_date", s.birthDate), ("extract_field_birth_place", s.birthPlace),
            ("extract_field_father_name", s.fatherName),
            ("extract_field_mother_name", s.motherName), ("extract_field_spouse_name", s.spouseName),
            ("extract_field_purpose", r.purpose),
            ("extract_field_copies", String(r.copies)),
            ("extract_field_language", c.text("extract_language_\(r.language.rawValue)")),
            ("extract_field_delivery", c.text("extract_delivery_\(r.delivery.rawValue)")),
            ("extract_field_postal_address", r.postalAddress),
            ("extract_field_payment", c.text("extract_payment_\(r.payment.rawValue)")),
            ("extract_field_payment_reference", r.paymentReference),
            ("extract_fee", ExtractFees.shown(r.feeFening)),
            ("extract_submitted", c.language.instantWithZone(r.submittedAt, zone: zone)),
        ]
        if let decided = r.decidedAt {
            facts.append(("extract_decided", c.language.instantWithZone(decided, zone: zone)))
        }
        if let tracking = r.trackingNumber { facts.append(("extract_tracking_number", tracking)) }
        return ExtractSummary(
            title: "\(r.number) — \(c.text("extract_kind_\(r.kind.rawValue)"))", number: r.number,
            status: c.text("extract_status_\(r.status.rawValue)"), statusCode: r.status.rawValue,
            received: r.status == .received,
            facts: facts.compactMap { key, value in value.map { ExtractSummary.Fact(label: c.text(key), value: $0) } },
            proof: r.status == .waitingProof ? .init(note: r.proofNote ?? "") : nil,
            rejection: r.rejectionReason.map {
                .init(reason: c.text("extract_reason_\($0)"), note: r.rejectionNote ?? "")
            })
    }

    /// What each document costs here, and the postage abroad, in KM and the currencies people abroad pay in.
    static func priceTable(_ fees: ExtractFees, _ c: Catalog) -> Table {
        var rows = ExtractKind.allCases.map { kind in
            Self.priceRow(c.text("extract_kind_\(kind.rawValue)"), fees.byKind[kind] ?? 0, fees)
        }
        rows.append(Self.priceRow(c.text("extract_fee_postage"), fees.postage, fees))
        return Table(
            caption: c.text("extract_price_caption"),
            head: [c.text("extract_field_kind"), "KM"] + ExtractFees.currencies,
            rows: rows)
    }

    static func priceRow(_ label: String, _ fening: Int, _ fees: ExtractFees) -> Table.Row {
        Table.Row(
            [label, ExtractFees.shown(fening)]
                + ExtractFees.currencies.map { currency in
                    fees.converted(fening, to: currency).map { ExtractFees.shown($0, currency: currency) } ?? "—"
                })
    }

    /// The one price of a request, with its parts, in KM and as converted at the municipality's rates.
    static func price(_ r: ExtractRequest, fees: ExtractFees, _ c: Catalog) -> ExtractPrice {
        let foreign = ExtractFees.currencies.compactMap { currency in
            fees.converted(r.feeFening, to: currency).map { ExtractFees.shown($0, currency: currency) }
        }
        return ExtractPrice(
            total: ExtractFees.shown(r.feeFening), foreign: foreign.joined(separator: " · "),
            // Postage is a part only where something is posted: a PDF costs none.
            parts: [
                .init(
                    label: c.text("extract_price_documents", ["copies": String(r.copies)]),
                    value: ExtractFees.shown(r.feeDocumentFening))
            ]
                + (r.feePostageFening > 0
                    ? [.init(label: c.text("extract_fee_postage"), value: ExtractFees.shown(r.feePostageFening))] : []))
    }

    static func document(_ d: IssuedDocument, _ c: Catalog, link: String, zone: String) -> ExtractDocumentView {
        ExtractDocumentView(
            number: d.number, code: d.code, link: link, issued: c.language.instantWithZone(d.issuedAt, zone: zone),
            language: c.text("extract_language_\(d.language.rawValue)"), revoked: d.revokedAt != nil,
            verifyLink: "/verify/\(d.code)", verifications: d.verifications,
            revocationReason: d.revocationReason ?? "")
    }

}

/// A request in a list: the member's own, or the registrar's queue.
struct ExtractRow: Sendable {
    let number: String, link: String, kind: String, person: String, status: String, submitted: String
    let requester: String
}

/// A request as both its member and the registrar read it (`extract_details`).
struct ExtractSummary: Sendable {
    struct Fact: Sendable { let label: String, value: String }
    struct Proof: Sendable { let note: String }
    struct Rejection: Sendable { let reason: String, note: String }
    let title: String, number: String, status: String, statusCode: String
    let received: Bool
    let facts: [Fact]
    let proof: Proof?
    let rejection: Rejection?
}

/// The one price of a request, with its parts.
struct ExtractPrice: Sendable {
    struct Part: Sendable { let label: String, value: String }
    let total: String, foreign: String
    let parts: [Part]
}

/// An issued document: where to get it, how to verify it, whether it still holds.
struct ExtractDocumentView: Sendable {
    let number: String, code: String, link: String, issued: String, language: String
    let revoked: Bool
    let verifyLink: String
    let verifications: Int
    let revocationReason: String
    var staffLink = "", revokeAction = ""
}

/// The member's requests (`extract_mine`).
struct ExtractMinePage: PageView {
    static let template = "extract_mine"
    let title: String, newLink: String
    let empty: Bool
    let requests: [ExtractRow]
}

/// The member's request: its state, price, the proof asked for, the document (`extract_status`).
struct ExtractStatusPage: PageView {
    static let template = "extract_status"
    let summary: ExtractSummary
    let municipality: String, proofAction: String
    let price: ExtractPrice
    /// How to pay, while a transfer is still to be made (received or waiting for the proof).
    let payment: FormPage.Aside?
    let document: ExtractDocumentView?
    let flash: String?
    let errors: FormErrors
    var title: String { summary.title }
}
