import Foundation
import Logging
import SQLKit

/// Copies of a SQLite database: made while it is in use, checked, and put back in place.
/// (PostgreSQL has its own tools, `pg_dump` and `pg_restore`; see the README.)
public enum Backup {
    public struct Refused: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// A consistent copy of a live database (`VACUUM INTO`: one read transaction, so writers go on
    /// and the copy holds every commit before it and none after), checked before it is reported.
    public static func copy(_ database: Database, to file: String, logger: Logger) async throws -> [String] {
        guard database.dialect == .sqlite else {
            throw Refused("zavicaj backup copies SQLite; on PostgreSQL use pg_dump -Fc (see the README)")
        }
        guard !FileManager.default.fileExists(atPath: file) else {
            throw Refused("\(file) exists already; name a new file")
        }
        try await database.sql.raw("VACUUM INTO \(bind: file)").run()
        return try await check(file, logger: logger)
    }

    /// Opens a copy and checks it: SQLite's own integrity check, and a schema this build knows
    /// (its migrations, none newer). Returns the migrations it holds.
    public static func check(_ file: String, logger: Logger, known: Set<String>? = nil) async throws -> [String] {
        guard FileManager.default.fileExists(atPath: file) else { throw Refused("\(file) does not exist") }
        let copy = try await DatabaseConnector.open(.sqlite(path: file), logger: logger)
        do {
            let integrity = try await copy.sql.raw("PRAGMA integrity_check").values("integrity_check", as: String.self)
            guard integrity == ["ok"] else {
                throw Refused("\(file) is damaged: \(integrity.prefix(3).joined(separator: "; "))")
            }
            let applied = try await copy.sql.raw("SELECT id FROM schema_migrations ORDER BY id").values(
                "id", as: String.self)
            if let known, let unknown = applied.first(where: { !known.contains($0) }) {
                throw Refused(
                    "\(file) was written by a newer Zavičaj (migration \(unknown)); restore it with that version")
            }
            try await copy.shutdown()
            return applied
        } catch let refused as Refused {
            try? await copy.shutdown()
            throw refused
        } catch {
            try? await copy.shutdown()
            throw Refused("\(file) is not a Zavičaj database: \(error)")
        }
    }

    /// Puts a checked copy in place of the database at `path`; the database it replaces is kept beside
    /// it as `PATH.before-restore-TIME`. Refused while a server still runs on `path`.
    public static func restore(_ file: String, over path: String, known: Set<String>, logger: Logger, at now: Date)
        async throws -> String
    {
        _ = try await check(file, logger: logger, known: known)
        guard let serving = try FileLock.attempt(path: path + ".serving", shared: false) else {
            throw Refused("a Zavičaj server is running on \(path); stop it first")
        }
        defer { serving.release() }
        let manager = FileManager.default
        var kept = ""
        if manager.fileExists(atPath: path) {
            kept = path + ".before-restore-" + Timestamp.text(now).replacingOccurrences(of: ":", with: "")
            try manager.moveItem(atPath: path, toPath: kept)
            for suffix in ["-wal", "-shm"] where manager.fileExists(atPath: path + suffix) {
                try manager.moveItem(atPath: path + suffix, toPath: kept + suffix)
            }
        }
        let incoming = path + ".restoring"
        try? manager.removeItem(atPath: incoming)
        try manager.copyItem(atPath: file, toPath: incoming)
        guard rename(incoming, path) == 0 else { throw Refused("cannot move \(incoming) into place: errno \(errno)") }
        return kept
    }
}
