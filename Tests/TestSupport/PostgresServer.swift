import Foundation

/// A throwaway PostgreSQL server for the whole test run: initdb into a temporary
/// folder, started on a loopback port, stopped when the process exits. Each test
/// gets a database of its own on it.
public actor PostgresServer {
    public static let shared = PostgresServer()
    private var started: Result<Int, any Error>?
    nonisolated(unsafe) static var dataDirectory: String?
    nonisolated(unsafe) static var pgCtl: String?

    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    static var binDirectories: [String] {
        let base = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: base))?.sorted(by: >) ?? []
        return versions.map { "\(base)/\($0)/bin" }
    }

    /// The URL of a fresh, empty database on the shared server.
    public func newDatabaseURL() async throws -> String {
        let port = try start()
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let psql = Tools.which("psql", extra: Self.binDirectories) ?? "psql"
        let result = try Tools.run(
            psql,
            [
                "-h", "127.0.0.1", "-p", String(port), "-U", "zavicaj", "-d", "postgres",
                "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE \(name)",
            ])
        guard result.status == 0 else { throw Unavailable(description: "CREATE DATABASE failed: \(result.output)") }
        return "postgres://zavicaj@127.0.0.1:\(port)/\(name)?tlsmode=disable"
    }

    private func start() throws -> Int {
        if let started { return try started.get() }
        let result = Result { try launch() }
        started = result
        return try result.get()
    }

    private func launch() throws -> Int {
        guard let initdb = Tools.which("initdb", extra: Self.binDirectories),
            let pgCtl = Tools.which("pg_ctl", extra: Self.binDirectories)
        else {
            throw Unavailable(description: "initdb/pg_ctl not found (apt-get install postgresql)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zavicaj-pg-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // PostgreSQL refuses to run as root: run it as the postgres user then.
        let asRoot = getuid() == 0
        func command(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
            asRoot
                ? try Tools.run("/usr/sbin/runuser", ["-u", "postgres", "--", program] + arguments)
                : try Tools.run(program, arguments)
        }
        if asRoot { try Tools.run("/bin/chown", ["postgres:postgres", directory]) }
        let data = directory + "/data"
        let initialised = try command(initdb, ["-D", data, "-U", "zavicaj", "--auth=trust", "-E", "UTF8", "--no-sync"])
        guard initialised.status == 0 else { throw Unavailable(description: "initdb failed: \(initialised.output)") }
        for _ in 0..<5 {
            let port = Tools.freePort()
            let options = "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=500"
            let arguments = ["-D", data, "-o", options, "-l", directory + "/log", "-w", "start"]
            let status =
                asRoot
                ? Tools.runDetached("/usr/sbin/runuser", ["-u", "postgres", "--", pgCtl] + arguments)
                : Tools.runDetached(pgCtl, arguments)
            if status == 0 {
                Self.dataDirectory = data
                Self.pgCtl = pgCtl
                // Stopped and removed when the run ends: each run's cluster is about 2.7 GB, and runs
                // on one machine (CI, a developer's) would otherwise fill its disk in a few weeks.
                atexit {
                    guard let data = PostgresServer.dataDirectory, let pgCtl = PostgresServer.pgCtl else { return }
                    let arguments = ["-D", data, "-m", "immediate", "stop"]
                    _ =
                        getuid() == 0
                        ? try? Tools.run("/usr/sbin/runuser", ["-u", "postgres", "--", pgCtl] + arguments)
                        : try? Tools.run(pgCtl, arguments)
                    try? FileManager.default.removeItem(atPath: (data as NSString).deletingLastPathComponent)
                }
                return port
            }
        }
        throw Unavailable(description: "pg_ctl could not start a server")
    }
}
