import Foundation
import SQLKit

/// Single-use links sent by mail: confirm an address, reset a password.
public struct TokenStore: Sendable {
    public enum Purpose: String, Sendable {
        case confirmEmail = "confirm_email", resetPassword = "reset_password", changeEmail = "change_email"
    }

    let db: any SQLDatabase
    public init(_ db: any SQLDatabase) { self.db = db }

    /// A new link; with `replacing`, the account's earlier unused links of this purpose stop working.
    /// Written first, then everything older than it (by time, then id) is retired: of two links issued
    /// at once, exactly the later one stays live, whichever statement runs first.
    public func issue(
        accountID: String, purpose: Purpose, lifetime: TimeInterval, at now: Date, replacing: Bool = false
    ) async throws -> String {
        let token = Random.token(), id = SessionStore.hash(token), created = Timestamp.text(now)
        try await db.raw(
            """
            INSERT INTO account_tokens (id, account_id, purpose, created_at, expires_at)
            VALUES (\(bind: id), \(bind: accountID), \(bind: purpose.rawValue), \(bind: created), \
            \(bind: Timestamp.text(now.addingTimeInterval(lifetime))))
            """
        ).run()
        if replacing {
            try await db.raw(
                """
                UPDATE account_tokens SET used_at = \(bind: created)
                WHERE account_id = \(bind: accountID) AND purpose = \(bind: purpose.rawValue) AND used_at IS NULL
                  AND (created_at < \(bind: created) OR (created_at = \(bind: created) AND id < \(bind: id)))
                """
            ).run()
        }
        return token
    }

    /// Marks the token used and returns its account, or nil when unknown, used or expired.
    /// The UPDATE … WHERE used_at IS NULL makes a double click count once.
    public func redeem(_ token: String, purpose: Purpose, at now: Date) async throws -> String? {
        try await db.raw(
            """
            UPDATE account_tokens SET used_at = \(bind: Timestamp.text(now))
            WHERE id = \(bind: SessionStore.hash(token)) AND purpose = \(bind: purpose.rawValue)
              AND used_at IS NULL AND expires_at > \(bind: Timestamp.text(now))
            RETURNING account_id
            """
        ).value("account_id", as: String.self)
    }
}
