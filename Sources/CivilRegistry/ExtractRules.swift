import Foundation
import Platform

/// What a request must hold before it is stored. Pure: no I/O.
public enum ExtractRules {
    public static let maximumCopies = 10

    /// The request's choices and identifying data from a form or a JSON body; the first
    /// field that is wrong throws, with its own message.
    public static func check(_ input: [String: String], today: Day) throws -> (
        kind: ExtractKind, relation: Relation, relationship: String?,
        subject: ExtractSubject, purpose: String, copies: Int,
        language: Language, delivery: Delivery, address: String?,
        payment: Payment, reference: String?
    ) {
        let kind = try choice(input, "kind", ExtractKind.self)
        let relation = try choice(input, "relation", Relation.self)
        let relationship =
            relation.needsStatement
            ? try AccountRules.text(input["relationship"], field: "relationship", limit: 300) : nil
        let subject = try subject(input, kind: kind, today: today)
        let purpose = try AccountRules.text(input["purpose"], field: "purpose", limit: 500)
        guard let copies = Int((input["copies"] ?? "1").trimmingCharacters(in: .whitespaces)),
            (1...maximumCopies).contains(copies)
        else {
            throw AppError.invalid("copies", "copies_range", ["max": String(maximumCopies)])
        }
        guard let language = Language(rawValue: input["language"] ?? ""), DocumentLanguage.all.contains(language) else {
            throw AppError.invalid("language", "invalid_choice")
        }
        let delivery = try choice(input, "delivery", Delivery.self)
        var address: String?
        if delivery == .post {
            address = try AccountRules.text(input["postal_address"], field: "postal_address", limit: 500)
        }
        let payment = try choice(input, "payment", Payment.self)
        var reference: String?
        if payment == .transfer {
            reference = try AccountRules.text(input["payment_reference"], field: "payment_reference", limit: 100)
        }
        return (kind, relation, relationship, subject, purpose, copies, language, delivery, address, payment, reference)
    }

    static func choice<T: RawRepresentable>(_ input: [String: String], _ field: String, _ type: T.Type) throws -> T
    where T.RawValue == String {
        guard let value = input[field].flatMap(T.init(rawValue:)) else {
            throw AppError.invalid(field, "invalid_choice")
        }
        return value
    }

    /// A JMBG alone identifies the person; without one, the name, date and place of birth and a parent's name do.
    static func subject(_ input: [String: String], kind: ExtractKind, today: Day) throws -> ExtractSubject {
        func optional(_ field: String) throws -> String? {
            let value = (input[field] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard value.count <= 200 else { throw AppError.invalid(field, "too_long", ["max": "200"]) }
            return value.isEmpty ? nil : value
        }
        var subject = ExtractSubject(
            givenName: try AccountRules.text(input["given_name"], field: "given_name", limit: 200),
            surname: try AccountRules.text(input["surname"], field: "surname", limit: 200))
        if let raw = try optional("jmbg") {
            do { subject.jmbg = try JMBG(raw, today: today.components).digits } catch {
                throw AppError.invalid("jmbg", error.rawValue)
            }
        }
        if let raw = try optional("birth_date") {
            guard let day = Day(text: raw) else { throw AppError.invalid("birth_date", "invalid_date") }
            guard day <= today else { throw AppError.invalid("birth_date", "date_in_future") }
            subject.birthDate = day.description
        }
        subject.birthPlace = try optional("birth_place")
        subject.fatherName = try optional("father_name")
        subject.motherName = try optional("mother_name")
        subject.spouseName = kind.book == .marriages ? try optional("spouse_name") : nil
        if subject.jmbg == nil {
            guard subject.birthDate != nil else { throw AppError.invalid("birth_date", "required_without_jmbg") }
            guard subject.birthPlace != nil else { throw AppError.invalid("birth_place", "required_without_jmbg") }
            guard subject.fatherName != nil || subject.motherName != nil else {
                throw AppError.invalid("mother_name", "required_without_jmbg")
            }
        }
        return subject
    }

    /// For a request "for self": how the request, and the chosen entry, differ from the account
    /// holder and from what was asked (each a catalog key). Names compare as NameKey does, so
    /// "Hodzic" and "Hodžić" agree; either spouse of a marriage may ask for their own extract.
    public static func selfDifferences(_ request: ExtractRequest, entry: [String: String]?) -> [String] {
        guard request.relation == .own else { return [] }
        let holder = NameKey.of(request.requesterName)
        var differences: [String] = []
        if NameKey.of("\(request.subject.givenName) \(request.subject.surname)") != holder {
            differences.append("extract_self_name")
        }
        guard let entry else { return differences }
        let people = [
            ("given_name", "surname", "jmbg", "birth_date"),
            ("spouse_given_name", "spouse_surname", "spouse_jmbg", "spouse_birth_date"),
        ]
        .filter { entry[$0.1] != nil }
        let match = people.first { NameKey.of("\(entry[$0.0] ?? "") \(entry[$0.1] ?? "")") == holder } ?? people.first
        guard let match else { return differences }
        if NameKey.of("\(entry[match.0] ?? "") \(entry[match.1] ?? "")") != holder {
            differences.append("extract_self_entry_name")
        }
        if let asked = request.subject.birthDate, let born = entry[match.3], asked != born {
            differences.append("extract_self_entry_birth_date")
        }
        if let asked = request.subject.jmbg, let jmbg = entry[match.2], asked != jmbg {
            differences.append("extract_self_entry_jmbg")
        }
        return differences
    }

    /// The same person asked for twice while the first request still waits is one request.
    public static func duplicateKey(_ kind: ExtractKind, _ subject: ExtractSubject) -> String {
        "\(kind.rawValue)|"
            + (subject.jmbg ?? "\(NameKey.of(subject.givenName + " " + subject.surname))|\(subject.birthDate ?? "")")
    }
}
