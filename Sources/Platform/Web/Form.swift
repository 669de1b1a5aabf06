import Foundation
import Hummingbird

/// A submitted `application/x-www-form-urlencoded` body or query string.
public struct Form: Sendable {
    public let fields: [String: [String]]

    public init(fields: [String: [String]]) { self.fields = fields }

    public init(encoded text: String) {
        var fields: [String: [String]] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            fields[decode(parts[0]), default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
        self.fields = fields
    }

    /// At most this many fields in one submission: no form has more, and parsing a flood costs a core.
    public static let maxFields = 1_000

    /// A submitted form, refused when it has too many fields or a control character in a value.
    public static func submitted(_ text: String) throws -> Form {
        let form = try counted(text)
        try form.refuseControlCharacters()
        return form
    }

    /// The fields of a submission, refused (413) before parsing when there are more than `maxFields`.
    public static func counted(_ text: String) throws -> Form {
        guard text.utf8.lazy.filter({ $0 == UInt8(ascii: "&") }).count < maxFields else {
            throw AppError(.contentTooLarge, code: "too_many_fields", arguments: ["max": String(maxFields)])
        }
        return Form(encoded: text)
    }

    /// Text typed by a person holds no control characters but line breaks and tabs; a NUL or an
    /// escape sequence in a name or a message is refused at its field, and nothing is written.
    public func refuseControlCharacters() throws {
        for (name, values) in fields where values.contains(where: Self.hasControlCharacter) {
            throw AppError.invalid(name, "control_characters")
        }
    }

    static func hasControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            (scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r")
                || (0x7F...0x9F).contains(scalar.value)
        }
    }

    public subscript(name: String) -> String? { fields[name]?.first }

    public func all(_ name: String) -> [String] { fields[name] ?? [] }

    /// A destructive action (refusing a request, removing a colleague) goes ahead only with its
    /// box ticked (the `confirm_destructive` partial): a red button alone is too easy to press.
    public func confirmDestructive() throws {
        guard self["confirm"] == "yes" else { throw AppError.invalid("confirm", "confirm_required") }
    }

    /// The first value of each field, for rules that take one value per name.
    public var values: [String: String] { fields.compactMapValues(\.first) }

    public static func read(_ request: Request, limit: Int = 1_048_576) async throws -> Form {
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        return try Form.submitted(String(buffer: buffer))
    }
}

extension Request {
    /// A query parameter, or nil when absent or blank.
    public func query(_ name: String) -> String? {
        guard let value = uri.queryParameters.get(name), !value.isEmpty else { return nil }
        return value
    }
}
