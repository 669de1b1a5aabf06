import Foundation
import Platform

/// A kind of question a municipality answers, routed to one department (an Open311 service).
public struct InquiryCategory: Sendable, Equatable, Decodable {
    public var id: String
    public var municipalityID: String
    public var code: String
    public var departmentID: String
    @Translations public var names: LocalizedText
    /// Overrides the municipality's answer time when set.
    public var answerHours: Int?
    @BoolColumn public var active: Bool
    public var position: Int
}

/// One question from abroad, as stored.
public struct Inquiry: Sendable, Decodable {
    public var id: String
    public var municipalityID: String
    public var number: String
    public var categoryID: String
    public var departmentID: String
    public var assigneeID: String?
    public var status: InquiryStatus
    public var subject: String
    public var language: Language
    public var askerAccountID: String?
    public var askerName: String
    public var askerEmail: String
    public var askerTimeZone: String
    public var replyToken: String
    public var source: String
    public var answerHours: Int
    @Instant public var submittedAt: Date
    /// When the asker's address was confirmed; the clock starts here.
    @OptionalInstant public var confirmedAt: Date?
    /// When 75 % of the allowed time is used up (the first escalation).
    @OptionalInstant public var warnAt: Date?
    @OptionalInstant public var dueAt: Date?
    @PauseList public var pauses: [Pause]
    @OptionalInstant public var waitingSince: Date?
    @OptionalInstant public var firstAnsweredAt: Date?
    @OptionalInstant public var closedAt: Date?
    public var mergedInto: String?
    public var rating: Int?
    public var ratingComment: String?
    public var latitude: Double?
    public var longitude: Double?
    public var address: String?
    @Instant public var updatedAt: Date

    /// Whether the answer is late at `now` (only while an answer is still owed).
    public func isOverdue(at now: Date) -> Bool {
        guard status.clockRuns, let dueAt else { return false }
        return now > dueAt
    }

    /// Sets the warning and the deadline from the confirmation, the budget and the pauses so far.
    public mutating func schedule(with clock: AnswerClock) {
        guard let start = confirmedAt else { return }
        let budget = Double(answerHours) * 3600
        warnAt = clock.deadline(from: start, seconds: budget * 0.75, pauses: pauses)
        dueAt = clock.deadline(from: start, seconds: budget, pauses: pauses)
    }
}

/// A message in an inquiry's thread: the question, answers, replies, internal notes.
public struct InquiryMessage: Sendable, Decodable {
    public enum Author: String, Sendable, Decodable { case asker, staff, system }
    public var id: String
    public var inquiryID: String
    public var author: Author
    public var authorID: String?
    public var authorName: String
    public var body: String
    /// Internal notes are for staff only, never shown to the asker.
    @BoolColumn public var isInternal: Bool
    @Instant public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, inquiryID, authorID, authorName, body, createdAt
        case author = "authorKind", isInternal = "internal"
    }
}

public struct AttachmentInfo: Sendable, Decodable {
    public var id: String
    public var messageID: String
    public var filename: String
    public var contentType: String
    public var size: Int
}

/// A reply an officer starts from, kept in several languages.
public struct ReplyTemplate: Sendable, Decodable {
    public var id: String
    public var name: String
    @Translations public var bodies: LocalizedText
}
