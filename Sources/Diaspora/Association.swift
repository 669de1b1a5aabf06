import Foundation
import Platform
import SQLKit

/// An association of the diaspora abroad, kept by a municipality; listed publicly only when it agrees.
public struct Association: Sendable, Decodable {
    public var id: String
    public var municipalityID: String
    public var name: String, city: String, country: String
    public var contactName: String, contactEmail: String, phone: String, website: String
    public var members: Int?
    /// Slugs of the municipalities it works with.
    @CommaWords public var worksWith: [String]
    @BoolColumn public var publicListing: Bool

    /// An association as typed into the form, every wrong field reported at once. Pure.
    public static func check(_ values: [String: String], worksWith: [String], id: String?, municipalityID: String)
        throws -> Association
    {
        var input = FormInput(values)
        let name = try input.text("name", limit: 200), city = try input.text("city", limit: 120)
        let country = try input.check { try Country.check(values["country"]) }
        let contactName = try input.text("contact_name", limit: 120)
        let contactEmail = try input.email("contact_email")
        let members = try input.integer("members", in: 0...9_999_999)
        let website = try input.link("website", limit: 200)
        try input.finish()
        return Association(
            id: id ?? Random.id(), municipalityID: municipalityID, name: name!, city: city!, country: country!,
            contactName: contactName!, contactEmail: contactEmail!, phone: String(input.trimmed("phone").prefix(40)),
            website: website!, members: members!, worksWith: worksWith, publicListing: values["public_listing"] == "yes"
        )
    }
}

/// A cooperation agreement between the municipality and an association or a local government abroad.
public struct Agreement: Sendable {
    public enum Party: String, CaseIterable, Sendable, Decodable {
        case association, localGovernment = "local_government"
    }
    public enum Status: String, CaseIterable, Sendable, Decodable { case draft, signed, expired, terminated }
    public var id: String
    public var municipalityID: String
    public var party: Party
    public var associationID: String?
    public var partyName: String
    public var subject: String
    public var signedOn: Day
    public var validUntil: Day?
    public var status: Status
    public var hasDocument: Bool

    /// An agreement as typed; its valid-until date may not come before its signing. Every wrong field
    /// is reported at once. Pure.
    public static func check(_ values: [String: String], association: Association?, municipalityID: String) throws
        -> Agreement
    {
        var input = FormInput(values)
        let party = try input.choice("party", Party.self), status = try input.choice("status", Status.self)
        let signed = try input.day("signed_on"), until = try input.optionalDay("valid_until")
        if let signed, let until = until ?? nil {
            _ = try input.check {
                if until < signed { throw AppError.invalid("valid_until", "valid_until_before_signing") }
            }
        }
        var name = association?.name
        if party == .association {
            _ = try input.check { if association == nil { throw AppError.invalid("association_id", "invalid_choice") } }
        } else {
            name = try input.text("party_name", limit: 200)
        }
        let subject = try input.text("subject", limit: 500)
        try input.finish()
        return Agreement(
            id: Random.id(), municipalityID: municipalityID, party: party!,
            associationID: party == .association ? association?.id : nil, partyName: name ?? "", subject: subject!,
            signedOn: signed!, validUntil: until ?? nil, status: status!, hasDocument: false)
    }
}

public struct AssociationStore: Sendable {
    let db: any SQLDatabase
    public init(_ db: any SQLDatabase) { self.db = db }

    public static let registered = LedgerKind("association_registered", labelKey: "ledger_association_registered")
    public static let agreementSigned = LedgerKind("agreement_signed", labelKey: "ledger_agreement_signed")

    /// Saves the association; a new one counts once in the ledger, by country.
    public func save(_ a: Association, at now: Date) async throws {
        if try await find(a.id, municipalityID: a.municipalityID) == nil {
            try await Ledger(db).record(
                LedgerEntry(
                    municipalityID: a.municipalityID, kind: Self.registered, occurredAt: now, sourceType: "association",
                    sourceID: a.id, dimension: a.country))
        }
        try await db.raw(
            "DELETE FROM associations WHERE id = \(bind: a.id) AND municipality_id = \(bind: a.municipalityID)"
        ).run()
        try await db.raw(
            .insert(
                into: "associations",
                columns: [
                    "id", "municipality_id", "name", "city", "country", "contact_name", "contact_email", "phone",
                    "website", "members", "works_with",
                    "public_listing", "created_at",
                ],
                rows: [
                    [
                        a.id, a.municipalityID, a.name, a.city, a.country, a.contactName, a.contactEmail, a.phone,
                        a.website, a.members,
                        a.worksWith.joined(separator: ","), a.publicListing ? 1 : 0, Timestamp.text(now),
                    ]
                ])
        ).run()
    }

    /// A municipality's associations; `publicOnly` for the public directory.
    public func list(_ municipalityID: String, publicOnly: Bool) async throws -> [Association] {
        var query = SQLQueryString("SELECT * FROM associations WHERE municipality_id = \(bind: municipalityID)")
        if publicOnly { query.appendInterpolation(unsafeRaw: " AND public_listing = 1") }
        query.appendInterpolation(unsafeRaw: " ORDER BY name, id")
        return try await db.raw(query).rows(Association.self)
    }

    public func find(_ id: String, municipalityID: String) async throws -> Association? {
        try await db.raw(
            "SELECT * FROM associations WHERE id = \(bind: id) AND municipality_id = \(bind: municipalityID)"
        ).row(Association.self)
    }

    public func insert(_ g: Agreement, document: Data?, at now: Date) async throws {
        try await db.raw(
            .insert(
                into: "agreements",
                columns: [
                    "id", "municipality_id", "party_kind", "association_id", "party_name", "subject", "signed_on",
                    "valid_until", "status", "document", "created_at",
                ],
                rows: [
                    [
                        g.id, g.municipalityID, g.party.rawValue, g.associationID, g.partyName, g.subject,
                        g.signedOn.description, g.validUntil?.description,
                        g.status.rawValue, document?.base64EncodedString(), Timestamp.text(now),
                    ]
                ])
        ).run()
        if g.status == .signed {
            try await Ledger(db).record(
                LedgerEntry(
                    municipalityID: g.municipalityID, kind: Self.agreementSigned,
                    occurredAt: g.signedOn.date.addingTimeInterval(43_200),
                    sourceType: "agreement", sourceID: g.id, dimension: g.party.rawValue))
        }
    }

    public func agreements(_ municipalityID: String) async throws -> [Agreement] {
        try await db.raw(
            "SELECT * FROM agreements WHERE municipality_id = \(bind: municipalityID) ORDER BY signed_on DESC, id"
        ).rows(AgreementRow.self).map { row in
            Agreement(
                id: row.id, municipalityID: municipalityID, party: row.partyKind, associationID: row.associationID,
                partyName: row.partyName, subject: row.subject, signedOn: row.signedOn, validUntil: row.validUntil,
                status: row.status, hasDocument: row.document != nil)
        }
    }

    private struct AgreementRow: Decodable {
        let id: String, partyKind: Agreement.Party, associationID: String?, partyName: String, subject: String
        let signedOn: Day, validUntil: Day?, status: Agreement.Status, document: String?
    }

    public func document(ofAgreement id: String, municipalityID: String) async throws -> Data? {
        try await db.raw(
            "SELECT document FROM agreements WHERE id = \(bind: id) AND municipality_id = \(bind: municipalityID)"
        ).value("document", as: String?.self)?.flatMap { Data(base64Encoded: $0) }
    }

    public func allocate(
        premises: String, to associationID: String, municipalityID: String, from: Day, until: Day?, at now: Date
    ) async throws {
        try await db.raw(
            .insert(
                into: "office_spaces",
                columns: [
                    "id", "municipality_id", "association_id", "premises", "from_date", "until_date", "created_at",
                ],
                rows: [
                    [
                        Random.id(), municipalityID, associationID, premises, from.description, until?.description,
                        Timestamp.text(now),
                    ]
                ])
        ).run()
    }

    public func spaces(_ municipalityID: String) async throws -> [(
        association: String, premises: String, from: String, until: String?
    )] {
        try await db.raw(
            """
            SELECT a.name, s.premises, s.from_date, s.until_date FROM office_spaces s JOIN associations a ON a.id = \
            s.association_id
            WHERE s.municipality_id = \(bind: municipalityID) ORDER BY s.from_date DESC
            """
        ).rows(SpaceRow.self).map { ($0.name, $0.premises, $0.fromDate, $0.untilDate) }
    }

    private struct SpaceRow: Decodable { let name: String, premises: String, fromDate: String, untilDate: String? }
}
