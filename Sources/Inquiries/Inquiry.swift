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
public enum InquiryStatus: String, CaseIterable, Sendable {
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
        case .closed: return [.assigned]          // reopening puts it back in someone's hands
        case .merged, .spam: return []
        }
    }

    public func canMove(to status: InquiryStatus) -> Bool { next.contains(status) }
}

/// The file types an asker may attach, told apart by their first bytes (the name and the
/// browser's claim are not trusted).
public enum AttachmentKind: String, Sendable {
    case pdf, jpeg, png

    public static let maximumSize = 10 * 1024 * 1024
    public static let maximumCount = 5

    public init?(sniffing data: Data) {
        if data.starts(with: [0x25, 0x50, 0x44, 0x46, 0x2D]) { self = .pdf }            // %PDF-
        else if data.starts(with: [0xFF, 0xD8, 0xFF]) { self = .jpeg }
        else if data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { self = .png }
        else { return nil }
    }

    public var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        }
    }
}

/// A file as checked: its kind from the bytes, and a name safe to show and to send back.
public struct CheckedAttachment: Sendable {
    public let filename: String
    public let kind: AttachmentKind
    public let data: Data
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
        guard files.count <= AttachmentKind.maximumCount else {
            throw AppError.invalid("attachments", "too_many_files", ["max": String(AttachmentKind.maximumCount)])
        }
        var checked: [CheckedAttachment] = []
        for file in files {
            let name = safeFilename(file.filename)
            guard file.data.count <= AttachmentKind.maximumSize else { throw AppError.invalid("attachments", "file_too_large", ["name": name]) }
            guard !file.data.isEmpty, let kind = AttachmentKind(sniffing: file.data) else {
                throw AppError.invalid("attachments", "file_type", ["name": name])
            }
            checked.append(CheckedAttachment(filename: name, kind: kind, data: file.data))
        }
        return checked
    }

    /// The last path component, without control characters or quotes, at most 120 characters.
    public static func safeFilename(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\"" && $0.value != 0x7F }.map(Character.init))
        let trimmed = String(cleaned.trimmingCharacters(in: .whitespaces).prefix(120))
        return trimmed.isEmpty ? "file" : trimmed
    }
}
