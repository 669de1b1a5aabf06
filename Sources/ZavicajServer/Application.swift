import Foundation
import Hummingbird
import Logging
import NIOCore
import Platform
import ServiceLifecycle

/// A built instance: the environment every capability shares, and the router.
public struct Zavicaj {
    public let environment: AppEnvironment
    public let router: Router<AppRequestContext>
    public let configuration: ServerConfiguration
    let mailTransport: any MailTransport

    /// Opens the database, migrates it, loads demo data when asked and it is empty,
    /// and builds the router from every capability.
    public static func build(_ configuration: ServerConfiguration, clock: AppClock = .system, logger: Logger? = nil) async throws -> Zavicaj {
        let logger = logger ?? Logger(label: "zavicaj")
        let database = try await DatabaseConnector.open(configuration.database, logger: logger)
        do {
            let environment = try makeEnvironment(database: database, configuration: configuration, clock: clock, logger: logger)
            try await Migrator(database: database).migrate(Capabilities.all.migrations, at: clock.now())
            if configuration.loadDemoData { try await DemoData(environment: environment, history: configuration.loadDemoHistory).loadIfEmpty() }
            let transport: any MailTransport = configuration.smtp.map { SMTPTransport($0) }
                ?? OutboxTransport(logger: configuration.settings.demo ? logger : nil)
            return Zavicaj(environment: environment, router: makeRouter(environment), configuration: configuration, mailTransport: transport)
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    static func makeEnvironment(database: Database, configuration: ServerConfiguration, clock: AppClock, logger: Logger) throws -> AppEnvironment {
        let catalogs = try Catalogs.load(folders: Capabilities.all.localizationFolders)
        let views = try Views.load(directories: Capabilities.all.templateFolders)
        return AppEnvironment(database: database, clock: clock, catalogs: catalogs,
                              pages: PageRenderer(views: views, catalogs: catalogs), settings: configuration.settings, logger: logger)
    }

    static func makeRouter(_ environment: AppEnvironment) -> Router<AppRequestContext> {
        _ = Observability.registry  // metrics must be bootstrapped before the middleware makes its counters
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: PlatformMiddleware(environment: environment))
        for capability in Capabilities.all.all { capability.addRoutes(to: router, environment: environment) }
        return router
    }

    public var mailDispatcher: MailDispatcher {
        MailDispatcher(database: environment.database, transport: mailTransport, sender: configuration.settings.mailSender,
                       clock: environment.clock, logger: environment.logger)
    }

    /// The HTTP application, with the mail dispatcher running beside it when configured.
    public func application(onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) -> some ApplicationProtocol {
        var app = Application(router: router,
                              configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "zavicaj"),
                              onServerRunning: onServerRunning, logger: environment.logger)
        if configuration.runBackgroundWork {
            let dispatcher = mailDispatcher, environment = environment
            app.addServices(PeriodicService(name: "mail", interval: .seconds(5), logger: environment.logger) {
                try await dispatcher.deliverDue() == 20
            })
            for job in Capabilities.all.jobs {
                app.addServices(PeriodicService(name: job.name, interval: job.interval, logger: environment.logger) {
                    try await job.run(environment) >= Job.batch
                })
            }
        }
        app.addServices(DatabaseService(database: environment.database))
        return app
    }
}

/// Runs one piece of background work every `interval` until shutdown; a run that did a
/// full batch (`busy`) goes again at once. Failures are logged and retried next round.
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
            try? await Task.sleep(for: interval)
        }
    }
}

/// Closes the database pool after the server has stopped.
struct DatabaseService: Service {
    let database: Database
    func run() async throws {
        try? await gracefulShutdown()
        try await database.shutdown()
    }
}

// The router is filled in while building and only read afterwards.
extension Zavicaj: @unchecked Sendable {}
