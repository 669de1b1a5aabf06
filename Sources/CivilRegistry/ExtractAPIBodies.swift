import Foundation
import Platform

// The bodies of E-matičar's API, each as its schema in `ExtractAPI` describes it.

/// A request for a document, with the member names of the page's form.
struct ExtractRequestBody: Decodable {
    let kind: String?, relation: String?, relationship: String?
    let jmbg: String?, given_name: String?, surname: String?, birth_date: String?, birth_place: String?
    let father_name: String?, mother_name: String?, spouse_name: String?
    let purpose: String?, copies: Int?, language: String?, delivery: String?, postal_address: String?
    let payment: String?, payment_reference: String?
    /// A proxy's power of attorney.
    let attachments: [JSONFile]?

    /// The members as the form names its fields, for `ExtractRules.check`.
    var fields: [String: String] {
        let named: [(String, String?)] = [
            ("kind", kind), ("relation", relation), ("relationship", relationship), ("jmbg", jmbg),
            ("given_name", given_name), ("surname", surname), ("birth_date", birth_date), ("birth_place", birth_place),
            ("father_name", father_name), ("mother_name", mother_name), ("spouse_name", spouse_name),
            ("purpose", purpose), ("copies", copies.map(String.init)), ("language", language),
            ("delivery", delivery), ("postal_address", postal_address), ("payment", payment),
            ("payment_reference", payment_reference),
        ]
        return Dictionary(uniqueKeysWithValues: named.compactMap { name, value in value.map { (name, $0) } })
    }
}

struct IssueBody: Decodable { let entry_id: String?, language: String?, issue_note: String? }
struct RejectBody: Decodable { let reason: String?, note: String? }
struct DispatchBody: Decodable { let tracking_number: String? }
struct ProofBody: Decodable { let attachments: [JSONFile]? }
struct RevokeBody: Decodable { let reason: String? }
