import Foundation
import Platform

/// Who comes to an event; the seeds count forum participants from the diaspora and the local community.
public enum ParticipantType: String, CaseIterable, Sendable, Codable {
    case diaspora, localBusiness = "local_business", institution, other
}

/// An event a municipality organises: a business forum for the diaspora, the Dani dijaspore, or another.
public struct Event: Sendable, Decodable {
    public enum Kind: String, CaseIterable, Sendable, Decodable {
        case businessForum = "business_forum", diasporaDays = "diaspora_days", other
    }
    public enum Venue: String, CaseIterable, Sendable, Decodable { case inPerson = "in_person", online, hybrid }

    public var id: String
    public var municipalityID: String
    public var kind: Kind
    @Translations public var title: LocalizedText
    @Translations public var description: LocalizedText
    public var venue: Venue
    public var place: String
    public var onlineURL: String
    @Instant public var startsAt: Date
    @Instant public var endsAt: Date
    /// Registration is open in [opensAt, closesAt).
    @Instant public var opensAt: Date
    @Instant public var closesAt: Date
    /// Seats for the whole event; nil is unlimited.
    public var capacity: Int?
    @CommaList public var participantTypes: [ParticipantType]
    @JSONColumn public var questions: [Question]
    @Instant public var createdAt: Date

    /// Business forums have matchmaking: offers, wishes, meetings at tables.
    public var hasMatchmaking: Bool { kind == .businessForum }

    public func registrationOpen(at now: Date) -> Bool { now >= opensAt && now < closesAt }

    /// An event as typed into the staff form (local times in Sarajevo). Pure.
    public static func check(_ input: [String: String], types: [String], id: String?, municipalityID: String, now: Date)
        throws -> Event
    {
        // Every field is checked, so the form says at once all that is wrong.
        var v = FormInput(input)
        let kind = try v.choice("kind", Kind.self)
        let title = try v.localized("title", limit: 200)
        let description = try v.localized("description", limit: 5000, required: false)
        let venue = try v.choice("venue", Venue.self)
        let place = (input["place"] ?? "").trimmingCharacters(in: .whitespaces)
        let online = (input["online_url"] ?? "").trimmingCharacters(in: .whitespaces)
        if let venue {
            _ = try v.check { if venue != .online, place.isEmpty { throw AppError.invalid("place", "required") } }
            _ = try v.check {
                if venue != .inPerson, !online.hasPrefix("https://") {
                    throw AppError.invalid("online_url", "event_link_invalid")
                }
            }
        }
        let starts = try v.localTime("starts_at"), ends = try v.localTime("ends_at")
        if let starts, let ends {
            _ = try v.check {
                guard ends > starts else { throw AppError.invalid("ends_at", "event_ends_before_start") }
            }
        }
        let opens = try v.localTime("opens_at"), closes = try v.localTime("closes_at")
        if let opens, let closes {
            _ = try v.check {
                guard closes > opens else { throw AppError.invalid("closes_at", "event_closes_before_open") }
                if let ends, closes > ends { throw AppError.invalid("closes_at", "event_closes_after_end") }
            }
        }
        let capacity = try v.check { try Capacity.read(input["capacity"], field: "capacity") }
        let chosen = types.compactMap(ParticipantType.init(rawValue:))
        _ = try v.check {
            guard !chosen.isEmpty, chosen.count == types.count else {
                throw AppError.invalid("participant_types", "invalid_choice")
            }
        }
        try v.finish()
        return Event(
            id: id ?? Random.id(), municipalityID: municipalityID, kind: kind!, title: title!,
            description: description!, venue: venue!, place: String(place.prefix(300)),
            onlineURL: String(online.prefix(500)), startsAt: starts!, endsAt: ends!, opensAt: opens!, closesAt: closes!,
            capacity: capacity!, participantTypes: ParticipantType.allCases.filter(chosen.contains), questions: [],
            createdAt: now)
    }
}

/// One part of an event's programme, with its own seats when it has fewer than the event.
public struct EventSession: Sendable, Decodable {
    public var id: String
    public var eventID: String
    @Translations public var title: LocalizedText
    public var room: String
    @Instant public var startsAt: Date
    @Instant public var endsAt: Date
    public var capacity: Int?

    /// A session as typed, inside its event; every wrong field reported at once. Pure.
    public static func check(_ values: [String: String], event: Event) throws -> EventSession {
        var input = FormInput(values)
        let title = try input.localized("session_title", limit: 200)
        let starts = try input.localTime("session_starts_at"), ends = try input.localTime("session_ends_at")
        if let starts, let ends {
            _ = try input.check {
                guard ends > starts else { throw AppError.invalid("session_ends_at", "event_ends_before_start") }
                guard starts >= event.startsAt, ends <= event.endsAt else {
                    throw AppError.invalid("session_starts_at", "session_outside_event")
                }
            }
        }
        let capacity = try input.check { try Capacity.read(values["session_capacity"], field: "session_capacity") }
        try input.finish()
        return EventSession(
            id: Random.id(), eventID: event.id, title: title!, room: String(input.trimmed("session_room").prefix(120)),
            startsAt: starts!, endsAt: ends!, capacity: capacity!)
    }
}

/// A question asked at registration: free text, one of several choices, or a consent to tick.
public struct Question: Sendable, Codable, Equatable {
    public enum Kind: String, CaseIterable, Sendable, Codable { case text, choice, consent }
    public var id: String
    public var kind: Kind
    public var label: LocalizedText
    /// For a choice: the options, as typed (separated by `|`).
    public var choices: [String]
    public var required: Bool

    /// A question as typed, every wrong field reported at once. Pure.
    public static func check(_ values: [String: String]) throws -> Question {
        var input = FormInput(values)
        let kind = try input.choice("question_kind", Kind.self)
        let label = try input.localized("question_label", limit: 300)
        let choices = input.trimmed("question_choices").split(separator: "|").map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        _ = try input.check {
            if kind == .choice, choices.count < 2 {
                throw AppError.invalid("question_choices", "question_choices_needed")
            }
        }
        try input.finish()
        return Question(
            id: Random.token(bytes: 6), kind: kind!, label: label!,
            choices: kind == .choice ? choices.map { String($0.prefix(120)) } : [],
            required: values["question_required"] == "yes")
    }
}

enum Capacity {
    /// A number of seats, or nil for an empty field (no limit).
    static func read(_ raw: String?, field: String) throws -> Int? {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        guard let seats = Int(raw), seats > 0, seats <= 100_000 else {
            throw AppError.invalid(field, "event_seats_invalid")
        }
        return seats
    }
}
