import ArgumentParser
import Foundation
import Logging
import Platform
import ZavicajServer

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the live SQLite database to FILE, consistently, while the server runs (PostgreSQL: pg_dump).")
    @Argument(help: "The new file to write.") var file: String

    func run() async throws {
        let location = try DatabaseLocation.parse(ProcessInfo.processInfo.environment["ZAVICAJ_DATABASE_URL"])
        let logger = Logger(label: "backup")
        let database = try await DatabaseConnector.open(location, logger: logger)
        do {
            let migrations = try await Backup.copy(database, to: file, logger: logger)
            try await database.shutdown()
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            print("Wrote \(file): \(size / 1024) KiB, checked, schema of \(migrations.count) migrations.")
            if KeyRing.configuredFile != nil {
                print("The signing keys are in \(KeyRing.configuredFile!), not in this copy: back that file up too.")
            }
        } catch {
            try? await database.shutdown()
            throw ValidationError("\(error)")
        }
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Check a copy made by `zavicaj backup` and put it in place of the SQLite database (server stopped).")
    @Argument(help: "The copy to restore.") var file: String

    func run() async throws {
        guard
            case .sqlite(let path) = try DatabaseLocation.parse(
                ProcessInfo.processInfo.environment["ZAVICAJ_DATABASE_URL"])
        else {
            throw ValidationError(
                "zavicaj restore installs SQLite copies; on PostgreSQL use pg_restore (see the README)")
        }
        do {
            let kept = try await Backup.restore(
                file, over: path, known: Set(Capabilities.all.migrations.map(\.id)),
                logger: Logger(label: "restore"), at: Date())
            print("Restored \(file) to \(path).\(kept.isEmpty ? "" : " The database it replaced is kept as \(kept).")")
        } catch {
            throw ValidationError("\(error)")
        }
    }
}

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "The document signing keys.", subcommands: [Rotate.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                """
                Start a new signing key; documents signed with older keys keep verifying. Writes \
                ZAVICAJ_SIGNING_KEY_FILE when set.
                """
        )
        func run() async throws {
            try await withEnvironment { env in
                let key = try await KeyRing(env.database.sql, clock: env.clock).rotate()
                try await env.audit.record(
                    .system("cli"), "signing_key.rotate", objectType: "signing_key", objectID: key.id,
                    municipalityID: nil)
                let kept = KeyRing.configuredFile.map { "private part in \($0)" } ?? "in the database"
                print("New signing key \(key.id) (\(kept)).")
            }
        }
    }
}
