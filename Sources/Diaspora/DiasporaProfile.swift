import Foundation
import Platform

/// What a member abroad tells one municipality about themselves (one person may keep a
/// profile with several municipalities).
public struct DiasporaProfile: Sendable, Equatable {
    public var id: String
    public var accountID: String
    public var municipalityID: String
    public var country: String
    public var city: String
    public var since: Int?
    public var profession: String
    public var sector: String
    public var skills: [String]
    public var languages: [String]
    public var interests: [Interest]
    public var associations: String
    /// When each consent was given; nil when not given or withdrawn.
    public var consents: [Consent: Date]
    public var updatedAt: Date
}

public enum Interest: String, CaseIterable, Sendable, Decodable {
    case investment, knowledgeTransfer = "knowledge_transfer", volunteering, tourism, culture, sport
}

public enum Consent: String, CaseIterable, Sendable { case newsletter, contact, directory }

/// ISO 3166-1 alpha-2 codes, from the platform's locale data; names in the viewer's language.
public enum Country {
    /// Codes in the locale data that are not countries (European Union, United Nations, unknown, …).
    static let notCountries: Set<String> = ["EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"]
    public static let codes: [String] = Locale.Region.isoRegions.map(\.identifier)
        .filter { $0.count == 2 && $0.allSatisfy(\.isLetter) && !notCountries.contains($0) }.sorted()
    static let known = Set(codes)

    /// Every country's name in each language, worked out once (asking the locale data each time showed in profiles).
    static let names: [Language: [String: String]] = Dictionary(
        uniqueKeysWithValues: Language.allCases.map { language in
            (language, Dictionary(uniqueKeysWithValues: codes.map { ($0, language.regionName($0)) }))
        })
    /// The codes in alphabetical order of their names, per language.
    public static let sorted: [Language: [(code: String, name: String)]] = names.mapValues {
        $0.map { ($0.key, $0.value) }.sorted { $0.name < $1.name }
    }

    public static func name(_ code: String, in language: Language) -> String { names[language]?[code] ?? code }

    public static func check(_ raw: String?, field: String = "country") throws -> String {
        let code = (raw ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        guard known.contains(code) else { throw AppError.invalid(field, "country_invalid") }
        return code
    }
}

/// The rules for a profile. Pure.
public enum ProfileRules {
    public static func check(
        _ input: [String: String], consentsGiven: Set<Consent>, previous: DiasporaProfile?, accountID: String,
        municipalityID: String, now: Date
    ) throws -> DiasporaProfile {
        var v = FormInput(input)
        let country = try v.check { try Country.check(input["country"]) }
        let city = try v.text("city", limit: 120)
        let since = try v.integer("since", in: 1900...Day(sarajevo: now).year, code: "year_invalid")
        let profession = try v.optionalText("profession", limit: 120), sector = try v.optionalText("sector", limit: 120)
        let skills = try v.optionalText("skills", limit: 500), languages = try v.optionalText("languages", limit: 200)
        let associations = try v.optionalText("associations", limit: 500)
        let interests = try v.check {
            try (input["interests"] ?? "").split(separator: ",").map { raw in
                guard let interest = Interest(rawValue: String(raw)) else {
                    throw AppError.invalid("interests", "invalid_choice")
                }
                return interest
            }
        }
        try v.finish()
        var consents: [Consent: Date] = [:]
        for consent in consentsGiven { consents[consent] = previous?.consents[consent] ?? now }
        return DiasporaProfile(
            id: previous?.id ?? Random.id(), accountID: accountID, municipalityID: municipalityID, country: country!,
            city: city!, since: since!, profession: profession!, sector: sector!, skills: tags(skills!),
            languages: tags(languages!), interests: interests!, associations: associations!, consents: consents,
            updatedAt: now)
    }

    /// "Swift, welding , Swift" → ["swift", "welding"]: lower-case, trimmed, each once, in order.
    public static func tags(_ text: String) -> [String] {
        var seen = Set<String>()
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter {
            !$0.isEmpty && seen.insert($0).inserted
        }
    }
}
