import Foundation
import SQLKit

/// Fixed-window counters kept in the database, so every instance counts together.
public struct RateLimiter: Sendable {
    let db: any SQLDatabase
    public init(_ db: any SQLDatabase) { self.db = db }

    /// Whether `key` has reached `limit` hits in the current window (without counting a hit).
    public func isLimited(_ key: String, limit: Int, window: TimeInterval, at now: Date) async throws -> Bool {
        guard let row = try await db.raw("SELECT window_start, hits FROM rate_limits WHERE key = \(bind: key)").first() else { return false }
        let start = Timestamp.date(try row.decode(column: "window_start", as: String.self)) ?? .distantPast
        let hits = try row.decode(column: "hits", as: Int.self)
        return now.timeIntervalSince(start) < window && hits >= limit
    }

    /// Counts one hit atomically, starting a new window when the old one has passed.
    public func hit(_ key: String, window: TimeInterval, at now: Date) async throws {
        let nowText = Timestamp.text(now)
        let cutoff = Timestamp.text(now.addingTimeInterval(-window))
        try await db.raw("""
            INSERT INTO rate_limits (key, window_start, hits) VALUES (\(bind: key), \(bind: nowText), 1)
            ON CONFLICT (key) DO UPDATE SET
              hits = CASE WHEN rate_limits.window_start <= \(bind: cutoff) THEN 1 ELSE rate_limits.hits + 1 END,
              window_start = CASE WHEN rate_limits.window_start <= \(bind: cutoff) THEN \(bind: nowText) ELSE rate_limits.window_start END
            """).run()
    }

    public func reset(_ key: String) async throws {
        try await db.raw("DELETE FROM rate_limits WHERE key = \(bind: key)").run()
    }
}
