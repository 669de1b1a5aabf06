import Foundation
import Platform
import SQLKit

/// What the diaspora office records at its desk — associations, agreements, office space, contacts,
/// local partners and their log — for its pages and the API alike. Every write is audited.
struct OfficeDesk: Sendable {
    let env: AppEnvironment
    let scope: StaffScope
    let actor: Actor
    var associations: AssociationStore { AssociationStore(env.database.sql) }
    var municipalityID: String { scope.municipality.id }

    func audit(_ action: String, objectType: String, objectID: String? = nil, _ detail: String) async throws {
        try await env.audit.record(
            actor, action, objectType: objectType, objectID: objectID ?? municipalityID,
            municipalityID: municipalityID, detail: detail)
    }

    /// A member filter saved under a name (replacing one of that name); returns its query. Only the
    /// filter's own fields are kept, re-encoded, so a segment is exactly a filter. Sendable newsletters
    /// use it as an audience.
    func saveSegment(_ values: [String: String]) async throws -> (name: String, query: String) {
        let name = try AccountRules.text(values["segment_name"], field: "segment_name", limit: 120)
        let query = Self.segmentFields.compactMap { key in
            values[key].flatMap {
                $0.isEmpty ? nil : "\(key)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            }
        }.joined(separator: "&")
        try await DiasporaStore(env.database.sql).saveSegment(
            name: name, query: query, municipalityID: municipalityID, by: scope.account.id, at: env.clock.now())
        try await audit("diaspora.segment", objectType: "municipality", "\(name): \(query)")
        return (name, query)
    }

    static let segmentFields = ["name", "country", "city", "skill", "interest", "consent"]

    func addAssociation(_ values: [String: String], worksWith: [String]) async throws -> Association {
        let association = try Association.check(values, worksWith: worksWith, id: nil, municipalityID: municipalityID)
        try await associations.save(association, at: env.clock.now())
        try await audit("diaspora.association", objectType: "association", "association.save \(association.name)")
        return association
    }

    /// An agreement, with its signed PDF when there is one.
    func addAgreement(_ values: [String: String], files: [(filename: String, data: Data)]) async throws -> Agreement {
        let association = try await values["association_id"].asyncMap {
            try await associations.find($0, municipalityID: municipalityID)
        }
        var input = FormInput(values)
        let agreement = try input.check {
            try Agreement.check(values, association: association ?? nil, municipalityID: municipalityID)
        }
        let documents = try input.check {
            let documents = try AttachmentKind.check(files, field: "document")
            guard documents.allSatisfy({ $0.kind == .pdf }), documents.count <= 1 else {
                throw AppError.invalid("document", "agreement_pdf_only")
            }
            return documents
        }
        try input.finish()
        try await associations.insert(agreement!, document: documents!.first?.data, at: env.clock.now())
        try await audit("diaspora.agreement", objectType: "agreement", "agreement.save \(agreement!.partyName)")
        return agreement!
    }

    /// Office space lent to an association, from a day and (when known) until one.
    func allocateSpace(_ values: [String: String]) async throws {
        let association = try await values["association_id"].asyncMap {
            try await associations.find($0, municipalityID: municipalityID)
        }
        var input = FormInput(values)
        _ = try input.check { if association == nil { throw AppError.invalid("association_id", "invalid_choice") } }
        let premises = try input.text("premises", limit: 200), from = try input.day("from_date")
        let until = try input.optionalDay("until_date")
        if let from, let until = until ?? nil {
            _ = try input.check {
                if until < from { throw AppError.invalid("until_date", "valid_until_before_signing") }
            }
        }
        try input.finish()
        try await associations.allocate(
            premises: premises!, to: association!!.id, municipalityID: municipalityID, from: from!, until: until!,
            at: env.clock.now())
        try await audit("diaspora.space", objectType: "space", "office_space \(association!!.name): \(premises!)")
    }

    func logContact(_ values: [String: String]) async throws -> OfficeContact {
        var contact = try OfficeContact.check(
            values, municipalityID: municipalityID, officer: scope.account, now: env.clock.now())
        if contact.party == .member {
            contact.profileID = try await DiasporaStore(env.database.sql).memberProfile(
                contact.partyName, municipalityID: municipalityID)
        }
        try await DiasporaStore.log(contact, env: env, actor: actor)
        return contact
    }

    // MARK: Partners

    enum PartnerKind: String, CaseIterable { case business, ngo, institution }
    struct Partner: Decodable { let id: String, name: String, kind: String, contact: String }

    func addPartner(_ values: [String: String]) async throws -> Partner {
        var input = FormInput(values)
        let name = try input.text("name", limit: 200), kind = try input.choice("kind", PartnerKind.self)
        let contact = try input.text("contact", limit: 300)
        try input.finish()
        let partner = Partner(id: Random.id(), name: name!, kind: kind!.rawValue, contact: contact!)
        try await env.database.sql.raw(
            .insert(
                into: "partners", columns: ["id", "municipality_id", "name", "kind", "contact", "created_at"],
                rows: [
                    [
                        partner.id, municipalityID, partner.name, partner.kind, partner.contact,
                        Timestamp.text(env.clock.now()),
                    ]
                ])
        ).run()
        try await audit("diaspora.partner", objectType: "municipality", partner.name)
        return partner
    }

    /// A partner of this municipality, or nil.
    func partner(_ id: String) async throws -> Partner? {
        try await env.database.sql.raw(
            "SELECT * FROM partners WHERE id = \(bind: id) AND municipality_id = \(bind: municipalityID)"
        ).row(Partner.self)
    }

    struct LogLine: Decodable { let happenedOn: String, note: String }

    /// The contacts with a partner, latest first.
    func log(of partner: Partner) async throws -> [LogLine] {
        try await env.database.sql.raw(
            """
            SELECT happened_on, note FROM partner_contacts WHERE partner_id = \(bind: partner.id) ORDER BY happened_on \
            DESC, id
            """
        ).rows(LogLine.self)
    }

    /// A contact with a partner, on a day not after today.
    func notePartner(_ partner: Partner, _ values: [String: String]) async throws {
        var input = FormInput(values)
        let day = try input.day("happened_on")
        if let day {
            _ = try input.check {
                if day > Day(sarajevo: env.clock.now()) { throw AppError.invalid("happened_on", "invalid_date") }
            }
        }
        let note = try input.text("note", limit: 2000)
        try input.finish()
        try await env.database.sql.raw(
            .insert(
                into: "partner_contacts",
                columns: ["id", "partner_id", "happened_on", "note", "recorded_by", "recorded_at"],
                rows: [
                    [
                        Random.id(), partner.id, day!.description, note!, scope.account.id,
                        Timestamp.text(env.clock.now()),
                    ]
                ])
        ).run()
        try await audit("diaspora.partner_contact", objectType: "partner", objectID: partner.id, partner.name)
    }
}
