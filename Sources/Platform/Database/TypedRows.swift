import Foundation
import SQLKit
import Synchronization

// Rows are read into `Decodable` types whose property names are the columns in camel case
// (`municipalityID` ← `municipality_id`). What a column holds that does not fit its type — an
// unknown status, a malformed instant — is a `DecodingError`, never a quiet default: a row we
// cannot read is a bug or a tampered database, and the request fails instead of showing a lie.
// Both engines store instants, flags and JSON as text or integers (see `Timestamp`), so the
// wrappers below read those forms on SQLite and PostgreSQL alike.

extension SQLRow {
    /// The row as a `T`, columns matched to properties by their snake-case names.
    public func read<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try decode(model: T.self, keyDecodingStrategy: .custom(columnName))
    }
}

/// `municipalityID` → `municipality_id`, `pdfURL` → `pdf_url`, `PDFFile` → `pdf_file`: SQLKit's own
/// conversion splits a trailing acronym into `municipality_iD`. Asked for every column of every row
/// read, so each name is worked out once per process (Unicode case tests cost more than the lookup).
@Sendable func columnName(_ path: [any CodingKey]) -> any CodingKey {
    let property = path.last!.stringValue
    if let known = knownColumns.withLock({ $0[property] }) { return ColumnKey(stringValue: known) }
    let column = snakeCase(property)
    knownColumns.withLock { $0[property] = column }
    return ColumnKey(stringValue: column)
}

private let knownColumns = Mutex<[String: String]>([:])

func snakeCase(_ property: String) -> String {
    let name = Array(property)
    var column = ""
    for (index, character) in name.enumerated() {
        if character.isUppercase, index > 0 {
            let previous = name[index - 1]
            let next = index + 1 < name.count ? name[index + 1] : nil
            if previous.isLowercase || previous.isNumber || (previous.isUppercase && next?.isLowercase == true) {
                column.append("_")
            }
        }
        column.append(contentsOf: character.lowercased())
    }
    return column
}

private struct ColumnKey: CodingKey {
    let stringValue: String
    init(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}

extension SQLQueryFetcher {
    /// Every row of the query as a `T` (see `SQLRow.read`).
    public func rows<T: Decodable>(_ type: T.Type = T.self) async throws -> [T] {
        try await all().map { try $0.read(T.self) }
    }

    /// The first row as a `T`, nil when there is none.
    public func row<T: Decodable>(_ type: T.Type = T.self) async throws -> T? {
        try await first().map { try $0.read(T.self) }
    }
}

/// An instant stored as `Timestamp.text`.
@propertyWrapper
public struct Instant: Decodable, Sendable, Hashable {
    public var wrappedValue: Date
    public init(wrappedValue: Date) { self.wrappedValue = wrappedValue }
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = try Self.date(try container.decode(String.self), container)
    }

    static func date(_ text: String, _ container: any SingleValueDecodingContainer) throws -> Date {
        guard let date = Timestamp.date(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an instant: \(text)")
        }
        return date
    }
}

/// An instant that may be missing (NULL).
@propertyWrapper
public struct OptionalInstant: Decodable, Sendable, Hashable {
    public var wrappedValue: Date?
    public init(wrappedValue: Date?) { self.wrappedValue = wrappedValue }
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try Instant.date(try container.decode(String.self), container)
    }
}

/// A yes/no stored as the integer 0 or 1 (the type both engines share).
@propertyWrapper
public struct BoolColumn: Decodable, Sendable, Hashable {
    public var wrappedValue: Bool
    public init(wrappedValue: Bool) { self.wrappedValue = wrappedValue }
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        switch try container.decode(Int.self) {
        case 0: wrappedValue = false
        case 1: wrappedValue = true
        case let other: throw DecodingError.dataCorruptedError(in: container, debugDescription: "not 0 or 1: \(other)")
        }
    }
}

/// A value stored as JSON text.
@propertyWrapper
public struct JSONColumn<Value: Decodable & Sendable>: Decodable, Sendable {
    public var wrappedValue: Value
    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            wrappedValue = try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not \(Value.self) JSON: \(error)")
        }
    }
}

/// A calendar day stored as `YYYY-MM-DD`.
extension Day: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Day(text: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a day: \(text)")
        }
        self = day
    }
}

/// Translations stored as a JSON object of language codes (`LocalizedText.json`).
@propertyWrapper
public struct Translations: Decodable, Sendable, Equatable {
    public var wrappedValue: LocalizedText
    public init(wrappedValue: LocalizedText) { self.wrappedValue = wrappedValue }
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            wrappedValue = try LocalizedText(stored: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not translations: \(text)")
        }
    }
}

extension SQLQueryFetcher {
    /// One column of the first row (a count, a sequence number, a digest), nil when there is no row.
    public func value<T: Decodable>(_ column: String, as type: T.Type = T.self) async throws -> T? {
        try await first().map { try $0.decode(column: column, as: T.self) }
    }

    /// One column of every row.
    public func values<T: Decodable>(_ column: String, as type: T.Type = T.self) async throws -> [T] {
        try await all().map { try $0.decode(column: column, as: T.self) }
    }
}

extension JSONColumn: Equatable where Value: Equatable {}

/// Choices stored as their codes joined by commas (`a,b`); an unknown code is an error.
@propertyWrapper
public struct CommaList<Element: RawRepresentable & Sendable & Equatable>: Decodable, Sendable, Equatable
where Element.RawValue == String {
    public var wrappedValue: [Element]
    public init(wrappedValue: [Element]) { self.wrappedValue = wrappedValue }
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = try container.decode(String.self).split(separator: ",").map { code in
            guard let element = Element(rawValue: String(code)) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown code: \(code)")
            }
            return element
        }
    }
}

/// A row read as two types at once: a stored type and the columns a join or an aggregate adds.
public struct Joined<Base: Decodable & Sendable, Extra: Decodable & Sendable>: Decodable, Sendable {
    public let base: Base, extra: Extra
    public init(from decoder: any Decoder) throws {
        base = try Base(from: decoder)
        extra = try Extra(from: decoder)
    }
}

/// Free words stored joined by commas (`a,b`).
@propertyWrapper
public struct CommaWords: Decodable, Sendable, Equatable {
    public var wrappedValue: [String]
    public init(wrappedValue: [String]) { self.wrappedValue = wrappedValue }
    public init(from decoder: any Decoder) throws {
        wrappedValue = try decoder.singleValueContainer().decode(String.self).split(separator: ",").map(String.init)
    }
}

/// Bytes stored as base64 text (issued PDFs, uploaded proofs).
@propertyWrapper
public struct Base64Column: Decodable, Sendable {
    public var wrappedValue: Data
    public init(wrappedValue: Data) { self.wrappedValue = wrappedValue }
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let data = Data(base64Encoded: try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not base64")
        }
        wrappedValue = data
    }
}
