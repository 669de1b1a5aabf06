import Foundation
import Platform

/// One person's registration for an event: a seat, a place on the waiting list, or (until the
/// address is confirmed) neither. The ticket code is what the QR carries and check-in reads.
public struct Registration: Sendable, Decodable {
    public enum Status: String, Sendable, CaseIterable, Decodable {
        /// Waiting for the person to confirm their address; holds no seat.
        case unconfirmed, confirmed, waiting, cancelled
    }

    public var id: String
    public var eventID: String
    public var accountID: String?
    public var name: String
    public var email: String
    public var organisation: String
    public var participantType: ParticipantType
    public var language: Language
    public var status: Status
    public var ticketCode: String
    @JSONColumn public var answers: [String: String]
    /// The sessions chosen (their own table; filled in by `EventStore`).
    public var sessionIDs: [String] = []
    @Instant public var createdAt: Date
    @OptionalInstant public var checkedInAt: Date?

    enum CodingKeys: CodingKey {
        case id, eventID, accountID, name, email, organisation, participantType, language, status, ticketCode, answers
        case createdAt, checkedInAt
    }

    public var holdsSeat: Bool { status == .confirmed }
}

/// What a registration form must satisfy. Pure.
public enum RegistrationRules {
    public struct Input: Sendable {
        public var name: String?, email: String?, organisation: String?, participantType: String?, language: String?
        public var answers: [String: String]
        public var sessionIDs: [String]
        public init(
            name: String?, email: String?, organisation: String?, participantType: String?, language: String?,
            answers: [String: String], sessionIDs: [String]
        ) {
            self.name = name; self.email = email; self.organisation = organisation;
            self.participantType = participantType
            self.language = language; self.answers = answers; self.sessionIDs = sessionIDs
        }
    }

    public static func check(_ input: Input, event: Event, sessions: [EventSession], accountID: String?, now: Date)
        throws -> Registration
    {
        guard now >= event.opensAt else { throw AppError(.unprocessableContent, code: "registration_not_open") }
        guard now < event.closesAt else { throw AppError(.unprocessableContent, code: "registration_closed") }
        var v = Validation()
        let name = try v.check { try AccountRules.displayName(input.name, field: "name") }
        let email = try v.check { try AccountRules.email(input.email, field: "email") }
        let type = try v.check { () throws -> ParticipantType in
            guard let type = input.participantType.flatMap(ParticipantType.init(rawValue:)),
                event.participantTypes.contains(type)
            else { throw AppError.invalid("participant_type", "invalid_choice") }
            return type
        }
        let language = try v.check { try AccountRules.language(input.language ?? Language.fallback.rawValue) }
        let known = Set(sessions.map(\.id))
        _ = try v.check {
            guard input.sessionIDs.allSatisfy(known.contains) else {
                throw AppError.invalid("sessions", "invalid_choice")
            }
        }
        let answers = try v.check { try Self.answers(input.answers, event.questions) }
        try v.finish()
        return Registration(
            id: Random.id(), eventID: event.id, accountID: accountID, name: name!, email: email!,
            organisation: String((input.organisation ?? "").trimmingCharacters(in: .whitespaces).prefix(200)),
            participantType: type!, language: language!, status: .unconfirmed, ticketCode: ShortCode.make(),
            answers: answers!, sessionIDs: Array(Set(input.sessionIDs)).sorted(), createdAt: now, checkedInAt: nil)
    }

    /// Every required question answered, each choice one of the offered, each text short enough.
    static func answers(_ given: [String: String], _ questions: [Question]) throws -> [String: String] {
        var kept: [String: String] = [:]
        var v = Validation()
        for question in questions { _ = try v.check { try answer(question, given, into: &kept) } }
        try v.finish()
        return kept
    }

    static func answer(_ question: Question, _ given: [String: String], into kept: inout [String: String]) throws {
        let field = "q_\(question.id)"
        let value = (given[field] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty {
            if question.required {
                throw AppError.invalid(field, question.kind == .consent ? "registration_consent_required" : "required")
            }
            return
        }
        switch question.kind {
        case .text: guard value.count <= 1000 else { throw AppError.invalid(field, "too_long", ["max": "1000"]) }
        case .choice: guard question.choices.contains(value) else { throw AppError.invalid(field, "invalid_choice") }
        case .consent: guard value == "yes" else { throw AppError.invalid(field, "invalid_choice") }
        }
        kept[question.id] = value
    }
}

/// Who gets a seat: a pure decision over the current counts, taken inside the transaction that
/// holds the event's row, so two people never take the last seat.
public enum SeatRule {
    /// Confirmed when the event and every chosen session have a free seat; otherwise waiting.
    public static func status(eventTaken: Int, eventCapacity: Int?, sessions: [(taken: Int, capacity: Int?)])
        -> Registration.Status
    {
        func free(_ taken: Int, _ capacity: Int?) -> Bool { capacity.map { taken < $0 } ?? true }
        return free(eventTaken, eventCapacity) && sessions.allSatisfy { free($0.taken, $0.capacity) }
            ? .confirmed : .waiting
    }
}
