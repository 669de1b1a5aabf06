import Foundation
import Synchronization

/// Time zones as people pick them: "Njemačka (centralnoevropsko vrijeme)", not 440 IANA ids
/// (some of them aliases, like Europe/Kiev beside Europe/Kyiv). The list holds the zones where
/// the diaspora of Bosnia and Herzegovina lives; a zone already chosen elsewhere (through the API)
/// is kept in the list, so saving a form never changes it behind the person's back.
public enum TimeZones {
    /// (country, zone, city): the city is named only where a country has several zones.
    static let common: [(country: String, zone: String, city: String?)] = [
        ("BA", "Europe/Sarajevo", nil), ("DE", "Europe/Berlin", nil), ("AT", "Europe/Vienna", nil),
        ("CH", "Europe/Zurich", nil), ("SE", "Europe/Stockholm", nil), ("NO", "Europe/Oslo", nil),
        ("DK", "Europe/Copenhagen", nil), ("FI", "Europe/Helsinki", nil), ("NL", "Europe/Amsterdam", nil),
        ("BE", "Europe/Brussels", nil), ("LU", "Europe/Luxembourg", nil), ("FR", "Europe/Paris", nil),
        ("IT", "Europe/Rome", nil), ("ES", "Europe/Madrid", nil), ("PT", "Europe/Lisbon", nil),
        ("GB", "Europe/London", nil), ("IE", "Europe/Dublin", nil), ("SI", "Europe/Ljubljana", nil),
        ("HR", "Europe/Zagreb", nil), ("RS", "Europe/Belgrade", nil), ("ME", "Europe/Podgorica", nil),
        ("MK", "Europe/Skopje", nil), ("CZ", "Europe/Prague", nil), ("SK", "Europe/Bratislava", nil),
        ("HU", "Europe/Budapest", nil), ("PL", "Europe/Warsaw", nil), ("GR", "Europe/Athens", nil),
        ("TR", "Europe/Istanbul", nil), ("UA", "Europe/Kyiv", nil), ("RU", "Europe/Moscow", "Moskva"),
        ("AE", "Asia/Dubai", nil), ("QA", "Asia/Qatar", nil), ("SA", "Asia/Riyadh", nil),
        ("US", "America/New_York", "New York"), ("US", "America/Chicago", "Chicago"),
        ("US", "America/Denver", "Denver"), ("US", "America/Phoenix", "Phoenix"),
        ("US", "America/Los_Angeles", "Los Angeles"), ("US", "America/Anchorage", "Anchorage"),
        ("US", "Pacific/Honolulu", "Honolulu"), ("CA", "America/Toronto", "Toronto"),
        ("CA", "America/Winnipeg", "Winnipeg"), ("CA", "America/Edmonton", "Edmonton"),
        ("CA", "America/Vancouver", "Vancouver"), ("CA", "America/Halifax", "Halifax"),
        ("AU", "Australia/Sydney", "Sydney"), ("AU", "Australia/Melbourne", "Melbourne"),
        ("AU", "Australia/Brisbane", "Brisbane"), ("AU", "Australia/Adelaide", "Adelaide"),
        ("AU", "Australia/Perth", "Perth"), ("NZ", "Pacific/Auckland", nil),
        ("AR", "America/Argentina/Buenos_Aires", nil),
        ("BR", "America/Sao_Paulo", nil), ("ZA", "Africa/Johannesburg", nil), ("EG", "Africa/Cairo", nil),
        ("JP", "Asia/Tokyo", nil), ("CN", "Asia/Shanghai", nil), ("SG", "Asia/Singapore", nil),
    ]

    /// The zone's name in the reader's language ("centralnoevropsko vrijeme"), never its id.
    public static func name(_ zone: String, in language: Language) -> String {
        let timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "Europe/Sarajevo")!
        let name =
            timeZone.localizedName(for: .generic, locale: Locale(identifier: language.localeIdentifier))
            ?? timeZone.abbreviation() ?? zone
        return language == .srCyrl ? SerbianScript.cyrillic(name) : name
    }

    /// The choices of a time-zone select, by country name in the reader's language.
    /// The common zones named and sorted in a language: worked out once per language and process,
    /// since names and collation come from ICU and cost more than the rest of a form page.
    static func named(in language: Language) -> [(value: String, label: String)] {
        if let known = namedByLanguage.withLock({ $0[language] }) { return known }
        var choices = common.map { entry in
            let country = language.regionName(entry.country)
            let place = entry.city.map { "\(country) — \($0)" } ?? country
            return (value: entry.zone, label: "\(place) (\(name(entry.zone, in: language)))")
        }
        let locale = Locale(identifier: language.localeIdentifier)
        choices.sort { $0.label.compare($1.label, locale: locale) == .orderedAscending }
        namedByLanguage.withLock { $0[language] = choices }
        return choices
    }

    private static let namedByLanguage = Mutex<[Language: [(value: String, label: String)]]>([:])

    public static func choices(in language: Language, keeping current: String? = nil) -> [(
        value: String, label: String
    )] {
        var choices = named(in: language)
        if let current, TimeZone(identifier: current) != nil, !common.contains(where: { $0.zone == current }) {
            choices.insert(
                (current, "\(current.replacingOccurrences(of: "_", with: " ")) (\(name(current, in: language)))"), at: 0
            )
        }
        return choices
    }

    /// A first guess from the browser's language tag ("de-AT" → Vienna, "sv" → Stockholm): the
    /// country a person abroad most likely lives in. Without a region the language's main country.
    public static func guess(acceptLanguage: String?) -> String {
        let tags = (acceptLanguage ?? "").split(separator: ",").map {
            $0.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        }
        for tag in tags {
            let parts = tag.split(separator: "-").map(String.init)
            if parts.count > 1, let region = parts.last?.uppercased(), region.count == 2,
                let zone = common.first(where: { $0.country == region })?.zone
            {
                return zone
            }
            if let zone = byLanguage[parts.first?.lowercased() ?? ""] { return zone }
        }
        return "Europe/Berlin"
    }

    static let byLanguage = [
        "de": "Europe/Berlin", "sv": "Europe/Stockholm", "nb": "Europe/Oslo", "no": "Europe/Oslo",
        "da": "Europe/Copenhagen", "nl": "Europe/Amsterdam", "fr": "Europe/Paris", "it": "Europe/Rome",
        "sl": "Europe/Ljubljana", "fi": "Europe/Helsinki", "tr": "Europe/Istanbul", "es": "Europe/Madrid",
        "en": "Europe/London",
    ]
}
