import Foundation
import Platform

/// A news article in several languages, under one category.
public struct Article: Sendable, Decodable {
    public enum Category: String, CaseIterable, Sendable, Decodable {
        case diaspora, economy, culture, municipality, events
    }
    public var id: String, municipalityID: String, category: Category
    @Translations public var title: LocalizedText
    @Translations public var body: LocalizedText
    @Instant public var publishedAt: Date

    public static func check(_ input: [String: String], municipalityID: String, now: Date) throws -> Article {
        guard let category = input["category"].flatMap(Category.init(rawValue:)) else {
            throw AppError.invalid("category", "invalid_choice")
        }
        let (title, body) = try Texts.pair(input, title: "title", body: "body", bodyLimit: 20_000)
        return Article(
            id: Random.id(), municipalityID: municipalityID, category: category, title: title, body: body,
            publishedAt: now)
    }
}

/// A newsletter composed once in several languages; each recipient gets theirs (Bosnian where
/// their language was not written).
public struct Newsletter: Sendable {
    public var subject: LocalizedText, body: LocalizedText
    /// Mails leave at this rate, so a large list does not flood the mail server.
    public static let perMinute = 60

    public static func check(_ input: [String: String]) throws -> Newsletter {
        let (subject, body) = try Texts.pair(input, title: "subject", body: "body", bodyLimit: 50_000)
        return Newsletter(subject: subject, body: body)
    }
}

/// A press release and the outlet it goes to.
public struct MediaOutlet: Sendable, Decodable {
    public var name: String, contact: String, email: String, language: Language

    public static func check(_ input: [String: String]) throws -> MediaOutlet {
        MediaOutlet(
            name: try AccountRules.text(input["outlet_name"], field: "outlet_name", limit: 200),
            contact: String((input["outlet_contact"] ?? "").trimmingCharacters(in: .whitespaces).prefix(200)),
            email: try AccountRules.email(input["outlet_email"], field: "outlet_email"),
            language: try AccountRules.language(input["outlet_language"], field: "outlet_language"))
    }
}

/// A radio programme for the diaspora: station, frequency or stream, its weekly slot.
public struct RadioProgramme: Sendable, Decodable {
    public var name: String, station: String, frequency: String, streamURL: String, weekday: Int, airsAt: String,
        minutes: Int

    public static func check(_ input: [String: String]) throws -> RadioProgramme {
        let stream = (input["stream_url"] ?? "").trimmingCharacters(in: .whitespaces)
        guard stream.isEmpty || stream.hasPrefix("https://") || stream.hasPrefix("http://") else {
            throw AppError.invalid("stream_url", "invalid_url")
        }
        let frequency = (input["frequency"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !frequency.isEmpty || !stream.isEmpty else { throw AppError.invalid("frequency", "radio_where_needed") }
        guard let weekday = Int(input["weekday"] ?? ""), (1...7).contains(weekday) else {
            throw AppError.invalid("weekday", "invalid_choice")
        }
        let time = (input["airs_at"] ?? "").trimmingCharacters(in: .whitespaces)
        let parts = time.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else {
            throw AppError.invalid("airs_at", "radio_time_invalid")
        }
        guard let minutes = Int(input["minutes"] ?? ""), (5...600).contains(minutes) else {
            throw AppError.invalid("minutes", "radio_minutes_invalid")
        }
        return RadioProgramme(
            name: try AccountRules.text(input["name"], field: "name", limit: 200),
            station: try AccountRules.text(input["station"], field: "station", limit: 200),
            frequency: String(frequency.prefix(60)),
            streamURL: String(stream.prefix(500)), weekday: weekday,
            airsAt: String(format: "%02d:%02d", parts[0], parts[1]), minutes: minutes)
    }

    /// A listener estimate for a period: the days it covers and the number.
    public static func listeners(_ input: [String: String]) throws -> (from: Day, to: Day, count: Int, source: String) {
        guard let from = Day(text: input["from_on"] ?? "") else { throw AppError.invalid("from_on", "invalid_date") }
        guard let to = Day(text: input["to_on"] ?? ""), to >= from else {
            throw AppError.invalid("to_on", "invalid_date")
        }
        guard let count = Int(input["listeners"] ?? ""), (1...100_000_000).contains(count) else {
            throw AppError.invalid("listeners", "radio_listeners_invalid")
        }
        return (from, to, count, try AccountRules.text(input["source"], field: "source", limit: 300))
    }
}

enum Texts {
    /// A title and a body kept per language, Bosnian required.
    static func pair(_ input: [String: String], title: String, body: String, bodyLimit: Int) throws -> (
        LocalizedText, LocalizedText
    ) {
        var v = Validation()
        let titles = try v.check { try LocalizedText.read(title, from: input, limit: 300) }
        let bodies = try v.check { try LocalizedText.read(body, from: input, limit: bodyLimit) }
        try v.finish()
        return (titles!, bodies!)
    }
}
