import Foundation
import HummingbirdBcrypt

/// The account use cases shared by the pages and the API: register, confirm, sign in,
/// second factor, reset, profile, export and erasure, staff management.
public struct AccountService: Sendable {
    let env: AppEnvironment
    public init(_ env: AppEnvironment) { self.env = env }

    static let loginWindow: TimeInterval = 15 * 60
    static let accountAttempts = 5
    static let addressAttempts = 20

    // MARK: Members

    public struct Registration: Sendable {
        public var email: String?, password: String?, displayName: String?, language: String?, timeZone: String?
        /// The municipalities (slugs) the person says they are from; optional, several allowed.
        public var municipalities: [String] = []
        public init(
            email: String?, password: String?, displayName: String?, language: String?, timeZone: String?,
            municipalities: [String] = []
        ) {
            self.email = email; self.password = password; self.displayName = displayName
            self.language = language; self.timeZone = timeZone; self.municipalities = municipalities
        }
    }

    /// Creates a member and sends the confirmation link. Every field is checked before anything is written.
    /// `next` is the page the person was on their way to; the confirmation mail leads back to it.
    public func register(_ form: Registration, clientAddress: String, next: String? = nil) async throws -> Account {
        var v = Validation()
        let email = try v.check { try AccountRules.email(form.email) }
        let password = try v.check { try AccountRules.password(form.password) }
        let name = try v.check { try AccountRules.displayName(form.displayName) }
        let language = try v.check { try AccountRules.language(form.language ?? Language.fallback.rawValue) }
        let timeZone = try v.check { try AccountRules.timeZone(form.timeZone ?? "Europe/Sarajevo") }
        let known = Set(try await env.municipalities.all().map(\.slug))
        _ = try v.check {
            guard form.municipalities.allSatisfy(known.contains) else {
                throw AppError.invalid("municipalities", "invalid_choice")
            }
        }
        try v.finish()
        guard try await env.accounts.find(email: email!) == nil else { throw AppError.invalid("email", "email_taken") }
        let account = Account(
            id: Random.id(), email: email!, passwordHash: hash(password!), displayName: name!,
            language: language!, timeZone: timeZone!, createdAt: env.clock.now())
        try await env.accounts.insert(account)
        try await sendConfirmation(to: account, next: next, from: form.municipalities)
        return account
    }

    /// The link carries where the person was going (`next`) and the municipalities they are from
    /// (`from`), so the confirmation page leads on; nothing of it is stored before the address is proved.
    public func sendConfirmation(to account: Account, next: String? = nil, from: [String] = []) async throws {
        let token = try await env.tokens.issue(
            accountID: account.id, purpose: .confirmEmail, lifetime: 7 * 24 * 3600, at: env.clock.now())
        let catalog = env.catalogs[account.language]
        let onward =
            (next.map { "&next=\(PageRenderer.percentEncoded(PortalCapability.localPath($0)))" } ?? "")
            + (from.isEmpty ? "" : "&from=\(from.joined(separator: ","))")
        let link = "\(env.settings.baseURL)/account/confirm?token=\(token)\(onward)"
        try await env.mail.enqueue(
            to: account.email, subject: catalog.text("mail_confirm_subject"),
            body: catalog.text("mail_confirm_body", ["name": account.displayName, "link": link]))
    }

    public func confirm(token: String?) async throws -> Account {
        guard let token, let id = try await env.tokens.redeem(token, purpose: .confirmEmail, at: env.clock.now()),
            var account = try await env.accounts.find(id: id)
        else { throw AppError(.badRequest, code: "token_invalid") }
        account.emailConfirmedAt = account.emailConfirmedAt ?? env.clock.now()
        try await env.accounts.update(account)
        return account
    }

    // MARK: Signing in

    /// Checks the password. Every attempt is counted before the check, atomically, per client address
    /// and per (account, address): parallel guesses cannot all pass, and nobody elsewhere can lock a
    /// person out by guessing wrong from their own address. A right password gives its attempt back.
    public func authenticate(email rawEmail: String?, password: String?, clientAddress: String) async throws -> Account
    {
        let email = (rawEmail ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let now = env.clock.now()
        let pairKey = "login:account:\(email):\(clientAddress)", addressKey = "login:address:\(clientAddress)"
        let limited = AppError(.tooManyRequests, code: "login_rate_limited", arguments: ["minutes": "15"])
        guard try await env.rateLimiter.take(pairKey, limit: Self.accountAttempts, window: Self.loginWindow, at: now)
        else { throw limited }
        guard try await env.rateLimiter.take(addressKey, limit: Self.addressAttempts, window: Self.loginWindow, at: now)
        else {
            try await env.rateLimiter.giveBack(pairKey)
            throw limited
        }
        let account = email.isEmpty ? nil : try await env.accounts.find(email: email)
        // Verify against a stand-in hash for unknown addresses so timing reveals nothing.
        let valid = Bcrypt.verify(password ?? "", hash: account?.passwordHash ?? Self.standInHash)
        guard let account, valid else { throw AppError(.unauthorized, code: "login_failed") }
        try await env.rateLimiter.reset(pairKey)
        try await env.rateLimiter.giveBack(addressKey)
        if account.isStaff {
            try await env.audit.record(
                Actor(accountID: account.id, email: account.email, clientAddress: clientAddress),
                "staff.login", objectType: "account", objectID: account.id, municipalityID: account.municipalityID)
        }
        return account
    }

    static let standInHash = Bcrypt.hash("zavicaj-stand-in", cost: 12)

    /// Whether this sign-in must give a TOTP code before it counts.
    public func needsSecondFactor(_ account: Account) -> Bool {
        account.hasSecondFactor || account.role?.requiresSecondFactor == true
    }

    static let secondFactorAttempts = 5

    /// Checks a TOTP code: at most `secondFactorAttempts` tries per account in the login window
    /// (counted atomically before the check), and each code good once per account.
    public func checkSecondFactor(_ account: Account, code: String?) async throws {
        guard let secret = account.totpSecret, account.hasSecondFactor else {
            throw AppError(.forbidden, code: "totp_enrolment_required")
        }
        try await acceptCode(code, secret: secret, account: account)
    }

    private func acceptCode(_ code: String?, secret: String, account: Account) async throws {
        guard let code, !code.isEmpty else { throw AppError.invalid("totp", "totp_required") }
        let key = "totp:account:\(account.id)", now = env.clock.now()
        guard try await env.rateLimiter.take(key, limit: Self.secondFactorAttempts, window: Self.loginWindow, at: now)
        else {
            throw AppError(.tooManyRequests, code: "totp_rate_limited", arguments: ["minutes": "15"])
        }
        guard let step = SecondFactor.step(code: code, secret: secret, at: now),
            try await env.accounts.acceptTOTPStep(accountID: account.id, step: step)
        else { throw AppError.invalid("totp", "totp_invalid") }
        try await env.rateLimiter.reset(key)
    }

    /// Starts enrolment: a fresh secret, not yet in force until a code from it is given.
    public func beginEnrolment(_ account: Account) async throws -> Account {
        var account = account
        if account.hasSecondFactor { return account }
        account.totpSecret = SecondFactor.newSecret()
        try await env.accounts.update(account)
        return account
    }

    public func completeEnrolment(_ account: Account, code: String?, actor: Actor) async throws -> Account {
        guard let secret = account.totpSecret else { throw AppError(.badRequest, code: "totp_enrolment_required") }
        try await acceptCode(code, secret: secret, account: account)
        var account = account
        account.totpEnabledAt = env.clock.now()
        try await env.accounts.update(account)
        try await env.audit.record(
            actor, "account.totp_enrolled", objectType: "account", objectID: account.id,
            municipalityID: account.municipalityID)
        return account
    }

    /// Enrols a second factor on someone's behalf (the command line, when creating a staff
    /// account whose role needs one): the secret is in force at once and its otpauth URI,
    /// returned here, goes to the person to scan. Their first sign-in then asks for a code.
    public func provisionSecondFactor(_ account: Account, actor: Actor) async throws -> String {
        var account = account
        account.totpSecret = SecondFactor.newSecret()
        account.totpEnabledAt = env.clock.now()
        try await env.accounts.update(account)
        try await env.audit.record(
            actor, "account.totp_provisioned", objectType: "account", objectID: account.id,
            municipalityID: account.municipalityID)
        return SecondFactor.enrolmentURI(secret: account.totpSecret!, account: account.email)
    }

    // MARK: Password reset

    static let resetMailsPerHour = 3

    /// Always behaves the same, whether or not the address has an account. A few mails an hour per
    /// address at most, and each new link replaces the older ones (one live link per account).
    public func requestPasswordReset(email raw: String?) async throws {
        let email = try AccountRules.email(raw)
        guard let account = try await env.accounts.find(email: email),
            try await env.rateLimiter.take(
                "reset:account:\(account.id)", limit: Self.resetMailsPerHour, window: 3600, at: env.clock.now())
        else { return }
        let token = try await env.tokens.issue(
            accountID: account.id, purpose: .resetPassword, lifetime: 3600, at: env.clock.now(),
            replacing: true)
        let catalog = env.catalogs[account.language]
        try await env.mail.enqueue(
            to: account.email, subject: catalog.text("mail_reset_subject"),
            body: catalog.text(
                "mail_reset_body",
                [
                    "name": account.displayName,
                    "link": "\(env.settings.baseURL)/account/reset?token=\(token)",
                ]))
    }

    public func resetPassword(token: String?, password raw: String?) async throws {
        let password = try AccountRules.password(raw)
        guard let token, let id = try await env.tokens.redeem(token, purpose: .resetPassword, at: env.clock.now()),
            var account = try await env.accounts.find(id: id)
        else { throw AppError(.badRequest, code: "token_invalid") }
        account.passwordHash = hash(password)
        // The link proved the mailbox, so the address counts as confirmed too.
        account.emailConfirmedAt = account.emailConfirmedAt ?? env.clock.now()
        try await env.accounts.update(account)
        try await env.sessions.deleteAll(accountID: account.id)
    }

    // MARK: Profile

    /// A new name, language or time zone; a new name reaches what capabilities derive from it (the
    /// office's name search) at once.
    public func updateProfile(
        _ account: Account, displayName: String?, language: String?, timeZone: String?, capabilities: CapabilitySet
    ) async throws -> Account {
        var updated = account
        updated.displayName = try AccountRules.displayName(displayName)
        updated.language = try AccountRules.language(language)
        updated.timeZone = try AccountRules.timeZone(timeZone)
        try await env.accounts.update(updated)
        if updated.displayName != account.displayName {
            try await capabilities.renamed(updated, environment: env)
        }
        return updated
    }

    /// Everything the platform holds about the person, as one JSON-ready object.
    public func export(_ account: Account, capabilities: CapabilitySet) async throws -> [String: Any] {
        var data: [String: Any] = [
            "account": [
                "id": account.id, "email": account.email, "display_name": account.displayName,
                "language": account.language.rawValue, "time_zone": account.timeZone,
                "role": account.role?.rawValue as Any, "municipality_id": account.municipalityID as Any,
                "email_confirmed_at": account.emailConfirmedAt.map(Timestamp.text) as Any,
                "second_factor_enabled": account.hasSecondFactor, "created_at": Timestamp.text(account.createdAt),
            ] as [String: Any],
            "sessions": try await env.sessions.list(accountID: account.id).map {
                ["created_at": $0.createdAt, "kind": $0.kind, "client_address": $0.clientAddress]
            },
            "mails": try await env.mail.recent(recipient: account.email, limit: 1000).map {
                ["subject": $0.subject, "status": $0.status, "created_at": $0.createdAt]
            },
            "exported_at": Timestamp.text(env.clock.now()),
        ]
        for (key, value) in try await capabilities.personalData(of: account, environment: env) { data[key] = value }
        return data
    }

    /// Erases the person: capability data first, then mail and the account itself.
    /// Staff accounts are removed by an admin instead, so the audit trail keeps its actor.
    public func delete(_ account: Account, password: String?, capabilities: CapabilitySet) async throws {
        guard !account.isStaff else { throw AppError(.forbidden, code: "staff_cannot_self_delete") }
        guard Bcrypt.verify(password ?? "", hash: account.passwordHash) else {
            throw AppError.invalid("password", "password_wrong")
        }
        try await capabilities.erase(account, environment: env)
        try await env.mail.erase(recipient: account.email)
        try await env.accounts.delete(id: account.id)
    }

    public func hash(_ password: String) -> String {
        Bcrypt.hash(password, cost: env.settings.passwordCost)
    }
}
