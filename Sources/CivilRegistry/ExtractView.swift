import Foundation
import Platform

/// How requests and documents are shown on the member's and the registrar's pages.
enum ExtractView {
    static func row(_ r: ExtractRequest, _ c: Catalog, base: String, zone: String) -> [String: Any] {
        [
            "number": r.number, "link": "\(base)/\(r.number)", "kind": c.text("extract_kind_\(r.kind.rawValue)"),
            "person": "\(r.subject.givenName) \(r.subject.surname)",
            "status": c.text("extract_status_\(r.status.rawValue)"),
            "statusCode": r.status.rawValue, "submitted": c.language.instant(r.submittedAt, zone: zone),
            "requester": r.requesterName,
        ]
    }

    static func details(_ r: ExtractRequest, _ c: Catalog, zone: String) -> [String: Any] {
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
            ("extract_submitted", c.language.instant(r.submittedAt, zone: zone)),
        ]
        if let decided = r.decidedAt { facts.append(("extract_decided", c.language.instant(decided, zone: zone))) }
        if let tracking = r.trackingNumber { facts.append(("extract_tracking_number", tracking)) }
        var data: [String: Any] = [
            "title": "\(r.number) — \(c.text("extract_kind_\(r.kind.rawValue)"))", "number": r.number,
            "status": c.text("extract_status_\(r.status.rawValue)"), "statusCode": r.status.rawValue,
            "received": r.status == .received,
            "facts": facts.compactMap { key, value in value.map { ["label": c.text(key), "value": $0] } },
        ]
        if r.status == .waitingProof { data["proof"] = ["note": r.proofNote ?? ""] }
        if let reason = r.rejectionReason {
            data["rejection"] = ["reason": c.text("extract_reason_\(reason)"), "note": r.rejectionNote ?? ""]
        }
        return data
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
    static func price(_ r: ExtractRequest, fees: ExtractFees, _ c: Catalog) -> [String: Any] {
        let foreign = ExtractFees.currencies.compactMap { currency in
            fees.converted(r.feeFening, to: currency).map { ExtractFees.shown($0, currency: currency) }
        }
        return [
            "total": ExtractFees.shown(r.feeFening), "foreign": foreign.joined(separator: " · "),
            "parts": [
                [
                    "label": c.text("extract_price_documents", ["copies": String(r.copies)]),
                    "value": ExtractFees.shown(r.feeDocumentFening),
                ],
                ["label": c.text("extract_fee_postage"), "value": ExtractFees.shown(r.feePostageFening)],
            ],
        ]
    }

    static func document(_ d: IssuedDocument, _ c: Catalog, link: String, zone: String) -> [String: Any] {
        var data: [String: Any] = [
            "number": d.number, "code": d.code, "link": link, "issued": c.language.instant(d.issuedAt, zone: zone),
            "language": c.text("extract_language_\(d.language.rawValue)"), "revoked": d.revokedAt != nil,
            "verifyLink": "/verify/\(d.code)", "verifications": d.verifications,
        ]
        if let reason = d.revocationReason { data["revocationReason"] = reason }
        return data
    }
}
