import Foundation
import SQLKit

/// One schema step. Statements are plain SQL that both engines accept; `dialect`
/// lets a step add engine-specific parts (triggers, partial indexes).
public struct Migration: Sendable {
    public let id: String
    public let statements: @Sendable (Dialect) -> [String]

    public init(_ id: String, statements: @escaping @Sendable (Dialect) -> [String]) {
        self.id = id
        self.statements = statements
    }

    public init(_ id: String, _ statements: [String]) {
        self.init(id) { _ in statements }
    }
}

/// Applies migrations in order, each once, each in its own transaction.
public struct Migrator: Sendable {
    public let database: Database
    public init(database: Database) { self.database = database }

    @discardableResult
    public func migrate(_ migrations: [Migration], at now: Date) async throws -> [String] {
        try await database.sql.raw("""
            CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)
            """).run()
        let done = Set(try await database.sql.raw("SELECT id FROM schema_migrations").all()
            .map { try $0.decode(column: "id", as: String.self) })
        var applied: [String] = []
        for migration in migrations where !done.contains(migration.id) {
            let dialect = database.dialect
            try await database.transaction { db in
                for statement in migration.statements(dialect) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.raw("INSERT INTO schema_migrations (id, applied_at) VALUES (\(bind: migration.id), \(bind: Timestamp.text(now)))").run()
            }
            applied.append(migration.id)
        }
        return applied
    }
}

/// Instants are stored as ISO-8601 UTC text with milliseconds: sortable, readable,
/// and the same on both engines.
public enum Timestamp {
    public static func text(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    public static func date(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}
