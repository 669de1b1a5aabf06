import Foundation
import Platform

/// What a request must hold before it is stored. Pure: no I/O.
public enum ExtractRules {
    public static let maximumCopies = 10

    /// The request's choices and identifying data from a form or a JSON body; every wrong field
    /// throws at once, each with its own message.
    public static func check(_ input: [String: String], today: Day) throws -> (
        kind: ExtractKind, relation: Relation, relationship: String?,
        subject: ExtractSubject, purpose: String, copies: Int,
        language: Language, delivery: Delivery, address: String?,
        payment: Payment, reference: String?
    ) {
        // Every field is checked, so the form says at once all that is wrong.
        var v = FormInput(input)
        let kind = try v.choice("kind", ExtractKind.self), relation = try v.choice("relation", Relation.self)
        let relationship: String?? =
            relation?.needsStatement == true ? try v.text("relationship", limit: 300) : .some(nil)
        let subject = try v.check { try Self.subject(input, kind: kind ?? .birth, today: today) }
        let purpose = try v.text("purpose", limit: 500)
        let copies = try v.check { () throws -> Int in
            guard let copies = Int((input["copies"] ?? "1").trimmingCharacters(in: .whitespaces)),
                (1...maximumCopies).contains(copies)
            else { throw AppError.invalid("copies", "copies_range", ["max": String(maximumCopies)]) }
            return copies
        }
        let language = try v.check { () throws -> Language in
            guard let language = Language(rawValue: input["language"] ?? ""), DocumentLanguage.all.contains(language)
            else { throw AppError.invalid("language", "invalid_choice") }
            return language
        }
        let delivery = try v.choice("delivery", Delivery.self)
        let address: String?? = delivery == .post ? try v.text("postal_address", limit: 500) : .some(nil)
        let payment = try v.choice("payment", Payment.self)
        let reference: String?? = payment == .transfer ? try v.text("payment_reference", limit: 100) : .some(nil)
        try v.finish()
        return (
            kind!, relation!, relationship!, subject!, purpose!, copies!, language!, delivery!, address!, payment!,
            reference!
        )
    }

    /// A JMBG alone identifies the person; without one, the name, date and place of birth and a parent's name do.
    static func subject(_ input: [String: String], kind: ExtractKind, today: Day) throws -> ExtractSubject {
        func optional(_ field: String) throws -> String? {
            let value = (input[field] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard value.count <= 200 else { throw AppError.invalid(field, "too_long", ["max": "200"]) }
            return value.isEmpty ? nil : value
        }
        var v = Validation()
        let given = try v.check { try AccountRules.text(input["given_name"], field: "given_name", limit: 200) }
        let surname = try v.check { try AccountRules.text(input["surname"], field: "surname", limit: 200) }
        var subject = ExtractSubject(givenName: given ?? "", surname: surname ?? "")
        subject.jmbg =
            try v.check { () throws -> String? in
                guard let raw = try optional("jmbg") else { return nil }
                do { return try JMBG(raw, today: today.components).digits } catch let problem as JMBG.Problem {
                    throw AppError.invalid("jmbg", problem.rawValue)
                }
            } ?? nil
        subject.birthDate =
            try v.check { () throws -> String? in
                guard let raw = try optional("birth_date") else { return nil }
                guard let day = Day(text: raw) else { throw AppError.invalid("birth_date", "invalid_date") }
                guard day <= today else { throw AppError.invalid("birth_date", "date_in_future") }
                return day.description
            } ?? nil
        subject.birthPlace = try v.check { try optional("birth_place") } ?? nil
        subject.fatherName = try v.check { try optional("father_name") } ?? nil
        subject.motherName = try v.check { try optional("mother_name") } ?? nil
        subject.spouseName = kind.book == .marriages ? try v.check { try optional("spouse_name") } ?? nil : nil
        let jmbgGiven = !(input["jmbg"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        if !jmbgGiven {
            let required: [(String, Bool)] = [
                ("birth_date", (input["birth_date"] ?? "").isEmpty), ("birth_place", subject.birthPlace == nil),
                ("mother_name", subject.fatherName == nil && subject.motherName == nil),
            ]
            for (field, missing) in required where missing {
                _ = try v.check { throw AppError.invalid(field, "required_without_jmbg") }
            }
        }
        try v.finish()
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
