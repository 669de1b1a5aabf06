import Foundation
import Platform
import SQLKit

/// What an officer filters members by; nil is "any".
public struct MemberFilter: Sendable {
    public var name: String?
    public var country: String?
    public var city: String?
    public var skill: String?
    public var interest: Interest?
    public var consent: Consent?
    public init() {}
}

/// SQL for profiles, their history, and the office's contacts.
public struct DiasporaStore: Sendable {
    let db: any SQLDatabase
    public init(_ db: any SQLDatabase) { self.db = db }

    /// Saves the profile (insert or replace) and appends its new state to the history.
    public static let registered = LedgerKind("diaspora_member", labelKey: "ledger_diaspora_member")

    /// A new profile is one registered member in the ledger, by country of residence.
    /// The words of the holder's name the office's search finds a profile by.
    func indexName(_ displayName: String, profileID: String, municipalityID: String) async throws {
        try await db.raw("DELETE FROM diaspora_name_words WHERE profile_id = \(bind: profileID)").run()
        let words = Set(NameKey.of(displayName).split(separator: " ").map(String.init))
        guard !words.isEmpty else { return }
        try await db.raw(
            .insert(
                into: "diaspora_name_words", columns: ["profile_id", "municipality_id", "word"],
                rows: words.sorted().map { [profileID, municipalityID, $0] })
        ).run()
    }

    /// The holder renamed themselves: every profile of theirs is found, and sorted, by the new name.
    public func rename(account accountID: String, to displayName: String) async throws {
        let profiles = try await db.raw(
            "SELECT id, municipality_id FROM diaspora_profiles WHERE account_id = \(bind: accountID)"
        ).rows(ProfileKey.self)
        for profile in profiles {
            try await db.raw(
                """
                UPDATE diaspora_profiles SET name_key = \(bind: NameKey.of(displayName)) \
                WHERE id = \(bind: profile.id)
                """
            ).run()
            try await indexName(displayName, profileID: profile.id, municipalityID: profile.municipalityID)
        }
    }

    private struct ProfileKey: Decodable { let id: String, municipalityID: String }

    public func save(_ p: DiasporaProfile, displayName: String, by accountID: String) async throws {
        if try await db.raw("SELECT id FROM diaspora_profiles WHERE id = \(bind: p.id)").first() == nil {
            try await Ledger(db).record(
                LedgerEntry(
                    municipalityID: p.municipalityID, kind: Self.registered, occurredAt: p.updatedAt,
                    sourceType: "diaspora_profile",
                    sourceID: p.id, dimension: p.country))
        }
        try await db.raw("DELETE FROM diaspora_profiles WHERE id = \(bind: p.id)").run()
        try await indexName(displayName, profileID: p.id, municipalityID: p.municipalityID)
        let consent = { (c: Consent) in p.consents[c].map(Timestamp.text) }
        let row: [any Encodable & Sendable] = [
            p.id, p.accountID, p.municipalityID, p.country, p.city, p.since, p.profession, p.sector,
            "," + p.skills.joined(separator: ",") + ",",
            p.languages.joined(separator: ","), "," + p.interests.map(\.rawValue).joined(separator: ",") + ",",
            p.associations,
            consent(.newsletter), consent(.contact), consent(.directory), NameKey.of(displayName),
            Timestamp.text(p.updatedAt),
        ]
        try await db.raw(
            .insert(
                into: "diaspora_profiles",
                columns: [
                    "id", "account_id", "municipality_id", "country", "city", "since", "profession", "sector", "skills",
                    "languages", "interests",
                    "associations", "consent_newsletter", "consent_contact", "consent_directory", "name_key",
                    "updated_at",
                ], rows: [row])
        ).run()
        let snapshot: [String: String] = [
            "country": p.country, "city": p.city, "since": p.since.map(String.init) ?? "", "profession": p.profession,
            "sector": p.sector, "skills": p.skills.joined(separator: ","),
            "languages": p.languages.joined(separator: ","),
            "interests": p.interests.map(\.rawValue).joined(separator: ","), "associations": p.associations,
            "consents": Consent.allCases.map { "\($0.rawValue)=\(consent($0) ?? "-")" }.joined(separator: " "),
        ]
        let json = String(decoding: try JSONEncoder.sorted.encode(snapshot), as: UTF8.self)
        try await db.raw(
            .insert(
                into: "diaspora_profile_history", columns: ["id", "profile_id", "saved_at", "saved_by", "snapshot"],
                rows: [[Random.id(), p.id, Timestamp.text(p.updatedAt), accountID, json]])
        ).run()
    }

    public func profile(account accountID: String, municipality municipalityID: String) async throws -> DiasporaProfile?
    {
        try await db.raw(
            """
            SELECT * FROM diaspora_profiles WHERE account_id = \(bind: accountID) AND municipality_id = \
            \(bind: municipalityID)
            """
        )
        .row(ProfileRow.self)?.profile
    }

    public func history(_ profileID: String) async throws -> [(savedAt: Date, snapshot: [String: String])] {
        try await db.raw(
            """
            SELECT saved_at, snapshot FROM diaspora_profile_history WHERE profile_id = \(bind: profileID) ORDER BY \
            saved_at, id
            """
        ).rows(Snapshot.self).map { ($0.savedAt, $0.snapshot) }
    }

    private struct Snapshot: Decodable {
        @Instant var savedAt: Date
        @JSONColumn var snapshot: [String: String]
    }

    /// Members of a municipality matching the filter, with their account's name and address, in name order.
    /// A name search walks the word index from the longest word typed (each other word must begin
    /// another word of the name) and stops at `limit` matches, so a name shared by a hundred
    /// thousand members costs no more than a rare one; those first matches are then put in name order.
    public func members(_ municipalityID: String, _ f: MemberFilter, limit: Int = 200) async throws -> [(
        profile: DiasporaProfile, name: String, email: String
    )] {
        // The longest word typed is usually the rarest: the walk starts from it.
        let words = (f.name.map(NameKey.of) ?? "").split(separator: " ").map(String.init).sorted { $0.count > $1.count }
        var query: SQLQueryString
        if let first = words.first {
            query = SQLQueryString(
                """
                SELECT p.*, a.display_name, a.email FROM diaspora_name_words w JOIN diaspora_profiles p ON p.id = \
                w.profile_id
                JOIN accounts a ON a.id = p.account_id WHERE w.municipality_id = \(bind: municipalityID)
                  AND w.word >= \(bind: first) AND w.word < \(bind: first + "\u{10FFFF}")
                """)
            for word in words.dropFirst() {
                query.appendInterpolation(
                    unsafeRaw:
                        " AND EXISTS (SELECT 1 FROM diaspora_name_words o WHERE o.profile_id = p.id AND o.word >= ")
                query.appendInterpolation(bind: word)
                query.appendInterpolation(unsafeRaw: " AND o.word < ")
                query.appendInterpolation(bind: word + "\u{10FFFF}")
                query.appendInterpolation(unsafeRaw: ")")
            }
        } else {
            query = SQLQueryString(
                """
                SELECT p.*, a.display_name, a.email FROM diaspora_profiles p JOIN accounts a ON a.id = p.account_id
                WHERE p.municipality_id = \(bind: municipalityID)
                """)
        }
        query.appendFilters([("p.country =", f.country), ("p.city =", f.city)])
        if let skill = f.skill {
            query.appendInterpolation(unsafeRaw: " AND p.skills LIKE ");
            query.appendInterpolation(bind: "%,\(skill.lowercased()),%")
        }
        if let interest = f.interest {
            query.appendInterpolation(unsafeRaw: " AND p.interests LIKE ");
            query.appendInterpolation(bind: "%,\(interest.rawValue),%")
        }
        if let consent = f.consent {
            query.appendInterpolation(unsafeRaw: " AND p.consent_\(consent.rawValue) IS NOT NULL")
        }
        query.appendInterpolation(
            unsafeRaw: words.isEmpty
                ? " ORDER BY p.name_key, p.id LIMIT \(limit)" : " ORDER BY w.word, w.profile_id LIMIT \(limit * 2)")
        var seen = Set<String>()
        let rows = try await db.raw(query).rows(Joined<ProfileRow, Holder>.self).map {
            ($0.base.profile, $0.extra.displayName, $0.extra.email)
        }
        .filter { seen.insert($0.0.id).inserted }
        guard !words.isEmpty else { return rows }
        // Two words of one name may both match the first word typed: kept once, then in name order.
        // Each name folded once, not once per comparison.
        return rows.prefix(limit).map { (key: NameKey.of($0.1), row: $0) }
            .sorted { ($0.key, $0.row.0.id) < ($1.key, $1.row.0.id) }.map(\.row)
    }

    /// Saves a filter under a name (a second save of the name replaces it).
    public func saveSegment(name: String, query: String, municipalityID: String, by accountID: String, at now: Date)
        async throws
    {
        try await db.raw(
            "DELETE FROM member_segments WHERE municipality_id = \(bind: municipalityID) AND name = \(bind: name)"
        ).run()
        try await db.raw(
            .insert(
                into: "member_segments",
                columns: ["id", "municipality_id", "name", "query", "created_by", "created_at"],
                rows: [[Random.id(), municipalityID, name, query, accountID, Timestamp.text(now)]])
        ).run()
    }

    /// The account behind a profile, as the member search shows it.
    private struct Holder: Decodable, Sendable { let displayName: String, email: String }

    public func segments(_ municipalityID: String) async throws -> [(name: String, query: String)] {
        try await db.raw(
            "SELECT name, query FROM member_segments WHERE municipality_id = \(bind: municipalityID) ORDER BY name"
        ).rows(Segment.self).map { ($0.name, $0.query) }
    }

    /// How many members live in each country.
    public func byCountry(_ municipalityID: String) async throws -> [(country: String, count: Int)] {
        try await db.raw(
            """
            SELECT country, COUNT(*) AS n FROM diaspora_profiles WHERE municipality_id = \(bind: municipalityID) GROUP \
            BY country ORDER BY n DESC, country
            """
        ).rows(CountryTally.self).map { ($0.country, $0.n) }
    }

    private struct Segment: Decodable { let name: String, query: String }
    private struct CountryTally: Decodable { let country: String, n: Int }

    /// A profile as stored: each consent is its own column holding the moment it was given.
    struct ProfileRow: Decodable, Sendable {
        let id: String, accountID: String, municipalityID: String, country: String, city: String, since: Int?
        let profession: String, sector: String, associations: String
        @CommaWords var skills: [String]
        @CommaWords var languages: [String]
        @CommaList var interests: [Interest]
        @OptionalInstant var consentNewsletter: Date?
        @OptionalInstant var consentContact: Date?
        @OptionalInstant var consentDirectory: Date?
        @Instant var updatedAt: Date

        var profile: DiasporaProfile {
            let given: [(Consent, Date?)] = [
                (.newsletter, consentNewsletter), (.contact, consentContact), (.directory, consentDirectory),
            ]
            return DiasporaProfile(
                id: id, accountID: accountID, municipalityID: municipalityID, country: country, city: city,
                since: since, profession: profession, sector: sector, skills: skills, languages: languages,
                interests: interests, associations: associations,
                consents: Dictionary(uniqueKeysWithValues: given.compactMap { c, at in at.map { (c, $0) } }),
                updatedAt: updatedAt)
        }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}
