import Foundation
import Platform
import SMTP

/// How this instance runs: where it listens, what it stores in, where mail goes.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var database: DatabaseLocation
    public var smtp: SMTPConfiguration?
    public var settings: Settings
    /// Load the four reference municipalities into an empty database.
    public var loadDemoData: Bool
    /// With the demo: the 2018–2019 history whose indicators reproduce the seed articles' figures.
    public var loadDemoHistory = true
    /// Deliver queued mail and run capability jobs in the background (tests run them by hand).
    public var runBackgroundWork: Bool
    /// A connection that sends nothing for this long is closed (a slow or stalled client).
    public var idleTimeout: Duration = .seconds(15)
    /// PostgreSQL connections per event loop (`ZAVICAJ_DATABASE_POOL`); a request waits at most
    /// 30 s for one, so a burst of writes that queue on one lock wants a larger pool.
    public var databasePool = 4

    public init(
        host: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation = .defaultSQLite,
        smtp: SMTPConfiguration? = nil, settings: Settings = Settings(), loadDemoData: Bool = true,
        runBackgroundWork: Bool = true
    ) {
        self.host = host; self.port = port; self.database = database; self.smtp = smtp
        self.settings = settings; self.loadDemoData = loadDemoData; self.runBackgroundWork = runBackgroundWork
    }

    /// Reads `ZAVICAJ_DATABASE_URL`, `ZAVICAJ_SMTP_URL`, `ZAVICAJ_BASE_URL`, `ZAVICAJ_MAIL_FROM`,
    /// `ZAVICAJ_PEER_TIMEOUT`, `ZAVICAJ_TRUST_PROXY`, and for replies by mail `ZAVICAJ_INBOUND_DOMAIN` and
    /// `ZAVICAJ_INBOUND_SECRET`.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        host: String, port: Int
    ) throws -> ServerConfiguration {
        var configuration = ServerConfiguration(host: host, port: port)
        configuration.database = try DatabaseLocation.parse(environment["ZAVICAJ_DATABASE_URL"])
        if let smtp = environment["ZAVICAJ_SMTP_URL"], !smtp.isEmpty {
            configuration.smtp = try SMTPConfiguration(url: smtp)
        }
        configuration.settings.baseURL =
            environment["ZAVICAJ_BASE_URL"] ?? "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)"
        if let sender = environment["ZAVICAJ_MAIL_FROM"], !sender.isEmpty { configuration.settings.mailSender = sender }
        if let wait = environment["ZAVICAJ_PEER_TIMEOUT"], !wait.isEmpty {
            guard let seconds = Int(wait), (1...60).contains(seconds) else {
                throw ConfigurationError("ZAVICAJ_PEER_TIMEOUT must be 1 to 60 seconds")
            }
            configuration.settings.peerTimeout = .seconds(seconds)
        }
        // `1` (or any count of proxies in front): the forwarded headers are trusted.
        if let hops = environment["ZAVICAJ_TRUST_PROXY"].flatMap(Int.init), hops > 0 {
            configuration.settings.trustProxy = true
            configuration.settings.proxyHops = hops
        }
        configuration.settings.demo = configuration.smtp == nil
        if let pool = environment["ZAVICAJ_DATABASE_POOL"], !pool.isEmpty {
            guard let value = Int(pool), (1...100).contains(value) else {
                throw ConfigurationError("ZAVICAJ_DATABASE_POOL must be 1 to 100 connections")
            }
            configuration.databasePool = value
        }
        if let days = environment["ZAVICAJ_MAIL_RETENTION_DAYS"], !days.isEmpty {
            guard let value = Int(days), value > 0 else {
                throw ConfigurationError("ZAVICAJ_MAIL_RETENTION_DAYS must be a whole number of days")
            }
            configuration.settings.mailRetentionDays = value
        }
        configuration.settings.inboundDomain = environment["ZAVICAJ_INBOUND_DOMAIN"].flatMap { $0.isEmpty ? nil : $0 }
        configuration.settings.inboundSecret = environment["ZAVICAJ_INBOUND_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        return configuration
    }
}
