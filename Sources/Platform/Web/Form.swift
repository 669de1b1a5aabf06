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
            let decode = { (s: Substring) in String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            fields[decode(parts[0]), default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
        self.fields = fields
    }

    public subscript(name: String) -> String? { fields[name]?.first }

    public func all(_ name: String) -> [String] { fields[name] ?? [] }

    /// The first value of each field, for rules that take one value per name.
    public var values: [String: String] { fields.compactMapValues(\.first) }

    public static func read(_ request: Request, limit: Int = 1_048_576) async throws -> Form {
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        return Form(encoded: String(buffer: buffer))
    }
}

extension Request {
    /// A query parameter, or nil when absent or blank.
    public func query(_ name: String) -> String? {
        guard let value = uri.queryParameters.get(name), !value.isEmpty else { return nil }
        return value
    }
}
