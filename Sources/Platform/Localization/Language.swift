import Foundation

/// The six languages of the platform; `bs` is the default.
public enum Language: String, CaseIterable, Sendable, Codable {
    case bs, hr, srLatn = "sr-Latn", srCyrl = "sr-Cyrl", en, de

    public static let fallback = Language.bs

    /// The ICU locale for dates and numbers in this language.
    public var localeIdentifier: String { rawValue.replacingOccurrences(of: "-", with: "_") }

    /// A country's name from the locale data; the few it leaves in Latin for Serbian Cyrillic ("Sark") are
    /// transliterated.
    public func regionName(_ code: String) -> String {
        let name = Locale(identifier: localeIdentifier).localizedString(forRegionCode: code) ?? code
        return self == .srCyrl ? SerbianScript.cyrillic(name) : name
    }

    /// Accepts the code as written in URLs and headers, case-insensitively;
    /// a bare `sr` means Latin script, as most of the diaspora writes it.
    public init?(code: String) {
        let lower = code.lowercased()
        if let match = Language.allCases.first(where: { $0.rawValue.lowercased() == lower }) {
            self = match
        } else if lower.hasPrefix("sr-cyrl") {
            self = .srCyrl
        } else if lower == "sr" || lower.hasPrefix("sr-") {
            self = .srLatn
        } else if let primary = lower.split(separator: "-").first, let match = Language(rawValue: String(primary)) {
            self = match
        } else {
            return nil
        }
    }

    /// Picks the best language from an `Accept-Language` header, honouring q-values.
    public static func negotiate(acceptLanguage header: String?) -> Language? {
        guard let header else { return nil }
        let ranked = header.split(separator: ",").compactMap { part -> (Language, Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first, let language = Language(code: tag) else { return nil }
            let q = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return q > 0 ? (language, q) : nil
        }
        return ranked.enumerated().max { lhs, rhs in
            lhs.element.1 != rhs.element.1 ? lhs.element.1 < rhs.element.1 : lhs.offset > rhs.offset
        }?.element.0
    }

    /// CLDR plural category for an integer count.
    public func pluralCategory(_ n: Int) -> PluralCategory {
        let n = abs(n)
        switch self {
        case .en, .de:
            return n == 1 ? .one : .other
        case .bs, .hr, .srLatn, .srCyrl:
            // CLDR for bs/hr/sr, integers (v = 0): one i%10=1 and i%100≠11; few i%10=2..4 and i%100∉12..14.
            let mod10 = n % 10, mod100 = n % 100
            if mod10 == 1 && mod100 != 11 { return .one }
            if (2...4).contains(mod10) && !(12...14).contains(mod100) { return .few }
            return .other
        }
    }
}

public enum PluralCategory: String, Sendable {
    case one, few, other
}

extension Language {
    /// An instant as a person reads it: long date and time, in their language and zone.
    public func instant(_ date: Date, zone: String) -> String {
        let timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "Europe/Sarajevo")!
        return date.formatted(
            Date.FormatStyle(
                date: .long, time: .shortened, locale: Locale(identifier: localeIdentifier), timeZone: timeZone))
    }

    /// The same, with the zone named after it, where people in several zones read one page.
    public func instantWithZone(_ date: Date, zone: String) -> String {
        "\(instant(date, zone: zone)) (\(TimeZones.name(zone, in: self)))"
    }
}
