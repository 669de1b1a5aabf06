import Foundation
import Logging

/// Settings read once at start (environment variables, then command-line flags).
public struct Settings: Sendable {
    /// The address people reach the platform at; links in mail start with it.
    public var baseURL: String
    /// Bcrypt cost; never below 12 when serving, lower only in tests.
    public var passwordCost: UInt8
    /// Trust `X-Forwarded-For` / `X-Forwarded-Proto` from a reverse proxy.
    public var trustProxy: Bool
    /// How many trusted proxies stand in front (`ZAVICAJ_TRUST_PROXY=N`): the client is the address
    /// the N-th proxy from us appended, never one the client wrote itself.
    public var proxyHops = 1
    public var mailSender: String
    /// Demo mode prints mail to the log.
    public var demo: Bool
    /// Domain whose `reply+TOKEN@…` addresses route replies back into the platform (inbound mail configured).
    public var inboundDomain: String?
    /// Shared secret a mail gateway sends to the inbound webhook.
    public var inboundSecret: String?
    /// Days delivered (and failed) mail stays in the outbox before the retention job removes it.
    public var mailRetentionDays = 90
    /// How long a registrar waits for a peer deployment before being told it does not answer
    /// (`ZAVICAJ_PEER_TIMEOUT`, seconds).
    public var peerTimeout: Duration = .seconds(3)

    public init(
        baseURL: String = "http://127.0.0.1:8080", passwordCost: UInt8 = 12, trustProxy: Bool = false,
        mailSender: String = "Zavičaj <no-reply@zavicaj.localhost>", demo: Bool = false
    ) {
        self.baseURL = baseURL; self.passwordCost = passwordCost; self.trustProxy = trustProxy
        self.mailSender = mailSender; self.demo = demo
    }

    /// The address replies to a notification go to, when inbound mail is configured.
    public func replyAddress(token: String) -> String? {
        inboundDomain.map { "reply+\(token)@\($0)" }
    }
}

/// Everything a capability reaches the outside world through; tests build their own.
public struct AppEnvironment: Sendable {
    public let database: Database
    public let clock: AppClock
    public let catalogs: Catalogs
    public let pages: PageRenderer
    public let settings: Settings
    public let logger: Logger

    public init(
        database: Database, clock: AppClock, catalogs: Catalogs, pages: PageRenderer, settings: Settings, logger: Logger
    ) {
        self.database = database; self.clock = clock; self.catalogs = catalogs; self.pages = pages
        self.settings = settings; self.logger = logger
    }

    public var accounts: AccountStore { AccountStore(database.sql) }
    public var sessions: SessionStore { SessionStore(database.sql) }
    public var tokens: TokenStore { TokenStore(database.sql) }
    public var municipalities: MunicipalityStore { MunicipalityStore(database.sql) }
    public var audit: AuditLog { AuditLog(database, clock: clock) }
    public var mail: MailQueue { MailQueue(database.sql, clock: clock) }
    public var ledger: Ledger { Ledger(database.sql) }
    public var rateLimiter: RateLimiter { RateLimiter(database.sql) }
}
