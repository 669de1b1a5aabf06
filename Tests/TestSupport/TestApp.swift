import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Platform
import ZavicajServer

/// Which database a test runs on; every backend test runs on both.
public enum Backend: String, CaseIterable, Sendable {
    case sqlite, postgres
    public var testDescription: String { rawValue }

    /// SQLite always; PostgreSQL when a server can be started (loudly skipped otherwise, fatal in CI).
    public static let all: [Backend] = {
        // ZAVICAJ_TEST_BACKENDS=sqlite narrows a local run; CI always runs both.
        if !Tools.inCI, let only = ProcessInfo.processInfo.environment["ZAVICAJ_TEST_BACKENDS"] {
            return only.split(separator: ",").compactMap { Backend(rawValue: String($0)) }
        }
        if Tools.which("initdb", extra: PostgresServer.binDirectories) == nil {
            Tools.missing("PostgreSQL", "initdb not found; backend tests run on SQLite only")
            return [.sqlite]
        }
        return [.sqlite, .postgres]
    }()

    public func location() async throws -> DatabaseLocation {
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("zavicaj-test-\(UUID().uuidString).sqlite").path
            return .sqlite(path: path)
        case .postgres:
            return .postgres(url: try await PostgresServer.shared.newDatabaseURL())
        }
    }
}


/// The platform built for one test: its own database, a clock the test moves,
/// the demo municipalities loaded, cheap bcrypt.
public struct TestApp: Sendable {
    public let zavicaj: Zavicaj
    public let clock: ManualClock
    public var environment: AppEnvironment { zavicaj.environment }

    public static let start = Date(timeIntervalSince1970: 1_795_000_000) // 2026-11-18

    public static func make(_ backend: Backend, database: DatabaseLocation? = nil, clock: ManualClock = ManualClock(start),
                            demo: Bool = true) async throws -> TestApp {
        let location: DatabaseLocation
        if let database { location = database } else { location = try await backend.location() }
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, database: location)
        configuration.loadDemoData = demo
        configuration.runMailDispatcher = false
        configuration.settings = Settings(baseURL: "http://zavicaj.test", passwordCost: 4, trustProxy: true, demo: false)
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let zavicaj = try await Zavicaj.build(configuration, clock: clock.clock, logger: logger)
        return TestApp(zavicaj: zavicaj, clock: clock)
    }

    /// The usual test: a fresh app on `backend` and one person's browser on its router.
    public static func browse(_ backend: Backend, _ body: @escaping @Sendable (TestApp, Browser) async throws -> Void) async throws {
        let app = try await make(backend)
        try await app.withClient { client in try await body(app, Browser(client)) }
    }

    /// Runs `body` against the router (no sockets), then closes the database.
    public func withClient<T>(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let app = Application(router: zavicaj.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        do {
            let value = try await app.test(.router, body)
            try await shutdown()
            return value
        } catch {
            try? await shutdown()
            throw error
        }
    }

    public func shutdown() async throws { try await environment.database.shutdown() }

    /// Mail queued to `address`, newest first.
    public func mails(to address: String) async throws -> [QueuedMail] {
        try await environment.mail.recent(recipient: address)
    }

    /// A link starting with `prefix` in the mail to `address` (the newest that has one).
    public func link(in address: String, prefix: String) async throws -> String? {
        try await mails(to: address).lazy.compactMap { mail in
            mail.body.split(whereSeparator: \.isWhitespace).map(String.init).first { $0.hasPrefix(prefix) }
        }.first
    }
}
