import Foundation
import Platform

/// The human number of an inquiry: municipality code, year, sequence (`JAJ-2026-000123`).
public struct InquiryNumber: Hashable, Sendable, CustomStringConvertible {
    public let code: String
    public let year: Int
    public let sequence: Int

    public init(code: String, year: Int, sequence: Int) {
        self.code = code.uppercased(); self.year = year; self.sequence = sequence
    }

    public var description: String { String(format: "%@-%04d-%06d", code, year, sequence) }

    /// Reads a number as a person types it: any case, spaces around it.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).uppercased().split(separator: "-")
        guard parts.count == 3, parts[0].count == 3, parts[0].allSatisfy({ $0.isLetter && $0.isASCII }),
            parts[1].count == 4, let year = Int(parts[1]), let sequence = Int(parts[2]), sequence > 0
        else { return nil }
        self.init(code: String(parts[0]), year: year, sequence: sequence)
    }
}

/// Where an inquiry stands. The clock runs in `open` and `assigned`, pauses in
/// `waitingOnAsker`, and stops once answered.
public enum InquiryStatus: String, CaseIterable, Sendable, Decodable {
    case open, assigned
    case waitingOnAsker = "waiting_on_asker"
    case answered, closed, merged, spam

    public var clockRuns: Bool { self == .open || self == .assigned }

    /// The moves an officer or the asker may make from here.
    public var next: Set<InquiryStatus> {
        switch self {
        case .open: return [.assigned, .waitingOnAsker, .answered, .merged, .spam]
        case .assigned: return [.assigned, .waitingOnAsker, .answered, .merged, .spam]
        case .waitingOnAsker: return [.assigned, .answered, .closed]
        case .answered: return [.assigned, .closed]
        case .closed: return [.assigned]  // reopening puts it back in someone's hands
        case .merged, .spam: return []
        }
    }

    public func canMove(to status: InquiryStatus) -> Bool { next.contains(status) }
}

/// The rules for what an asker submits. Pure: no I/O.
public enum InquiryRules {
    public static let subjectLimit = 200
    public static let bodyLimit = 10_000
    public static let nameLimit = 120

    public static func text(_ raw: String?, field: String, limit: Int) throws -> String {
        try AccountRules.text(raw, field: field, limit: limit)
    }

    public static func rating(_ raw: String?) throws -> Int {
        guard let raw, let value = Int(raw.trimmingCharacters(in: .whitespaces)), (1...5).contains(value) else {
            throw AppError.invalid("rating", "rating_range")
        }
        return value
    }

    /// Checks every file: at most five, each at most 10 MB, each a PDF, JPEG or PNG by its bytes.
    public static func attachments(_ files: [(filename: String, data: Data)]) throws -> [CheckedAttachment] {
        try AttachmentKind.check(files, field: "attachments")
    }
}
