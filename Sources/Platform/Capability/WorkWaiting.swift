import Foundation
import SQLKit

/// A count of work waiting for a staff member, as the staff home shows it above the menu:
/// "3 questions past their deadline", linking to the list that holds them.
public struct WorkWaiting: Sendable {
    public let labelKey: String
    public let count: Int
    public let path: String
    /// Past a deadline: shown first and marked.
    public let urgent: Bool

    public init(labelKey: String, count: Int, path: String, urgent: Bool = false) {
        self.labelKey = labelKey; self.count = count; self.path = path; self.urgent = urgent
    }
}

extension SQLDatabase {
    /// The integer columns of a one-row count query (a SUM over no rows is NULL: 0).
    public func counts(_ query: SQLQueryString, _ columns: [String]) async throws -> [String: Int] {
        let row = try await raw(query).first()
        var counts: [String: Int] = [:]
        for column in columns { counts[column] = try row?.decode(column: column, as: Int?.self) ?? 0 }
        return counts
    }
}
