import Foundation
import SQLKit

/// Accounts, members and staff alike.
public struct AccountStore: Sendable {
    let db: any SQLDatabase
    public init(_ db: any SQLDatabase) { self.db = db }

    public func find(id: String) async throws -> Account? {
        try await db.raw("SELECT * FROM accounts WHERE id = \(bind: id)").row(Account.self)
    }

    public func find(email: String) async throws -> Account? {
        try await db.raw("SELECT * FROM accounts WHERE email = \(bind: email.lowercased())").row(Account.self)
    }

    public func staff(of municipalityID: String) async throws -> [Account] {
        try await db.raw(
            """
            SELECT * FROM accounts WHERE municipality_id = \(bind: municipalityID) AND role IS NOT NULL ORDER BY email
            """
        ).rows(Account.self)
    }

    /// The municipality's staff who handle casework and may be given a question or a letter:
    /// observers only read, and a platform admin looks after the platform, not the cases.
    public func assignable(in municipalityID: String) async throws -> [Account] {
        try await staff(of: municipalityID).filter { $0.role.map(Role.handlesCases.contains) == true }
    }

    public func insert(_ a: Account) async throws {
        try await db.raw(
            """
            INSERT INTO accounts (id, email, password_hash, display_name, language, time_zone, role, municipality_id,
              department_id, email_confirmed_at, totp_secret, totp_enabled_at, created_at)
            VALUES (\(bind: a.id), \(bind: a.email), \(bind: a.passwordHash), \(bind: a.displayName),
              \(bind: a.language.rawValue), \(bind: a.timeZone), \(bind: a.role?.rawValue), \(bind: a.municipalityID),
              \(bind: a.departmentID), \(bind: a.emailConfirmedAt.map(Timestamp.text)), \(bind: a.totpSecret),
              \(bind: a.totpEnabledAt.map(Timestamp.text)), \(bind: Timestamp.text(a.createdAt)))
            """
        ).run()
    }

    /// The address a change of e-mail waits to move to (nil: none waiting).
    func setPendingEmail(_ email: String?, of id: String) async throws {
        try await db.raw("UPDATE accounts SET pending_email = \(bind: email) WHERE id = \(bind: id)").run()
    }

    func pendingEmail(of id: String) async throws -> String? {
        try await db.raw("SELECT pending_email FROM accounts WHERE id = \(bind: id)").first()?
            .decode(column: "pending_email", as: String?.self)
    }

    public func update(_ a: Account) async throws {
        try await db.raw(
            """
            UPDATE accounts SET email = \(bind: a.email), password_hash = \(bind: a.passwordHash),
              display_name = \(bind: a.displayName), language = \(bind: a.language.rawValue), time_zone = \
            \(bind: a.timeZone),
              role = \(bind: a.role?.rawValue), department_id = \(bind: a.departmentID),
              email_confirmed_at = \(bind: a.emailConfirmedAt.map(Timestamp.text)), totp_secret = \(bind: a.totpSecret),
              totp_enabled_at = \(bind: a.totpEnabledAt.map(Timestamp.text))
            WHERE id = \(bind: a.id)
            """
        ).run()
    }

    /// Removes the account; sessions and tokens go with it (ON DELETE CASCADE).
    public func delete(id: String) async throws {
        try await db.raw("DELETE FROM account_tokens WHERE account_id = \(bind: id)").run()
        try await db.raw("DELETE FROM sessions WHERE account_id = \(bind: id)").run()
        try await db.raw("DELETE FROM accounts WHERE id = \(bind: id)").run()
    }

    /// Records `step` as the account's last accepted TOTP step, unless it (or a later one) was
    /// accepted already: one statement, so two requests with one code cannot both succeed.
    public func acceptTOTPStep(accountID: String, step: Int64) async throws -> Bool {
        try await !db.raw(
            """
            UPDATE accounts SET totp_last_step = \(bind: step)
            WHERE id = \(bind: accountID) AND (totp_last_step IS NULL OR totp_last_step < \(bind: step))
            RETURNING id
            """
        ).all().isEmpty
    }
}
