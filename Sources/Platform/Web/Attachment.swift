import Foundation

/// The file types a person may upload (an attachment, a proof, a foreign document), told apart
/// by their first bytes (the name and the browser's claim are not trusted).
public enum AttachmentKind: String, Sendable {
    case pdf, jpeg, png

    public static let maximumSize = 10 * 1024 * 1024
    public static let maximumCount = 5
    /// The body size a form with the most files allowed may reach (the files plus a megabyte of fields).
    public static let uploadLimit = maximumCount * maximumSize + 1_048_576

    public init?(sniffing data: Data) {
        if data.starts(with: [0x25, 0x50, 0x44, 0x46, 0x2D]) {
            self = .pdf
        }  // %PDF-
        else if data.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else {
            return nil
        }
    }

    /// Checks every file: at most `maximumCount`, each at most 10 MB, each a PDF, JPEG or PNG by its bytes.
    public static func check(_ files: [(filename: String, data: Data)], field: String) throws -> [CheckedAttachment] {
        guard files.count <= Self.maximumCount else {
            throw AppError.invalid(field, "too_many_files", ["max": String(Self.maximumCount)])
        }
        var checked: [CheckedAttachment] = []
        for file in files {
            let name = safeFilename(file.filename)
            guard file.data.count <= Self.maximumSize else {
                throw AppError.invalid(field, "file_too_large", ["name": name])
            }
            guard !file.data.isEmpty, let kind = AttachmentKind(sniffing: file.data) else {
                throw AppError.invalid(field, "file_type", ["name": name])
            }
            checked.append(CheckedAttachment(filename: name, kind: kind, data: file.data))
        }
        return checked
    }

    /// The last path component, without control characters or quotes, at most 120 characters.
    public static func safeFilename(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(
            last.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\"" && $0.value != 0x7F }.map(Character.init))
        let trimmed = String(cleaned.trimmingCharacters(in: .whitespaces).prefix(120))
        return trimmed.isEmpty ? "file" : trimmed
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

    public init(filename: String, kind: AttachmentKind, data: Data) {
        self.filename = filename; self.kind = kind; self.data = data
    }
}
