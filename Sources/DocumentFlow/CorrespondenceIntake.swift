import Foundation
import Platform
import SQLKit

/// Registers what the other capabilities received and answered (inquiries, extract requests and
/// their answers): each feed is read after its cursor, each item numbered in its own transaction
/// together with the cursor's move, so a crash repeats nothing and skips nothing.
///
/// Items are ordered by the time the application stamped on them, not by commit: on several
/// instances an item stamped at 10:00:00.100 may commit after one stamped at 10:00:00.200. So the
/// intake reads only items stamped `settle` ago or earlier, when every transaction that stamped
/// them has long ended (requests time out after 30 s); then nothing can appear behind the cursor.
/// Registration in the protocol follows the event by about two minutes.
struct CorrespondenceIntake: Sendable {
    let env: AppEnvironment
    let feeds: [CorrespondenceFeed]
    static let settle: TimeInterval = 120

    /// Registers up to `limit` items per feed; returns how many were registered.
    func run(limit: Int = Job.batch) async throws -> Int {
        var registered = 0
        let until = Timestamp.text(env.clock.now().addingTimeInterval(-Self.settle))
        for feed in feeds {
            let cursor = try await self.cursor(feed.sourceType)
            for (item, next) in try await feed.read(cursor, until, limit, env.database.sql) {
                let added = try await env.database.transaction { db -> Bool in
                    // Another instance may have taken this item meanwhile: the cursor row tells.
                    let current = try await lockedCursor(feed.sourceType, db)
                    guard (current.at, current.id) < (next.at, next.id) else { return false }
                    let added = try await ProtocolDesk(env: env).register(item, db)
                    try await db.raw(
                        """
                        UPDATE correspondence_cursors SET at = \(bind: next.at), id = \(bind: next.id) WHERE \
                        source_type = \(bind: feed.sourceType)
                        """
                    ).run()
                    return added
                }
                if added { registered += 1 }
            }
        }
        return registered
    }

    func cursor(_ source: String) async throws -> FeedCursor {
        try await env.database.sql.raw(
            """
            INSERT INTO correspondence_cursors (source_type, at, id) VALUES (\(bind: source), '', '') ON CONFLICT \
            (source_type) DO NOTHING
            """
        ).run()
        return try await env.database.sql.raw(
            "SELECT at, id FROM correspondence_cursors WHERE source_type = \(bind: source)"
        ).row(FeedCursor.self) ?? .start
    }

    func lockedCursor(_ source: String, _ db: any SQLDatabase) async throws -> FeedCursor {
        try await db.raw(
            """
            SELECT at, id FROM correspondence_cursors WHERE source_type = \
            \(bind: source)\(unsafeRaw: env.database.forUpdate)
            """
        ).row(FeedCursor.self) ?? .start
    }
}
