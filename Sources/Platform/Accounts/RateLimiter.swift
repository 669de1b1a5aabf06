import Foundation
import SQLKit

/// Fixed-window counters kept in the database, so every instance counts together.
/// Each attempt is counted and judged in one statement (`INSERT … ON CONFLICT … RETURNING`),
/// so parallel requests cannot all read "under the limit" before any of them counts.
public struct RateLimiter: Sendable {
    let db: any SQLDatabase
    public init(_ db: any SQLDatabase) { self.db = db }

    /// Counts one attempt at `key` if it is within `limit` for the window, and says whether it was.
    /// One statement: the upsert only updates a row that still has room (or whose window has
    /// passed), so of many parallel attempts exactly `limit` are counted and allowed.
    public func take(_ key: String, limit: Int, window: TimeInterval, at now: Date) async throws -> Bool {
        try await take(distinct: [key], limit: limit, window: window, at: now).contains(key)
    }

    /// `take` for several keys in one statement (a batch of submissions); returns the keys counted.
    /// Each key at most once: PostgreSQL updates a row only once per statement.
    public func take(distinct keys: [String], limit: Int, window: TimeInterval, at now: Date) async throws
        -> Set<String>
    {
        guard !keys.isEmpty else { return [] }
        let nowText = Timestamp.text(now)
        let cutoff = Timestamp.text(now.addingTimeInterval(-window))
        var query = SQLQueryString.insert(
            into: "rate_limits", columns: ["key", "window_start", "hits"], rows: keys.map { [$0, nowText, 1] })
        query += """
             ON CONFLICT (key) DO UPDATE SET
              hits = CASE WHEN rate_limits.window_start <= \(bind: cutoff) THEN 1 ELSE rate_limits.hits + 1 END,
              window_start = CASE WHEN rate_limits.window_start <= \(bind: cutoff) THEN \(bind: nowText) ELSE \
            rate_limits.window_start END
            WHERE rate_limits.window_start <= \(bind: cutoff) OR rate_limits.hits < \(bind: limit)
            RETURNING key
            """
        return Set(try await db.raw(query).values("key", as: String.self))
    }

    /// Counts one hit atomically, starting a new window when the old one has passed; returns the hits in the window.
    @discardableResult
    public func hit(_ key: String, window: TimeInterval, at now: Date) async throws -> Int {
        let nowText = Timestamp.text(now)
        let cutoff = Timestamp.text(now.addingTimeInterval(-window))
        let row = try await db.raw(
            """
            INSERT INTO rate_limits (key, window_start, hits) VALUES (\(bind: key), \(bind: nowText), 1)
            ON CONFLICT (key) DO UPDATE SET
              hits = CASE WHEN rate_limits.window_start <= \(bind: cutoff) THEN 1 ELSE rate_limits.hits + 1 END,
              window_start = CASE WHEN rate_limits.window_start <= \(bind: cutoff) THEN \(bind: nowText) ELSE \
            rate_limits.window_start END
            RETURNING hits
            """
        ).value("hits", as: Int.self)
        return row ?? 1
    }

    private struct Window: Decodable {
        @Instant var windowStart: Date
        let hits: Int
    }

    /// Gives back one counted attempt (one that turned out to be allowed, such as a right password).
    public func giveBack(_ key: String) async throws {
        try await db.raw("UPDATE rate_limits SET hits = hits - 1 WHERE key = \(bind: key) AND hits > 0").run()
    }

    /// Whether `key` has reached `limit` in the current window, without counting.
    public func isLimited(_ key: String, limit: Int, window: TimeInterval, at now: Date) async throws -> Bool {
        guard
            let row = try await db.raw("SELECT window_start, hits FROM rate_limits WHERE key = \(bind: key)")
                .row(Window.self)
        else { return false }
        return now.timeIntervalSince(row.windowStart) < window && row.hits >= limit
    }

    public func reset(_ key: String) async throws {
        try await db.raw("DELETE FROM rate_limits WHERE key = \(bind: key)").run()
    }
}
