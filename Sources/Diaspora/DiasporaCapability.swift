import Foundation
import Hummingbird
import Platform
import SQLKit

/// The diaspora registry and the Ured za dijasporu: members' profiles, the office's log of
/// every contact, and the officers' view of who lives where.
public struct DiasporaCapability: Capability {
    public let name = "diaspora"
    public init() {}

    public var migrations: [Migration] { DiasporaMigrations.all }
    public var apiOperations: [APIOperation] { DiasporaAPI.operations + OfficeAPI.operations }
    public var indicators: [Indicator] {
        [
            Indicator("office_services", OfficeContact.service, seed: 4),
            Indicator("members_registered", DiasporaStore.registered, breakdown: .country),
            Indicator("associations", AssociationStore.registered),
            Indicator("agreements", AssociationStore.agreementSigned),
        ]
    }
    public var audiences: AudienceSource? { NewsletterAudience.source }
    public var templates: URL? { Bundle.module.bundleURL.appendingPathComponent("Resources/Templates") }
    public var localization: URL? { Bundle.module.bundleURL.appendingPathComponent("Resources/Localization") }

    public func staffMenu(for account: Account, in municipality: Municipality) -> [MenuEntry] {
        guard let role = account.role, OfficeStaffPages.office.contains(role) else { return [] }
        return [
            MenuEntry(labelKey: "office_title", path: "/\(municipality.slug)/staff/office"),
            MenuEntry(labelKey: "diaspora_members_title", path: "/\(municipality.slug)/staff/members"),
            MenuEntry(labelKey: "association_title", path: "/\(municipality.slug)/staff/associations"),
            MenuEntry(labelKey: "partner_title", path: "/\(municipality.slug)/staff/partners"),
        ]
    }

    public func welcomeLink(for municipality: Municipality) -> MenuEntry? {
        MenuEntry(labelKey: "welcome_profile", path: "/\(municipality.slug)/diaspora/profile")
    }

    public func portalLinks(for municipality: Municipality) -> [MenuEntry] {
        [
            MenuEntry(labelKey: "diaspora_profile_link", path: "/\(municipality.slug)/diaspora/profile"),
            MenuEntry(
                labelKey: "association_directory_link", path: "/\(municipality.slug)/associations",
                group: .information),
        ]
    }

    /// The associations and agreements the seed articles name, so a demo office has something to show.
    public func loadDemo(_ municipality: Municipality, departments: [String: String], db: any SQLDatabase, at now: Date)
        async throws
    {
        let store = AssociationStore(db)
        let demo:
            [String: [(
                name: String, city: String, country: String, email: String, agreement: String?, premises: String?
            )]] = [
                "kljuc": [
                    (
                        "Prijatelji Ključa", "Luzern", "CH", "info@prijatelji-kljuca.test", nil,
                        "Dom kulture Ključ, kancelarija 4"
                    ),
                    (
                        "Bosansko-kanadsko humanitarno društvo", "Toronto", "CA", "bkhd@toronto.test", nil,
                        "Dom kulture Ključ, kancelarija 5"
                    ),
                ],
                "ljubuski": [
                    (
                        "Udruga Ljubušaka u Zagrebu", "Zagreb", "HR", "udruga@ljubusaci-zagreb.test",
                        "Sporazum o suradnji s iseljeništvom", nil
                    )
                ],
            ]
        for entry in demo[municipality.slug] ?? [] {
            let association = Association(
                id: Random.id(), municipalityID: municipality.id, name: entry.name, city: entry.city,
                country: entry.country,
                contactName: "Predsjednik udruženja", contactEmail: entry.email, phone: "", website: "", members: nil,
                worksWith: [municipality.slug], publicListing: true)
            try await store.save(association, at: now)
            if let subject = entry.agreement {
                try await store.insert(
                    Agreement(
                        id: Random.id(), municipalityID: municipality.id, party: .association,
                        associationID: association.id,
                        partyName: association.name, subject: subject, signedOn: Day(2024, 5, 20), validUntil: nil,
                        status: .signed,
                        hasDocument: false), document: nil, at: now)
            }
            if let premises = entry.premises {
                try await store.allocate(
                    premises: premises, to: association.id, municipalityID: municipality.id, from: Day(2025, 1, 1),
                    until: nil, at: now)
            }
        }
    }

    public func addRoutes(to router: Router<AppRequestContext>, environment: AppEnvironment) {
        ProfilePages(env: environment).addRoutes(to: router)
        OfficeStaffPages(env: environment).addRoutes(to: router)
        AssociationPages(env: environment).addRoutes(to: router)
        PartnerStaffPages(env: environment).addRoutes(to: router)
        DiasporaAPI(env: environment).addRoutes(to: router)
        OfficeAPI(env: environment).addRoutes(to: router)
    }

    struct ProfileKey: Decodable { let id: String, municipalityID: String }

    public func personalData(of account: Account, environment: AppEnvironment) async throws -> [String: Any] {
        let rows = try await environment.database.sql.raw(
            "SELECT id, municipality_id FROM diaspora_profiles WHERE account_id = \(bind: account.id)"
        ).rows(ProfileKey.self)
        var profiles: [[String: Any]] = []
        for row in rows {
            profiles.append([
                "municipality_id": row.municipalityID,
                "history": try await DiasporaStore(environment.database.sql).history(row.id).map {
                    ["saved_at": Timestamp.text($0.savedAt), "profile": $0.snapshot]
                },
                "office_contacts": try await DiasporaStore(environment.database.sql).contacts(ofProfile: row.id),
            ])
        }
        return profiles.isEmpty ? [:] : ["profiles": profiles]
    }

    /// The person goes entirely; the office's contacts and the ledger keep only counts.
    public func renamed(_ account: Account, environment: AppEnvironment) async throws {
        try await environment.database.transaction { db in
            try await DiasporaStore(db).rename(account: account.id, to: account.displayName)
        }
    }

    public func erase(_ account: Account, environment: AppEnvironment) async throws {
        try await environment.database.transaction { db in
            try await db.raw(
                """
                DELETE FROM diaspora_profile_history WHERE profile_id IN (SELECT id FROM diaspora_profiles WHERE \
                account_id = \(bind: account.id))
                """
            ).run()
            try await db.raw(
                """
                DELETE FROM diaspora_name_words WHERE profile_id IN (SELECT id FROM diaspora_profiles WHERE account_id \
                = \(bind: account.id))
                """
            ).run()
            // The office's contacts stay as counts (the ledger has them): without the name, without the link.
            try await db.raw(
                """
                UPDATE office_contacts SET party = 'member', profile_id = NULL WHERE profile_id IN \
                (SELECT id FROM diaspora_profiles WHERE account_id = \(bind: account.id))
                """
            ).run()
            try await db.raw("DELETE FROM diaspora_profiles WHERE account_id = \(bind: account.id)").run()
        }
    }
}
