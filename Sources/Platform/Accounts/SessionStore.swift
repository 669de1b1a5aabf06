import Crypto
import Foundation
import SQLKit

/// A signed-in browser or API client. Only the SHA-256 of the token is stored,
/// so a copy of the database opens no session.
public struct Session: Sendable, Decodable {
    public enum Kind: String, Sendable, Decodable { case web, api }
    public let id: String
    public let accountID: String
    public let kind: Kind
    /// False while a registrar or admin has given the password but not yet the TOTP code.
    @BoolColumn public var secondFactor: Bool
    @Instant public var expiresAt: Date
}

public struct SessionStore: Sendable {
    public static let webLifetime: TimeInterval = 14 * 24 * 3600
    public static let apiLifetime: TimeInterval = 30 * 24 * 3600

    let db: any SQLDatabase
    public init(_ db: any SQLDatabase) { self.db = db }

    public static func hash(_ token: String) -> String {
        Random.digest(token)
    }

    /// Creates a session and returns the bearer token, the only copy of it.
    public func create(accountID: String, kind: Session.Kind, secondFactor: Bool, clientAddress: String, at now: Date)
        async throws -> String
    {
        let token = Random.token()
        let lifetime = kind == .web ? Self.webLifetime : Self.apiLifetime
        try await db.raw(
            """
            INSERT INTO sessions (id, account_id, kind, second_factor, created_at, expires_at, client_address)
            VALUES (\(bind: Self.hash(token)), \(bind: accountID), \(bind: kind.rawValue), \
            \(bind: secondFactor ? 1 : 0),
              \(bind: Timestamp.text(now)), \(bind: Timestamp.text(now.addingTimeInterval(lifetime))), \
            \(bind: clientAddress))
            """
        ).run()
        return token
    }

    public func find(token: String, at now: Date) async throws -> Session? {
        guard
            let row = try await db.raw(
                """
                SELECT * FROM sessions WHERE id = \(bind: Self.hash(token)) AND expires_at > \
                \(bind: Timestamp.text(now))
                """
            ).row(Session.self)
        else { return nil }
        return row
    }

    public func passSecondFactor(sessionID: String) async throws {
        try await db.raw("UPDATE sessions SET second_factor = 1 WHERE id = \(bind: sessionID)").run()
    }

    public func delete(sessionID: String) async throws {
        try await db.raw("DELETE FROM sessions WHERE id = \(bind: sessionID)").run()
    }

    /// After a password reset every other device is signed out.
    public func deleteAll(accountID: String) async throws {
        try await db.raw("DELETE FROM sessions WHERE account_id = \(bind: accountID)").run()
    }

    /// Ends every session of the account but `kept` (the one asking).
    public func deleteAll(accountID: String, except kept: String?) async throws {
        try await db.raw(
            "DELETE FROM sessions WHERE account_id = \(bind: accountID) AND id <> \(bind: kept ?? "")"
        ).run()
    }

    public func list(accountID: String) async throws -> [(createdAt: String, kind: String, clientAddress: String)] {
        try await db.raw(
            """
            SELECT created_at, kind, client_address FROM sessions WHERE account_id = \(bind: accountID) ORDER BY \
            created_at
            """
        )
        .rows(SignIn.self).map { ($0.createdAt, $0.kind, $0.clientAddress) }
    }

    private struct SignIn: Decodable { let createdAt: String, kind: String, clientAddress: String }
}
