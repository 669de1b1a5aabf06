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

    /// An article as typed, every wrong field reported at once. Pure.
    public static func check(_ values: [String: String], municipalityID: String, now: Date) throws -> Article {
        var input = FormInput(values)
        let category = try input.choice("category", Category.self)
        let title = try input.localized("title", limit: 300), body = try input.localized("body", limit: 20_000)
        try input.finish()
        return Article(
            id: Random.id(), municipalityID: municipalityID, category: category!, title: title!, body: body!,
            publishedAt: now)
    }
}

/// A newsletter composed once in several languages; each recipient gets theirs (Bosnian where
/// their language was not written).
public struct Newsletter: Sendable {
    public var subject: LocalizedText, body: LocalizedText
    /// Mails leave at this rate, so a large list does not flood the mail server.
    public static let perMinute = 60

    public static func check(_ values: [String: String]) throws -> Newsletter {
        var input = FormInput(values)
        let subject = try input.localized("subject", limit: 300), body = try input.localized("body", limit: 50_000)
        try input.finish()
        return Newsletter(subject: subject!, body: body!)
    }
}

/// A press release and the outlet it goes to.
public struct MediaOutlet: Sendable, Decodable {
    public var name: String, contact: String, email: String, language: Language

    /// An outlet as typed, every wrong field reported at once. Pure.
    public static func check(_ values: [String: String]) throws -> MediaOutlet {
        var input = FormInput(values)
        let name = try input.text("outlet_name", limit: 200), email = try input.email("outlet_email")
        let language = try input.choice("outlet_language", Language.self)
        try input.finish()
        return MediaOutlet(
            name: name!, contact: String(input.trimmed("outlet_contact").prefix(200)), email: email!,
            language: language!)
    }
}

/// A radio programme for the diaspora: station, frequency or stream, its weekly slot.
public struct RadioProgramme: Sendable, Decodable {
    public var name: String, station: String, frequency: String, streamURL: String, weekday: Int, airsAt: String,
        minutes: Int

    /// A programme as typed, every wrong field reported at once: it airs on a frequency, a stream or both. Pure.
    public static func check(_ values: [String: String]) throws -> RadioProgramme {
        var input = FormInput(values)
        let name = try input.text("name", limit: 200), station = try input.text("station", limit: 200)
        let stream = try input.link("stream_url", limit: 500, code: "invalid_url")
        let frequency = input.trimmed("frequency")
        _ = try input.check {
            if frequency.isEmpty, stream?.isEmpty != false { throw AppError.invalid("frequency", "radio_where_needed") }
        }
        let weekday = try input.integer("weekday", in: 1...7, required: true, code: "invalid_choice")
        let parts = input.trimmed("airs_at").split(separator: ":").compactMap { Int($0) }
        _ = try input.check {
            guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else {
                throw AppError.invalid("airs_at", "radio_time_invalid")
            }
        }
        let minutes = try input.integer("minutes", in: 5...600, required: true, code: "radio_minutes_invalid")
        try input.finish()
        return RadioProgramme(
            name: name!, station: station!, frequency: String(frequency.prefix(60)), streamURL: stream!,
            weekday: weekday!!, airsAt: String(format: "%02d:%02d", parts[0], parts[1]), minutes: minutes!!)
    }

    /// A listener estimate for a period: the days it covers and the number; every wrong field at once.
    public static func listeners(_ values: [String: String]) throws -> (from: Day, to: Day, count: Int, source: String)
    {
        var input = FormInput(values)
        let from = try input.day("from_on"), to = try input.day("to_on")
        if let from, let to { _ = try input.check { if to < from { throw AppError.invalid("to_on", "invalid_date") } } }
        let count = try input.integer(
            "listeners", in: 1...100_000_000, required: true, code: "radio_listeners_invalid")
        let source = try input.text("source", limit: 300)
        try input.finish()
        return (from!, to!, count!!, source!)
    }
}
