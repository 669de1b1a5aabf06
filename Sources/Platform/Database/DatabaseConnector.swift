@preconcurrency import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import SQLiteNIO

/// Opens a `Database` for a location: a pooled SQLite file in WAL mode, or a
/// PostgreSQL connection pool shared by every request of this instance.
public enum DatabaseConnector {
    public static func open(_ location: DatabaseLocation, logger: Logger, poolSize: Int = 4) async throws -> Database {
        switch location {
        case .sqlite(let path): return try await openSQLite(path: path, logger: logger)
        case .postgres(let url): return try openPostgres(url: url, logger: logger, poolSize: poolSize)
        }
    }

    static func openSQLite(path: String, logger: Logger) async throws -> Database {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // One event loop, a few connections: WAL lets readers run beside the one writer.
        // Each connection gets a thread of its own, so a connection waiting on the write
        // lock (another process) never keeps the lock holder from running.
        let connections = 4
        let threads = NIOThreadPool(numberOfThreads: connections)
        threads.start()
        let group = MultiThreadedEventLoopGroup.singleton.next()
        let pool = EventLoopConnectionPool(
            source: SQLiteSource(path: path, threads: threads), maxConnections: connections,
            requestTimeout: .seconds(30),
            logger: logger, on: group)
        let database = SQLitePoolDatabase(pool: pool, logger: logger)
        return Database(sql: database.sql(queryLogLevel: nil), dialect: .sqlite, lockPath: path) {
            try await pool.close().get()
            try await threads.shutdownGracefully()
        }
    }

    static func openPostgres(url: String, logger: Logger, poolSize: Int) throws -> Database {
        let configuration = try SQLPostgresConfiguration(url: url)
        let pool = EventLoopGroupConnectionPool(
            source: PostgresConnectionSource(sqlConfiguration: configuration),
            maxConnectionsPerEventLoop: poolSize, requestTimeout: .seconds(30),
            pruneInterval: nil, logger: logger, on: MultiThreadedEventLoopGroup.singleton)
        let sql = pool.database(logger: logger).sql(queryLogLevel: nil)
        return Database(sql: sql, dialect: .postgres) { try await pool.shutdownAsync() }
    }
}

/// Opens SQLite connections with the pragmas every connection needs.
struct SQLiteSource: ConnectionPoolSource {
    let path: String
    let threads: NIOThreadPool

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        SQLiteConnection.open(storage: .file(path: path), threadPool: threads, logger: logger, on: eventLoop)
            .flatMap { connection in
                // synchronous = FULL: a commit is on disk before the answer goes out, so an
                // acknowledged submission survives a power cut, not only a crash. A 64 MiB page
                // cache and a 1 GiB memory map per connection keep the hot indexes of tables with
                // millions of rows in memory instead of reading them page by page from the file.
                // The server copies the log into the file in the background (`Database.checkpoint`);
                // a commit does it itself only once the log passes 10,000 pages (40 MiB), so a
                // commit that answers a request rarely waits for it (a CLI command still does).
                // Statement journals (a multi-row statement's undo inside a transaction) stay in
                // memory: as temporary files they were 7 % of a batch of questions' writes.
                let pragmas = [
                    "PRAGMA journal_mode = WAL", "PRAGMA busy_timeout = 10000",
                    "PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL",
                    "PRAGMA cache_size = -65536", "PRAGMA mmap_size = 1073741824",
                    "PRAGMA wal_autocheckpoint = 10000", "PRAGMA temp_store = MEMORY",
                ]
                return pragmas.reduce(eventLoop.makeSucceededVoidFuture()) { chain, pragma in
                    chain.flatMap { connection.query(pragma).map { _ in } }
                }.map { connection }.flatMapError { error in
                    // A file that is not a database fails here; the connection must still be closed.
                    connection.close().flatMapThrowing { throw error }
                }
            }
    }
}

/// A `SQLiteDatabase` that leases a pooled connection per query or session.
struct SQLitePoolDatabase: SQLiteDatabase {
    let pool: EventLoopConnectionPool<SQLiteSource>
    let logger: Logger
    var eventLoop: any EventLoop { pool.eventLoop }

    func query(
        _ query: String, _ binds: [SQLiteData], logger: Logger,
        _ onRow: @escaping @Sendable (SQLiteRow) -> Void
    ) -> EventLoopFuture<Void> {
        pool.withConnection { $0.query(query, binds, logger: logger, onRow) }
    }

    func withConnection<T>(_ closure: @escaping @Sendable (SQLiteConnection) -> EventLoopFuture<T>) -> EventLoopFuture<
        T
    > {
        pool.withConnection(closure)
    }
}
