// swift-format-ignore-file: OrderedImports
// Glibc first and @preconcurrency, before Foundation imports it plainly: `stdout` is a C global.
@preconcurrency import Glibc
import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Platform
import ZavicajServer

@main
struct ZavicajCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zavicaj",
        abstract: "Zavičaj — the platform a municipality runs for its diaspora.",
        subcommands: [
            Serve.self, Migrate.self, Demo.self, Staff.self, Open311.self, Import.self, Report.self, Verify.self,
            BackupCommand.self, RestoreCommand.self, KeysCommand.self, Bench.self, FederationCommand.self,
        ],
        defaultSubcommand: Serve.self)
}

struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080

    func configuration(demo: Bool) throws -> ServerConfiguration {
        var configuration = try ServerConfiguration.fromEnvironment(host: host, port: port)
        configuration.loadDemoData = demo
        return configuration
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the server (SQLite under ./zavicaj-data by default).")
    @OptionGroup var options: ServerOptions
    @Flag(help: "Do not load the demo municipalities into an empty database.") var noDemo = false
    @Flag(help: "Load the demo municipalities without playing the 2018–2019 history (a quicker first start).")
    var noHistory = false

    func run() async throws {
        // Lines reach a log file as they are written, not when a block buffer fills.
        lineBufferedOutput()
        var wanted = try options.configuration(demo: !noDemo)
        wanted.loadDemoHistory = !noHistory
        let zavicaj = try await Zavicaj.build(wanted)
        let configuration = zavicaj.configuration
        let dialect = zavicaj.environment.database.dialect.rawValue
        print("Zavičaj on \(configuration.settings.baseURL)/ — database: \(dialect)")
        if !noDemo { printDemoLogins() }
        if configuration.smtp == nil {
            print("No ZAVICAJ_SMTP_URL: mail is kept in the outbox (/platform/outbox) and printed here.")
        }
        try await zavicaj.run()
    }
}

func printDemoLogins() {
    print("Demo logins (password \(DemoData.password)); registrar and admin roles enrol TOTP on first login:")
    for login in DemoData.logins { print("  \(login.municipality)\t\(login.role.rawValue)\t\(login.email)") }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the schema, then exit.")
    func run() async throws {
        var configuration = try ServerConfiguration.fromEnvironment(host: "127.0.0.1", port: 8080)
        configuration.loadDemoData = false
        let zavicaj = try await Zavicaj.build(configuration)
        print("Schema is current on \(zavicaj.environment.database.dialect.rawValue).")
        try await zavicaj.environment.database.shutdown()
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load the demo municipalities into an empty database.")
    func run() async throws {
        var configuration = try ServerConfiguration.fromEnvironment(host: "127.0.0.1", port: 8080)
        configuration.loadDemoData = false
        let zavicaj = try await Zavicaj.build(configuration)
        let loaded = try await DemoData(environment: zavicaj.environment).loadIfEmpty()
        try await zavicaj.environment.database.shutdown()
        guard loaded else {
            throw ValidationError("The database already holds municipalities; demo data loads only into an empty one.")
        }
        printDemoLogins()
    }
}

struct Staff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage staff accounts.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a staff account; the password is read from standard input.")
        @Option(help: "Municipality slug, e.g. jajce.") var municipality: String
        @Option(help: "officer, registrar, department_staff, municipal_admin, platform_admin or observer.") var role:
            String
        @Option(help: "E-mail address, the login.") var email: String
        @Option(help: "Name shown to colleagues.") var name: String?
        @Option(help: "Department id (required for department_staff).") var department: String?
        @Flag(help: "Read the password from standard input.") var passwordStdin = false

        func run() async throws {
            guard passwordStdin else {
                throw ValidationError("Pass --password-stdin and give the password on standard input.")
            }
            let password = (readLine(strippingNewline: true) ?? "")
            try await withEnvironment { env in try await add(password: password, env) }
        }

        func add(password: String, _ env: AppEnvironment) async throws {
            let place = try await zavicaj.municipality(slug: municipality, env)
            // The command line acts with platform rights, and says so in the audit log.
            let cli = Account(
                id: "cli", email: "cli", passwordHash: "", displayName: "cli", language: .bs, timeZone: "UTC",
                role: .platformAdmin, createdAt: env.clock.now())
            do {
                let account = try await StaffService(env).add(
                    .init(
                        email: email, displayName: name ?? email, role: role, departmentID: department,
                        password: password),
                    to: place, by: cli, actor: .system("cli"))
                print("Added \(account.email) as \(account.role!.rawValue) in \(place.slug).")
                if account.role!.requiresSecondFactor {
                    let uri = try await AccountService(env).provisionSecondFactor(account, actor: .system("cli"))
                    print(
                        """
                        This role signs in with a one-time code. Scan this in an authenticator app (it is shown only \
                        now):
                        """
                    )
                    print(uri)
                }
            } catch let error as AppError {
                throw explained(error, env)
            }
        }
    }
}

/// Opens the configured database (no demo data), runs `work`, and always closes it.
func withEnvironment(_ work: (AppEnvironment) async throws -> Void) async throws {
    var configuration = try ServerConfiguration.fromEnvironment(host: "127.0.0.1", port: 8080)
    configuration.loadDemoData = false
    let env = try await Zavicaj.build(configuration).environment
    do {
        try await work(env)
        try await env.database.shutdown()
    } catch {
        try? await env.database.shutdown()
        throw error
    }
}

/// The municipality a command names, or a clear error.
func municipality(slug: String, _ env: AppEnvironment) async throws -> Municipality {
    guard let place = try await env.municipalities.find(slug: slug) else {
        throw ValidationError("No municipality with slug \(slug).")
    }
    return place
}

/// A field error as the command line says it, in English.
func explained(_ error: AppError, _ env: AppEnvironment) -> ValidationError {
    let message = env.catalogs[.en].text(error.messageKey, error.arguments)
    return ValidationError("\(error.field.map { "\($0): " } ?? "")\(message)")
}

/// Standard output flushed at every line, so the start-up lines reach a log file when it is not a terminal.
func lineBufferedOutput() {
    nonisolated(unsafe) let stream = stdout
    setvbuf(stream, nil, _IOLBF, 0)
}
