import Foundation
import Platform
import Testing

@testable import CivilRegistry

/// A request "for self" is checked against the account holder and the entry the registrar chose.
@Suite struct SelfRequestTests {
    static func request(
        holder: String, given: String, surname: String, birthDate: String? = nil, jmbg: String? = nil,
        relation: Relation = .own
    ) -> ExtractRequest {
        var subject = ExtractSubject(givenName: given, surname: surname)
        subject.birthDate = birthDate
        subject.jmbg = jmbg
        return ExtractRequest(
            id: "r", number: "JAJ-EM-2026-000001", municipalityID: "m", requesterID: "a", requesterName: holder,
            requesterEmail: "a@example.org", kind: .birth, relation: relation, subject: subject, purpose: "Standesamt",
            copies: 1, language: .bs, delivery: .electronic, payment: .office, feeFening: 500, status: .received,
            submittedAt: Date(timeIntervalSince1970: 0))
    }

    static let emina = [
        "given_name": "Emina", "surname": "Mehmedović", "birth_date": "1992-06-01", "jmbg": "0106992175001",
    ]

    /// The case the issue names: Amra Hodžić asked "for self" and was about to receive Emina Mehmedović's extract.
    @Test func amraAskingForEminasExtractIsFlagged() {
        let asked = Self.request(holder: "Amra Hodžić", given: "Emina", surname: "Mehmedović", birthDate: "1992-06-01")
        #expect(ExtractRules.selfDifferences(asked, entry: nil) == ["extract_self_name"])
        #expect(
            ExtractRules.selfDifferences(asked, entry: Self.emina) == ["extract_self_name", "extract_self_entry_name"])
        let typedOwn = Self.request(holder: "Amra Hodžić", given: "Amra", surname: "Hodžić", birthDate: "1990-02-02")
        #expect(
            ExtractRules.selfDifferences(typedOwn, entry: Self.emina) == [
                "extract_self_entry_name", "extract_self_entry_birth_date",
            ])
    }

    @Test func theSamePersonPassesHoweverTheNameIsTyped() {
        let asked = Self.request(
            holder: "Emina Mehmedovic", given: "EMINA", surname: "Mehmedović", birthDate: "1992-06-01",
            jmbg: "0106992175001")
        #expect(ExtractRules.selfDifferences(asked, entry: Self.emina).isEmpty)
        #expect(
            ExtractRules.selfDifferences(
                Self.request(holder: "Emina Mehmedović", given: "Emina", surname: "Mehmedović", jmbg: "0101990170003"),
                entry: Self.emina) == ["extract_self_entry_jmbg"])
        // Either spouse may ask for their own marriage extract.
        let marriage = [
            "given_name": "Emir", "surname": "Begić", "spouse_given_name": "Anna", "spouse_surname": "Müller",
        ]
        #expect(
            ExtractRules.selfDifferences(
                Self.request(holder: "Anna Müller", given: "Anna", surname: "Müller"), entry: marriage
            ).isEmpty)
        // Requests for relatives are not compared with the holder.
        #expect(
            ExtractRules.selfDifferences(
                Self.request(holder: "Amra Hodžić", given: "Emina", surname: "Mehmedović", relation: .child),
                entry: Self.emina
            ).isEmpty)
    }
}
