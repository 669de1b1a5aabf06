import Foundation
import Hummingbird
import Logging
import NIOCore
import Platform
import ServiceLifecycle
import UnixSignals

/// A built instance: the environment every capability shares, and the router.
public struct Zavicaj {
    public let environment: AppEnvironment
    public let router: Router<AppRequestContext>
    public let configuration: ServerConfiguration
    let mailTransport: any MailTransport

    /// Opens the database, migrates it, loads demo data when asked and it is empty,
    /// and builds the router from every capability.
    public static func build(_ configuration: ServerConfiguration, clock: AppClock = .system, logger: Logger? = nil)
        async throws -> Zavicaj
    {
        let logger = logger ?? Logger(label: "zavicaj")
        let database = try await DatabaseConnector.open(
            configuration.database, logger: logger, poolSize: configuration.databasePool)
        do {
            let environment = try makeEnvironment(
                database: database, configuration: configuration, clock: clock, logger: logger)
            // Several processes may start at once on one database: one migrates and loads the demo, the others wait.
            try await database.exclusively("zavicaj.startup") {
                try await Migrator(database: database).migrate(Capabilities.all.migrations, at: clock.now())
                if configuration.loadDemoData {
                    try await DemoData(environment: environment, history: configuration.loadDemoHistory).loadIfEmpty()
                }
            }
            let transport: any MailTransport =
                configuration.smtp.map { SMTPTransport($0) }
                ?? OutboxTransport(logger: configuration.settings.demo ? logger : nil)
            return Zavicaj(
                environment: environment, router: makeRouter(environment), configuration: configuration,
                mailTransport: transport)
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    static func makeEnvironment(database: Database, configuration: ServerConfiguration, clock: AppClock, logger: Logger)
        throws -> AppEnvironment
    {
        let catalogs = try Catalogs.load(folders: Capabilities.all.localizationFolders)
        let views = try Views.load(directories: Capabilities.all.templateFolders)
        return AppEnvironment(
            database: database, clock: clock, catalogs: catalogs,
            pages: PageRenderer(views: views, catalogs: catalogs), settings: configuration.settings, logger: logger)
    }

    static func makeRouter(_ environment: AppEnvironment) -> Router<AppRequestContext> {
        _ = Observability.registry  // metrics must be bootstrapped before the middleware makes its counters
        let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: MetricsMiddleware())
        let methods = RouteMethods()
        router.add(middleware: PlatformMiddleware(environment: environment, routes: methods))
        for capability in Capabilities.all.all { capability.addRoutes(to: router, environment: environment) }
        methods.load(router.routes.map { ($0.method, $0.path.description) })
        return router
    }

    public var mailDispatcher: MailDispatcher {
        MailDispatcher(
            database: environment.database, transport: mailTransport, sender: configuration.settings.mailSender,
            clock: environment.clock, logger: environment.logger)
    }

    /// The HTTP application, with the mail dispatcher running beside it when configured.
    /// On graceful shutdown the service group stops services in reverse order, one after the
    /// other: the HTTP server drains first, then the background loops (woken from their sleep),
    /// and the database pool, added first (or closed by `run` after all), closes last.
    /// With `closingDatabase`, a last service closes the pool (for callers that only cancel the app).
    public func application(
        closingDatabase: Bool = true,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var server = ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: "zavicaj")
        server.backlog = 256
        var app = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: TimeAmount(configuration.idleTimeout))),
            configuration: server,
            onServerRunning: onServerRunning, logger: environment.logger)
        if closingDatabase { app.addServices(DatabaseService(database: environment.database)) }
        if configuration.runBackgroundWork {
            let dispatcher = mailDispatcher, environment = environment
            if environment.database.dialect == .sqlite {
                app.addServices(
                    PeriodicService(name: "checkpoint", interval: .milliseconds(200), logger: environment.logger) {
                        try await environment.database.checkpoint()
                        return false
                    })
            }
            app.addServices(
                PeriodicService(name: "mail", interval: .seconds(5), logger: environment.logger) {
                    try await dispatcher.deliverDue() == MailDispatcher.batch
                })
            for job in Capabilities.all.jobs {
                app.addServices(
                    PeriodicService(name: job.name, interval: job.interval, logger: environment.logger) {
                        try await job.run(environment) >= Job.batch
                    })
            }
        }
        return app
    }

    /// Runs until SIGTERM or SIGINT, then shuts down gracefully within a few seconds: what is
    /// still running after `shutdownGrace` is cancelled. Work that was acknowledged is already
    /// committed; mail claimed but not sent stays queued and its lease runs out.
    /// Past `cancellationGrace` as well the service group gives up with a crash: the last resort that
    /// keeps a wedged process from outliving its SIGTERM (nil: wait for cancellation however long).
    public func run(
        signals: [UnixSignal] = [.sigterm, .sigint], shutdownGrace: Duration = .seconds(3),
        cancellationGrace: Duration? = .milliseconds(1500),
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) async throws {
        var group = ServiceGroupConfiguration(
            services: [.init(service: application(closingDatabase: false, onServerRunning: onServerRunning))],
            gracefulShutdownSignals: signals, logger: environment.logger)
        group.maximumGracefulShutdownDuration = shutdownGrace
        group.maximumCancellationDuration = cancellationGrace
        let serving = try environment.database.holdWhileServing()
        defer { serving?.release() }
        // The pool closes only when every service has ended, also after a cancellation (which ends them all at once).
        do {
            try await ServiceGroup(configuration: group).run()
        } catch {
            try? await environment.database.shutdown()
            throw error
        }
        try await environment.database.shutdown()
    }
}

/// Runs one piece of background work every `interval` until shutdown; a run that did a
/// full batch (`busy`) goes again at once. Failures are logged and retried next round.
/// Graceful shutdown wakes the sleep at once; a run under way finishes first.
struct PeriodicService: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    let work: @Sendable () async throws -> Bool

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                if try await work() { continue }
            } catch {
                logger.error("\(name): \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}

/// Closes the database pool once everything added after it has stopped.
struct DatabaseService: Service {
    let database: Database
    func run() async throws {
        try? await gracefulShutdown()
        try await database.shutdown()
    }
}

// The router is filled in while building and only read afterwards.
extension Zavicaj: @unchecked Sendable {}
