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
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "zavicaj-test-\(UUID().uuidString).sqlite"
            ).path
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

    public static let start = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18

    public static func make(
        _ backend: Backend, database: DatabaseLocation? = nil, clock: ManualClock = ManualClock(start),
        demo: Bool = true, configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> TestApp {
        let location: DatabaseLocation
        if let database { location = database } else { location = try await backend.location() }
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, database: location)
        configuration.loadDemoData = demo
        // The 2018–2019 history takes seconds to play; the indicator test loads it on its own.
        configuration.loadDemoHistory = false
        configuration.runBackgroundWork = false
        configuration.settings = Settings(
            baseURL: "http://zavicaj.test", passwordCost: 4, trustProxy: true, demo: false)
        configure(&configuration)
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let zavicaj = try await Zavicaj.build(configuration, clock: clock.clock, logger: logger)
        return TestApp(zavicaj: zavicaj, clock: clock)
    }

    /// The usual test: a fresh app on `backend` and one person's browser on its router.
    public static func browse(
        _ backend: Backend, configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (TestApp, Browser) async throws -> Void
    ) async throws {
        let app = try await make(backend, configure: configure)
        try await app.withClient { client in try await body(app, Browser(client)) }
    }

    /// Runs `body` against the router (no sockets), then closes the database.
    public func withClient<T>(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> T) async throws -> T
    {
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
    /// Rows of `table` (matching `condition`, SQL written by the test itself).
    public func count(_ table: String, _ condition: String = "1 = 1") async throws -> Int {
        try await environment.database.sql.raw(
            "SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(unsafeRaw: condition)"
        ).first()!
        .decode(column: "n", as: Int.self)
    }

    /// The account's current TOTP code (enrolling it first if needed); a code is good once, so when this step's was
    /// used the clock
    /// moves on to the next step (30 s), as a person would wait for the next code.
    public func unusedCode(email: String) async throws -> String {
        guard var account = try await environment.accounts.find(email: email) else { throw AppError.notFound }
        if !account.hasSecondFactor {
            // Enrolled as the command line does it: the secret in force at once.
            account.totpSecret = account.totpSecret ?? SecondFactor.newSecret()
            account.totpEnabledAt = clock.clock.now()
            try await environment.accounts.update(account)
        }
        guard let secret = account.totpSecret else { throw AppError.notFound }
        let used = try await environment.database.sql.raw(
            "SELECT totp_last_step FROM accounts WHERE id = \(bind: account.id)"
        ).first()?
        .decode(column: "totp_last_step", as: Int64?.self)
        if let used, Int64((clock.clock.now().timeIntervalSince1970 / 30).rounded(.down)) <= used {
            clock.advance(by: Double(used + 1) * 30 - clock.clock.now().timeIntervalSince1970)
        }
        return SecondFactor.code(secret: secret, at: clock.clock.now())
    }

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

/// The platform listening on a real port, for outside clients (a browser, a Python library).
public enum LiveServer {
    /// Starts the server on `backend`, runs `work` (blocking: it may wait on a child process)
    /// off the cooperative pool so the server keeps its threads, then stops the server.
    public static func run<T: Sendable>(_ backend: Backend, _ work: @escaping @Sendable (_ baseURL: String) -> T)
        async throws -> T
    {
        try await run(backend, prepare: { _ in }) { base, _ in work(base) }
    }

    /// As `run`, with `prepare` filling the database first and handing its result to `work`.
    public static func run<T: Sendable, P: Sendable>(
        _ backend: Backend, prepare: @Sendable (AppEnvironment) async throws -> P,
        _ work: @escaping @Sendable (_ baseURL: String, P) -> T
    ) async throws -> T {
        let port = Tools.freePort()
        var configuration = ServerConfiguration(host: "127.0.0.1", port: port, database: try await backend.location())
        configuration.loadDemoHistory = false
        configuration.runBackgroundWork = false
        configuration.settings = Settings(baseURL: "http://127.0.0.1:\(port)", passwordCost: 4)
        var logger = Logger(label: "live-test")
        logger.logLevel = .critical
        let zavicaj = try await Zavicaj.build(configuration, logger: logger)
        let prepared = try await prepare(zavicaj.environment)
        let server = try await Tools.serve { ready in
            try await zavicaj.application(onServerRunning: { _ in ready() }).runService(gracefulShutdownSignals: [])
        }
        let outcome = await Tools.offThread { work("http://127.0.0.1:\(port)", prepared) }
        server.cancel()
        _ = await server.result
        return outcome
    }
}
