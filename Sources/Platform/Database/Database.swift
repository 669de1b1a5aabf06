import Foundation
import Logging
import SQLKit
import Synchronization

/// The two SQL engines Zavičaj runs on. Queries are written once; the few places
/// where the engines differ (transaction start, row locking, triggers) ask this.
public enum Dialect: String, Sendable {
    case sqlite, postgres
}

/// The application's database: a SQLKit handle plus the dialect it speaks.
public struct Database: Sendable {
    public let sql: any SQLDatabase
    public let dialect: Dialect
    private let close: @Sendable () async throws -> Void
    /// SQLite only: one write transaction of this process at a time.
    private let gate: WriteGate?
    private let services = Services()

    /// SQLite only: the file beside the database that processes lock for work one of them does at a time.
    let lockPath: String?

    public init(
        sql: any SQLDatabase, dialect: Dialect, lockPath: String? = nil,
        close: @escaping @Sendable () async throws -> Void
    ) {
        self.sql = sql
        self.dialect = dialect
        self.close = close
        self.gate = dialect == .sqlite ? WriteGate() : nil
        self.lockPath = lockPath
    }

    /// Runs `work` while holding a lock that every process on this database respects (migrations,
    /// demo data): a PostgreSQL advisory lock held by one pooled connection, or on SQLite an
    /// exclusive `flock` on a file beside the database. A second process waits, then finds the work done.
    public func exclusively<T: Sendable>(_ name: String, _ work: @escaping @Sendable () async throws -> T) async throws
        -> T
    {
        switch dialect {
        case .postgres:
            let key = Int64(
                bitPattern: UInt64(
                    name.utf8.reduce(14_695_981_039_346_656_037) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }))
            return try await sql.withSession { session in
                try await session.raw("SELECT pg_advisory_lock(\(bind: key))").run()
                do {
                    let result = try await work()
                    try await session.raw("SELECT pg_advisory_unlock(\(bind: key))").run()
                    return result
                } catch {
                    try? await session.raw("SELECT pg_advisory_unlock(\(bind: key))").run()
                    throw error
                }
            }
        case .sqlite:
            let lock = try await FileLock.acquire(path: (lockPath ?? "zavicaj") + ".lock")
            defer { lock.release() }
            return try await work()
        }
    }

    public func shutdown() async throws { try await close() }

    /// One object per database and process, made on first use (a capability's write batcher).
    public func shared<T: Sendable>(_ key: String, _ make: () -> T) -> T {
        services.objects.withLock { objects in
            if let existing = objects[key] as? T { return existing }
            let made = make()
            objects[key] = made
            return made
        }
    }

    /// Runs `work` in one transaction on one connection. SQLite takes the write
    /// lock at once (BEGIN IMMEDIATE) so two writers never deadlock on upgrade.
    /// `foreignKeysDeferredToEnd`: SQLite's table-rebuild procedure (sqlite.org/lang_altertable.html,
    /// "making other kinds of table schema changes"): foreign keys off on this connection while the
    /// work runs, `foreign_key_check` before the commit, on again after. PostgreSQL needs none of it.
    public func transaction<T: Sendable>(
        foreignKeysDeferredToEnd: Bool = false,
        _ work: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        await gate?.enter()
        do {
            let result = try await run(
                foreignKeysDeferredToEnd && dialect == .sqlite ? Self.withForeignKeysChecked(work) : work,
                foreignKeysOff: foreignKeysDeferredToEnd && dialect == .sqlite)
            await gate?.leave()
            return result
        } catch {
            await gate?.leave()
            throw error
        }
    }

    private func run<T: Sendable>(
        _ work: @escaping @Sendable (any SQLDatabase) async throws -> T, foreignKeysOff: Bool = false
    ) async throws -> T {
        let begin = dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN"
        return try await sql.withSession { session in
            if foreignKeysOff { try await session.raw("PRAGMA foreign_keys = OFF").run() }
            try await session.raw(SQLQueryString(begin)).run()
            do {
                let result = try await work(session)
                try await session.raw("COMMIT").run()
                if foreignKeysOff { try await session.raw("PRAGMA foreign_keys = ON").run() }
                return result
            } catch {
                try? await session.raw("ROLLBACK").run()
                if foreignKeysOff { try? await session.raw("PRAGMA foreign_keys = ON").run() }
                throw error
            }
        }
    }

    /// Runs `work`, then refuses to go on if any row points at nothing.
    static func withForeignKeysChecked<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T)
        -> @Sendable (any SQLDatabase) async throws -> T
    {
        { db in
            let result = try await work(db)
            if let table = try await db.raw("PRAGMA foreign_key_check").value("table", as: String.self) {
                throw DatabaseError.foreignKeys(table)
            }
            return result
        }
    }

    /// SQLite: a shared lock every serving process holds on `FILE.serving`, so that `zavicaj restore`
    /// can tell that a server still runs on the file (it would go on writing to the old one).
    public func holdWhileServing() throws -> FileLock? {
        guard dialect == .sqlite, let lockPath else { return nil }
        return try FileLock.attempt(path: lockPath + ".serving", shared: true)
    }

    /// SQLite: copies what the write-ahead log holds into the database file, so that commits answering
    /// requests do not do it themselves, and makes the next writer start the log from its beginning
    /// (RESTART, sqlite.org/pragma.html#pragma_wal_checkpoint: it waits for the readers of older
    /// snapshots, a few milliseconds). A merely PASSIVE checkpoint under steady reads never got to
    /// restart the log: it grew past `wal_autocheckpoint` and then every third commit checkpointed
    /// again inside the request (`perf`: 9 % of a submission). Returns the log's pages and those copied.
    @discardableResult
    public func checkpoint() async throws -> (log: Int, copied: Int) {
        guard dialect == .sqlite else { return (0, 0) }
        let row = try await sql.raw("PRAGMA wal_checkpoint(RESTART)").first()
        return (
            try row?.decode(column: "log", as: Int.self) ?? 0,
            try row?.decode(column: "checkpointed", as: Int.self) ?? 0
        )
    }

    /// `FOR UPDATE SKIP LOCKED` where the engine has it; SQLite has one writer anyway.
    public var skipLocked: String { dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : "" }

    /// `FOR UPDATE` where the engine has it: a row read before a decision (a last seat) stays
    /// locked until the transaction ends. SQLite's write transactions run one at a time anyway.
    public var forUpdate: String { dialect == .postgres ? " FOR UPDATE" : "" }

    public func ping() async throws {
        _ = try await sql.raw("SELECT 1 AS one").first()
    }
}

/// Where the data lives, from `ZAVICAJ_DATABASE_URL`.
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    public static let defaultSQLite = DatabaseLocation.sqlite(path: "./zavicaj-data/zavicaj.sqlite")

    /// `sqlite:///abs/path.sqlite`, `sqlite://./rel.sqlite`, `sqlite:rel.sqlite`, or `postgres://…`.
    public static func parse(_ url: String?) throws -> DatabaseLocation {
        guard let url, !url.isEmpty else { return defaultSQLite }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") { return .postgres(url: url) }
        if url.hasPrefix("sqlite:") {
            var path = String(url.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw ConfigurationError("ZAVICAJ_DATABASE_URL names no SQLite file") }
            return .sqlite(path: path)
        }
        throw ConfigurationError("ZAVICAJ_DATABASE_URL must start with sqlite: or postgres://")
    }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The per-database objects of `Database.shared`.
final class Services: Sendable {
    let objects = Mutex<[String: any Sendable]>([:])
}

/// A schema step that would leave the database inconsistent.
public enum DatabaseError: Error, CustomStringConvertible {
    case foreignKeys(String)
    public var description: String {
        switch self {
        case .foreignKeys(let table): "a row of \(table) points at nothing"
        }
    }
}
