import Foundation
import SQLKit

/// Single-use links sent by mail: confirm an address, reset a password.
public struct TokenStore: Sendable {
    public enum Purpose: String, Sendable { case confirmEmail = "confirm_email", resetPassword = "reset_password" }

    let db: any SQLDatabase
    public init(_ db: any SQLDatabase) { self.db = db }

    public func issue(accountID: String, purpose: Purpose, lifetime: TimeInterval, at now: Date) async throws -> String {
        let token = Random.token()
        try await db.raw("""
            INSERT INTO account_tokens (id, account_id, purpose, created_at, expires_at)
            VALUES (\(bind: SessionStore.hash(token)), \(bind: accountID), \(bind: purpose.rawValue),
              \(bind: Timestamp.text(now)), \(bind: Timestamp.text(now.addingTimeInterval(lifetime))))
            """).run()
        return token
    }

    /// Marks the token used and returns its account, or nil when unknown, used or expired.
    /// The UPDATE … WHERE used_at IS NULL makes a double click count once.
    public func redeem(_ token: String, purpose: Purpose, at now: Date) async throws -> String? {
        let rows = try await db.raw("""
            UPDATE account_tokens SET used_at = \(bind: Timestamp.text(now))
            WHERE id = \(bind: SessionStore.hash(token)) AND purpose = \(bind: purpose.rawValue)
              AND used_at IS NULL AND expires_at > \(bind: Timestamp.text(now))
            RETURNING account_id
            """).all()
        return try rows.first?.decode(column: "account_id", as: String.self)
    }
}
