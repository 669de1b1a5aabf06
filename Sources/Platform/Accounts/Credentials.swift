import Foundation
import HummingbirdBcrypt

/// A signed-in person changes their password or e-mail address. Both ask for the current password
/// (a session left open on a shared computer must not be enough), counted against guessing.
extension AccountService {
    static let passwordChecksPerHour = 10

    /// The current password, checked; ten wrong tries an hour per account, then none.
    func checkCurrentPassword(_ account: Account, _ password: String?) async throws {
        guard
            try await env.rateLimiter.take(
                "password-check:\(account.id)", limit: Self.passwordChecksPerHour, window: 3600, at: env.clock.now())
        else {
            throw AppError(
                .tooManyRequests, code: "login_rate_limited", field: "current_password", arguments: ["minutes": "60"])
        }
        guard Bcrypt.verify(password ?? "", hash: account.passwordHash) else {
            throw AppError.invalid("current_password", "password_wrong")
        }
    }

    /// A new password; every other session of the account ends, this one stays signed in.
    public func changePassword(_ account: Account, current: String?, new: String?, keeping sessionID: String?)
        async throws
    {
        let password = try AccountRules.password(new, field: "new_password")
        try await checkCurrentPassword(account, current)
        var updated = account
        updated.passwordHash = hash(password)
        try await env.accounts.update(updated)
        try await env.sessions.deleteAll(accountID: account.id, except: sessionID)
        try await notify(account, subject: "mail_password_changed_subject", body: "mail_password_changed_body")
    }

    /// Starts a change of address: the new address gets a link, the old one a notice. Until the
    /// link is opened the account keeps its old address.
    public func requestEmailChange(_ account: Account, current: String?, newEmail raw: String?) async throws {
        let email = try AccountRules.email(raw, field: "new_email")
        guard email != account.email, try await env.accounts.find(email: email) == nil else {
            throw AppError.invalid("new_email", "email_taken")
        }
        try await checkCurrentPassword(account, current)
        try await env.accounts.setPendingEmail(email, of: account.id)
        let token = try await env.tokens.issue(
            accountID: account.id, purpose: .changeEmail, lifetime: 24 * 3600, at: env.clock.now(), replacing: true)
        let catalog = env.catalogs[account.language]
        try await env.mail.enqueue(
            to: email, subject: catalog.text("mail_email_change_subject"),
            body: catalog.text(
                "mail_email_change_body",
                ["name": account.displayName, "link": "\(env.settings.baseURL)/account/email/confirm?token=\(token)"]))
        try await notify(
            account, subject: "mail_email_change_notice_subject", body: "mail_email_change_notice_body",
            ["email": email])
    }

    /// The link from the new address: the account moves to it (if nobody took it meanwhile).
    public func confirmEmailChange(token: String?) async throws -> Account {
        guard let token, let id = try await env.tokens.redeem(token, purpose: .changeEmail, at: env.clock.now()),
            var account = try await env.accounts.find(id: id),
            let email = try await env.accounts.pendingEmail(of: id)
        else { throw AppError(.badRequest, code: "token_invalid") }
        guard try await env.accounts.find(email: email) == nil else {
            throw AppError.invalid("new_email", "email_taken")
        }
        account.email = email
        account.emailConfirmedAt = env.clock.now()
        try await env.accounts.update(account)
        try await env.accounts.setPendingEmail(nil, of: id)
        return account
    }

    private func notify(_ account: Account, subject: String, body: String, _ values: [String: String] = [:])
        async throws
    {
        let catalog = env.catalogs[account.language]
        var values = values
        values["name"] = account.displayName
        try await env.mail.enqueue(
            to: account.email, subject: catalog.text(subject), body: catalog.text(body, values))
    }
}
