import Foundation
import SQLKit

/// One schema step. Statements are plain SQL that both engines accept; `dialect`
/// lets a step add engine-specific parts (triggers, partial indexes).
public struct Migration: Sendable {
    public let id: String
    public let statements: @Sendable (Dialect) -> [String]
    /// The step copies a table into a new one (SQLite cannot drop a constraint): on SQLite it runs
    /// with foreign keys off on its connection and checks them all before it commits.
    public var rebuildsTables = false

    public init(_ id: String, rebuildsTables: Bool = false, statements: @escaping @Sendable (Dialect) -> [String]) {
        self.id = id
        self.statements = statements
        self.rebuildsTables = rebuildsTables
    }

    public init(_ id: String, _ statements: [String]) {
        self.init(id) { _ in statements }
    }
}

extension Migration {
    /// Triggers that make the database itself refuse to change or remove a row of `table`.
    public static func appendOnly(_ table: String, _ dialect: Dialect) -> [String] {
        switch dialect {
        case .sqlite:
            return ["UPDATE", "DELETE"].map { verb in
                """
                CREATE TRIGGER \(table)_no_\(verb.lowercased()) BEFORE \(verb) ON \(table)
                BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END
                """
            }
        case .postgres:
            return [
                """
                CREATE FUNCTION \(table)_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION '\(table) is append-only'; END $$
                """,
                """
                CREATE TRIGGER \(table)_append_only BEFORE UPDATE OR DELETE ON \(table)
                FOR EACH ROW EXECUTE FUNCTION \(table)_append_only()
                """,
            ]
        }
    }
}

/// Applies migrations in order, each once, each in its own transaction.
public struct Migrator: Sendable {
    public let database: Database
    public init(database: Database) { self.database = database }

    @discardableResult
    public func migrate(_ migrations: [Migration], at now: Date) async throws -> [String] {
        try await database.sql.raw(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)
            """
        ).run()
        let done = Set(
            try await database.sql.raw("SELECT id FROM schema_migrations").values("id", as: String.self))
        var applied: [String] = []
        for migration in migrations where !done.contains(migration.id) {
            let dialect = database.dialect
            try await database.transaction(foreignKeysDeferredToEnd: migration.rebuildsTables) { db in
                for statement in migration.statements(dialect) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.raw(
                    """
                    INSERT INTO schema_migrations (id, applied_at) VALUES (\(bind: migration.id), \
                    \(bind: Timestamp.text(now)))
                    """
                ).run()
            }
            applied.append(migration.id)
        }
        return applied
    }
}

/// Instants are stored as ISO-8601 UTC text with milliseconds: sortable, readable,
/// and the same on both engines. Written and read by hand in the one fixed form
/// (`2026-11-25T09:06:42.450Z`): lists of inquiries read thousands per page, and
/// Foundation's format styles cost tens of microseconds each on Linux.
public enum Timestamp {
    public static func text(_ date: Date) -> String {
        var milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000)
        milliseconds -= Int64(seconds) * 1000
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-"
            + pad(Int(parts.tm_mday), 2)
            + "T" + pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2) + ":" + pad(Int(parts.tm_sec), 2)
            + "." + pad(Int(milliseconds), 3) + "Z"
    }

    public static func date(_ text: String) -> Date? {
        fixed(text) ?? (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }

    /// `YYYY-MM-DDTHH:MM:SS[.sss]Z`, the form `text` writes.
    static func fixed(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20 || bytes.count == 24, bytes.last == UInt8(ascii: "Z"), bytes[10] == UInt8(ascii: "T")
        else { return nil }
        func number(_ from: Int, _ length: Int) -> Int? {
            var value = 0
            for byte in bytes[from..<from + length] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2)
        else { return nil }
        let millis = bytes.count == 24 ? number(20, 3) : 0
        guard let millis, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else {
            return nil
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900); parts.tm_mon = Int32(month - 1); parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour); parts.tm_min = Int32(minute); parts.tm_sec = Int32(second)
        return Date(timeIntervalSince1970: Double(timegm(&parts)) + Double(millis) / 1000)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension SQLQueryString {
    /// Appends ` AND <condition> <value>` for each condition whose value is given (nil skips it).
    public mutating func appendFilters(_ conditions: [(String, (any Encodable & Sendable)?)]) {
        for case let (condition, value?) in conditions {
            appendInterpolation(unsafeRaw: " AND \(condition) ")
            appendInterpolation(bind: value)
        }
    }

    /// `INSERT INTO table (columns) VALUES (…), (…)` with every value bound: many rows, one statement.
    public static func insert(into table: String, columns: [String], rows: [[any Encodable & Sendable]])
        -> SQLQueryString
    {
        var query = SQLQueryString("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES ")
        for (rowIndex, row) in rows.enumerated() {
            query.appendInterpolation(unsafeRaw: rowIndex == 0 ? "(" : ", (")
            for (index, value) in row.enumerated() {
                if index > 0 { query.appendInterpolation(unsafeRaw: ", ") }
                query.appendInterpolation(bind: value)
            }
            query.appendInterpolation(unsafeRaw: ")")
        }
        return query
    }
}
