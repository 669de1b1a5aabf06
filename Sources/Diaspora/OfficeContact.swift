import Foundation
import Platform
import SQLKit

/// One contact of the diaspora office (Ured za dijasporu), logged from one form: who, how,
/// about what, with what outcome, and where the person was referred. Each is one service
/// delivered, in the ledger.
public struct OfficeContact: Sendable {
    public enum Party: String, CaseIterable, Sendable { case member, association, anonymous }
    public enum Channel: String, CaseIterable, Sendable { case inPerson = "in_person", phone, email, social, letter }
    public enum Referral: String, CaseIterable, Sendable { case department, business, ngo, ministry }

    public var id: String
    public var municipalityID: String
    public var party: Party
    /// The member's profile, or the association's name, or nothing for an anonymous contact.
    public var partyName: String
    public var channel: Channel
    public var topic: String
    public var outcome: String
    public var referral: Referral?
    public var referredTo: String?
    public var recordedBy: String
    public var recordedAt: Date
    /// The member's profile in this municipality's registry, for a contact with a member: the
    /// person's export lists the contact and their erasure takes their name off it.
    public var profileID: String?

    public static let service = LedgerKind("office_service", labelKey: "ledger_office_service")

    /// A contact as typed into the form, every wrong field reported at once. Pure.
    public static func check(_ values: [String: String], municipalityID: String, officer: Account, now: Date)
        throws -> OfficeContact
    {
        var input = FormInput(values)
        let party = try input.choice("party", Party.self)
        let name = party == .anonymous ? "" : try input.text("party_name", limit: 200)
        let channel = try input.choice("channel", Channel.self)
        let topic = try input.text("topic", limit: 200), outcome = try input.text("outcome", limit: 1000)
        var referral: Referral?, referredTo: String?
        if !input.trimmed("referral").isEmpty {
            referral = try input.choice("referral", Referral.self)
            // A referral to the ministry is always to the MLJPI (Ministarstvo za ljudska prava i izbjeglice).
            referredTo = referral == .ministry ? "MLJPI" : try input.text("referred_to", limit: 200)
        }
        try input.finish()
        return OfficeContact(
            id: Random.id(), municipalityID: municipalityID, party: party!, partyName: name ?? "", channel: channel!,
            topic: topic!, outcome: outcome!, referral: referral, referredTo: referredTo, recordedBy: officer.id,
            recordedAt: now, profileID: nil)
    }
}

extension DiasporaStore {
    /// Logs the contact, its ledger entry and its audit entry in one transaction.
    public static func log(_ c: OfficeContact, env: AppEnvironment, actor: Actor) async throws {
        try await env.database.transaction { db in
            try await db.raw(
                .insert(
                    into: "office_contacts",
                    columns: [
                        "id", "municipality_id", "party", "channel", "topic", "outcome", "referral_kind", "referral_to",
                        "recorded_by", "recorded_at", "profile_id",
                    ],
                    rows: [
                        [
                            c.id, c.municipalityID, c.party.rawValue + (c.partyName.isEmpty ? "" : ":" + c.partyName),
                            c.channel.rawValue, c.topic, c.outcome,
                            c.referral?.rawValue, c.referredTo, c.recordedBy, Timestamp.text(c.recordedAt),
                            c.profileID,
                        ]
                    ])
            ).run()
            try await Ledger(db).record(
                LedgerEntry(
                    municipalityID: c.municipalityID, kind: OfficeContact.service, occurredAt: c.recordedAt,
                    sourceType: "office_contact", sourceID: c.id,
                    attributes: [
                        "channel": c.channel.rawValue, "party": c.party.rawValue,
                        "referral": c.referral?.rawValue ?? "",
                    ]))
            try await AuditLog(db, clock: env.clock).record(
                actor, "office.contact", objectType: "office_contact", objectID: c.id,
                municipalityID: c.municipalityID, detail: "\(c.channel.rawValue) \(c.topic)")
        }
    }

    /// The registry member an officer names for a contact: by e-mail address, or by name when one
    /// member of this municipality's registry has it. None, or several of the name: a field error.
    public func memberProfile(_ typed: String, municipalityID: String) async throws -> String {
        let text = typed.trimmingCharacters(in: .whitespaces)
        let found = try await db.raw(
            """
            SELECT p.id FROM diaspora_profiles p JOIN accounts a ON a.id = p.account_id
            WHERE p.municipality_id = \(bind: municipalityID) AND (p.name_key = \(bind: NameKey.of(text)) \
            OR a.email = \(bind: text.lowercased())) ORDER BY p.id LIMIT 2
            """
        ).rows(ProfileID.self)
        guard found.count == 1 else {
            throw AppError.invalid("party_name", found.isEmpty ? "contact_member_unknown" : "contact_member_ambiguous")
        }
        return found[0].id
    }

    private struct ProfileID: Decodable { let id: String }

    /// A member's contacts with the office, for their own export.
    func contacts(ofProfile profileID: String) async throws -> [[String: String]] {
        try await db.raw(
            """
            SELECT channel, topic, outcome, referral_kind, referral_to, recorded_at FROM office_contacts
            WHERE profile_id = \(bind: profileID) ORDER BY recorded_at, id
            """
        ).rows([String: String?].self).map { $0.mapValues { $0 ?? "" } }
    }

    /// The latest contacts, newest first.
    public func recentContacts(_ municipalityID: String, limit: Int = 50) async throws -> [[String: String]] {
        try await db.raw(
            """
            SELECT party, channel, topic, outcome, referral_kind, referral_to, recorded_at FROM office_contacts
            WHERE municipality_id = \(bind: municipalityID) ORDER BY recorded_at DESC, id LIMIT \
            \(unsafeRaw: String(limit))
            """
        ).rows([String: String?].self).map { $0.mapValues { $0 ?? "" } }
    }
}
