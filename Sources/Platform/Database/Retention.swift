import Foundation
import SQLKit

/// Removes what only grows and is no longer needed: mail delivered longer ago than the
/// retention (`ZAVICAJ_MAIL_RETENTION_DAYS`, 90 by default; failed mail is kept as long, for the
/// outbox), expired sessions and links, spent rate-limit windows, answers kept for repeated submissions (a day). The
/// audit log and the ledger
/// are never touched. Each pass deletes in bounded batches, so no pass holds a table for long,
/// and deleting is safe to run on several instances at once.
public struct Retention: Sendable {
    let env: AppEnvironment
    public init(_ env: AppEnvironment) { self.env = env }

    public static let job = Job("retention", every: .seconds(3600)) { env in try await Retention(env).run() }

    /// One pass; returns how many rows it removed.
    @discardableResult
    public func run(batch: Int = 5_000) async throws -> Int {
        let now = env.clock.now()
        let mailCutoff = Timestamp.text(now.addingTimeInterval(-Double(env.settings.mailRetentionDays) * 86_400))
        let day = Timestamp.text(now.addingTimeInterval(-86_400))
        let sql = env.database.sql
        var removed = 0
        removed += try await delete(
            "mails", where: "status IN ('sent', 'kept', 'failed') AND sent_at IS NOT NULL AND sent_at < ", mailCutoff,
            batch, sql)
        removed += try await delete(
            "mails", where: "status = 'failed' AND sent_at IS NULL AND next_attempt_at < ", mailCutoff, batch, sql)
        removed += try await delete("sessions", where: "expires_at < ", Timestamp.text(now), batch, sql)
        removed += try await delete("account_tokens", where: "expires_at < ", day, batch, sql)
        removed += try await delete("rate_limits", where: "window_start < ", day, batch, sql, key: "key")
        removed += try await delete("idempotency_keys", where: "created_at < ", day, batch, sql)
        return removed
    }

    /// Deletes up to `batch` rows of `table` whose condition (written here, ending in a comparison) holds for `value`.
    func delete(
        _ table: String, where condition: String, _ value: String, _ batch: Int, _ sql: any SQLDatabase,
        key: String = "id"
    ) async throws -> Int {
        try await sql.raw(
            """
            DELETE FROM \(unsafeRaw: table) WHERE \(unsafeRaw: key) IN (
              SELECT \(unsafeRaw: key) FROM \(unsafeRaw: table) WHERE \(unsafeRaw: condition)\(bind: value) LIMIT \
            \(unsafeRaw: String(batch)))
            RETURNING \(unsafeRaw: key)
            """
        ).all().count
    }
}
