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

    /// A profile as typed, every wrong field reported at once. Pure.
    public static func check(_ values: [String: String], kinds: [String], registration: Registration) throws
        -> ForumProfile
    {
        var input = FormInput(values)
        let chosen = kinds.compactMap(Kind.init(rawValue:))
        _ = try input.check {
            guard !chosen.isEmpty, chosen.count == kinds.count else {
                throw AppError.invalid("kinds", "invalid_choice")
            }
        }
        let sector = try input.text("sector", limit: 120)
        let offers = try input.text("offers", limit: 1000), seeks = try input.text("seeks", limit: 1000)
        try input.finish()
        return ForumProfile(
            registrationID: registration.id, eventID: registration.eventID, sector: sector!,
            kinds: Kind.allCases.filter(chosen.contains), offers: offers!, seeks: seeks!,
            published: values["published"] == "yes")
    }
}

/// A time at which meetings are held, at `tables` tables at once.
public struct MeetingSlot: Sendable, Decodable {
    public var id: String
    public var eventID: String
    @Instant public var startsAt: Date
    @Instant public var endsAt: Date
    public var tables: Int

    /// A new slot inside the event that overlaps none of the others, every wrong field reported at once. Pure.
    public static func check(_ values: [String: String], event: Event, existing: [MeetingSlot]) throws -> MeetingSlot {
        var input = FormInput(values)
        let starts = try input.localTime("slot_starts_at")
        let minutes = try input.integer("slot_minutes", in: 5...240, required: true, code: "forum_minutes_invalid")
        let tables = try input.integer("slot_tables", in: 1...500, required: true, code: "event_seats_invalid")
        if let starts, let minutes = minutes ?? nil {
            let ends = starts.addingTimeInterval(Double(minutes) * 60)
            _ = try input.check {
                guard starts >= event.startsAt, ends <= event.endsAt else {
                    throw AppError.invalid("slot_starts_at", "session_outside_event")
                }
                if existing.contains(where: { $0.startsAt < ends && starts < $0.endsAt }) {
                    throw AppError.invalid("slot_starts_at", "forum_slot_overlaps")
                }
            }
        }
        try input.finish()
        return MeetingSlot(
            id: Random.id(), eventID: event.id, startsAt: starts!,
            endsAt: starts!.addingTimeInterval(Double(minutes!!) * 60),
            tables: tables!!)
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

    /// An outcome as typed, every wrong field reported at once. Pure.
    public static func check(_ values: [String: String], eventID: String) throws -> ForumOutcome {
        var input = FormInput(values)
        let kind = try input.choice("outcome_kind", Kind.self)
        var quantity: Int?? = 1, amount: Int?
        if kind == .jobs {
            quantity = try input.integer("outcome_jobs", in: 1...10_000, required: true, code: "event_seats_invalid")
        }
        if kind == .investment {
            amount = try input.check { try Money.parseKM(values["outcome_amount"], field: "outcome_amount") } ?? nil
        }
        let description = try input.text("outcome_description", limit: 1000)
        try input.finish()
        return ForumOutcome(
            id: Random.id(), eventID: eventID, kind: kind!, quantity: quantity!!, amountFening: amount,
            description: description!, meetingID: values["meeting_id"].flatMap { $0.isEmpty ? nil : $0 })
    }
}
