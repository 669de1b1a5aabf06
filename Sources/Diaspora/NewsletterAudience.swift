import Foundation
import Platform
import SQLKit

/// The registry's newsletter audiences: everyone who consented to the newsletter, and each saved
/// segment narrowed to them. Unsubscribing withdraws that consent, kept in the profile's history.
enum NewsletterAudience {
    static let all = "all"
    static let segmentPrefix = "segment:"

    static let source = AudienceSource(
        audiences: { municipalityID, db in
            [Audience(id: all, name: "diaspora_audience_all")]
                + (try await DiasporaStore(db).segments(municipalityID)).map {
                    Audience(id: segmentPrefix + $0.name, name: $0.name)
                }
        },
        recipients: { audienceID, municipalityID, db in
            var filter = MemberFilter()
            if audienceID.hasPrefix(segmentPrefix) {
                let name = String(audienceID.dropFirst(segmentPrefix.count))
                guard
                    let segment = try await DiasporaStore(db).segments(municipalityID).first(where: { $0.name == name })
                else { return [] }
                filter = MemberFilter(query: Form(encoded: segment.query))
            } else if audienceID != all {
                return []
            }
            filter.consent = .newsletter
            let members = try await DiasporaStore(db).members(municipalityID, filter, limit: 1_000_000)
            let languages = try await Self.languages(of: members.map(\.email), db)
            return members.map { Recipient(email: $0.email, name: $0.name, language: languages[$0.email] ?? .fallback) }
        },
        unsubscribe: { email, municipalityID, db, now in
            guard let account = try await AccountStore(db).find(email: email),
                var profile = try await DiasporaStore(db).profile(account: account.id, municipality: municipalityID),
                profile.consents[.newsletter] != nil
            else { return false }
            profile.consents[.newsletter] = nil
            profile.updatedAt = now
            try await DiasporaStore(db).save(profile, displayName: account.displayName, by: account.id)
            return true
        })

    /// Each address's language, in chunks the databases' parameter limits allow.
    private struct Reader: Decodable { let email: String, language: Language }

    static func languages(of emails: [String], _ db: any SQLDatabase) async throws -> [String: Language] {
        var found: [String: Language] = [:]
        for start in stride(from: 0, to: emails.count, by: 500) {
            var query = SQLQueryString("SELECT email, language FROM accounts WHERE email IN ('-'")
            for email in emails[start..<min(start + 500, emails.count)] {
                query.appendInterpolation(unsafeRaw: ", "); query.appendInterpolation(bind: email)
            }
            query.appendInterpolation(unsafeRaw: ")")
            for row in try await db.raw(query).rows(Reader.self) { found[row.email] = row.language }
        }
        return found
    }
}

extension MemberFilter {
    /// A saved segment's query string as the filter it stands for.
    init(query: Form) {
        self.init()
        name = query["name"].flatMap { $0.isEmpty ? nil : $0 }
        country = query["country"].flatMap { $0.isEmpty ? nil : $0.uppercased() }
        city = query["city"].flatMap { $0.isEmpty ? nil : $0 }
        skill = query["skill"].flatMap { $0.isEmpty ? nil : $0 }
        interest = query["interest"].flatMap(Interest.init(rawValue:))
        consent = query["consent"].flatMap(Consent.init(rawValue:))
    }
}
