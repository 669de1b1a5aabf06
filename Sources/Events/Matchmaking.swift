import Foundation
import Platform

/// What a forum participant publishes: their sector, the kinds of cooperation, what they offer and seek.
public struct ForumProfile: Sendable, Decodable {
    public enum Kind: String, CaseIterable, Sendable, Decodable {
        case investment, partnership, export, knowledgeTransfer = "knowledge_transfer", jobs
    }
    public var registrationID: String
    public var eventID: String
    public var sector: String
    @CommaList public var kinds: [Kind]
    public var offers: String
    public var seeks: String
    @BoolColumn public var published: Bool

    public static func check(_ input: [String: String], kinds: [String], registration: Registration) throws
        -> ForumProfile
    {
        let chosen = kinds.compactMap(Kind.init(rawValue:))
        guard !chosen.isEmpty, chosen.count == kinds.count else { throw AppError.invalid("kinds", "invalid_choice") }
        return ForumProfile(
            registrationID: registration.id, eventID: registration.eventID,
            sector: try AccountRules.text(input["sector"], field: "sector", limit: 120),
            kinds: Kind.allCases.filter(chosen.contains),
            offers: try AccountRules.text(input["offers"], field: "offers", limit: 1000),
            seeks: try AccountRules.text(input["seeks"], field: "seeks", limit: 1000),
            published: input["published"] == "yes")
    }
}

/// A time at which meetings are held, at `tables` tables at once.
public struct MeetingSlot: Sendable, Decodable {
    public var id: String
    public var eventID: String
    @Instant public var startsAt: Date
    @Instant public var endsAt: Date
    public var tables: Int

    /// A new slot inside the event that overlaps none of the others. Pure.
    public static func check(_ input: [String: String], event: Event, existing: [MeetingSlot]) throws -> MeetingSlot {
        guard let starts = LocalTime.parse(input["slot_starts_at"]) else {
            throw AppError.invalid("slot_starts_at", "datetime_invalid")
        }
        guard let minutes = Int(input["slot_minutes"] ?? ""), (5...240).contains(minutes) else {
            throw AppError.invalid("slot_minutes", "forum_minutes_invalid")
        }
        guard let tables = Int(input["slot_tables"] ?? ""), (1...500).contains(tables) else {
            throw AppError.invalid("slot_tables", "event_seats_invalid")
        }
        let ends = starts.addingTimeInterval(Double(minutes) * 60)
        guard starts >= event.startsAt, ends <= event.endsAt else {
            throw AppError.invalid("slot_starts_at", "session_outside_event")
        }
        if existing.contains(where: { $0.startsAt < ends && starts < $0.endsAt }) {
            throw AppError.invalid("slot_starts_at", "forum_slot_overlaps")
        }
        return MeetingSlot(id: Random.id(), eventID: event.id, startsAt: starts, endsAt: ends, tables: tables)
    }
}

/// A meeting one participant asks another for; accepted, it gets a slot and a table.
public struct Meeting: Sendable, Decodable {
    public enum Status: String, Sendable, Decodable { case requested, accepted, declined }
    public var id: String
    public var eventID: String
    public var requesterID: String, inviteeID: String
    public var message: String
    public var status: Status
    public var slotID: String?
    public var table: Int?

    enum CodingKeys: String, CodingKey {
        case id, eventID, requesterID, inviteeID, message, status, slotID, table = "tableNo"
    }
}

/// Where an accepted meeting goes: the earliest slot in which neither person is busy and a table is free. Pure.
public enum MeetingPlanner {
    public static func place(
        slots: [MeetingSlot], busy: Set<String>, otherBusy: Set<String>, tablesTaken: [String: Set<Int>]
    ) -> (slotID: String, table: Int)? {
        for slot in slots.sorted(by: { $0.startsAt < $1.startsAt })
        where !busy.contains(slot.id) && !otherBusy.contains(slot.id) {
            let taken = tablesTaken[slot.id] ?? []
            if let table = (1...slot.tables).first(where: { !taken.contains($0) }) { return (slot.id, table) }
        }
        return nil
    }
}

/// What came of a forum: cooperation initiated, an agreement, an investment, jobs. Each counts in the ledger.
public struct ForumOutcome: Sendable {
    public enum Kind: String, CaseIterable, Sendable { case cooperation, agreement, investment, jobs }
    public var id: String
    public var eventID: String
    public var kind: Kind
    /// Jobs opened for `jobs`; one for the others.
    public var quantity: Int
    public var amountFening: Int?
    public var description: String
    public var meetingID: String?

    public static let ledgerKind = LedgerKind("forum_outcome", labelKey: "ledger_forum_outcome")

    public static func check(_ input: [String: String], eventID: String) throws -> ForumOutcome {
        guard let kind = input["outcome_kind"].flatMap(Kind.init(rawValue:)) else {
            throw AppError.invalid("outcome_kind", "invalid_choice")
        }
        var quantity = 1, amount: Int?
        if kind == .jobs {
            guard let jobs = Int(input["outcome_jobs"] ?? ""), (1...10_000).contains(jobs) else {
                throw AppError.invalid("outcome_jobs", "event_seats_invalid")
            }
            quantity = jobs
        }
        if kind == .investment { amount = try Money.parseKM(input["outcome_amount"], field: "outcome_amount") }
        return ForumOutcome(
            id: Random.id(), eventID: eventID, kind: kind, quantity: quantity, amountFening: amount,
            description: try AccountRules.text(input["outcome_description"], field: "outcome_description", limit: 1000),
            meetingID: input["meeting_id"].flatMap { $0.isEmpty ? nil : $0 })
    }
}
