import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Platform
import ZavicajServer

/// `zavicaj bench`: starts the server on a scratch database with the demo data and
/// drives it over loopback with keep-alive HTTP/1.1 connections, reporting requests/s
/// and latency percentiles. Figures depend on the machine: compare ratios.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure requests/s and latency percentiles.",
        subcommands: [
            Pages.self, InquiryBench.self, DocumentBench.self, MemberBench.self, IndicatorBench.self, MailBench.self,
            CountryBench.self, FederationBench.self, Load.self,
        ], defaultSubcommand: Pages.self)
}

struct BenchOptions: ParsableArguments {
    @Option(help: "Concurrent connections.") var connections = 64
    @Option(help: "Seconds of load per measurement.") var seconds = 10.0
    @Option(help: "Database URL; default a scratch SQLite file (ZAVICAJ_DATABASE_URL is ignored, to spare real data).")
    var database: String?

    /// Runs `work` against a server on a scratch database with the demo data, then stops it.
    func withServer(_ work: @escaping @Sendable (Zavicaj, Int) async throws -> Void) async throws {
        let port = 18_000 + Int.random(in: 0..<2000)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "zavicaj-bench-\(UUID().uuidString).sqlite"
        ).path
        var configuration = ServerConfiguration(
            host: "127.0.0.1", port: port,
            database: try database.map(DatabaseLocation.parse) ?? .sqlite(path: scratch))
        configuration.runBackgroundWork = false
        configuration.loadDemoHistory = false
        configuration.settings.baseURL = "http://127.0.0.1:\(port)"
        var logger = Logger(label: "bench")
        logger.logLevel = .critical  // the shutdown at the end is not news
        let zavicaj = try await Zavicaj.build(configuration, logger: logger)
        let (started, ready) = AsyncStream.makeStream(of: Void.self)
        let app = zavicaj.application(onServerRunning: { _ in ready.yield() })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            for await _ in started { break }
            print(
                """
                database: \(zavicaj.environment.database.dialect.rawValue), connections: \(connections), \(seconds) s \
                each, \(ProcessInfo.processInfo.activeProcessorCount) cores
                """
            )
            try await work(zavicaj, port)
            group.cancelAll()
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: scratch + suffix) }
    }

    func measure(_ label: String, port: Int, _ request: LoadRequest) async throws {
        let result = try await LoadGenerator(port: port, request: request, connections: connections, seconds: seconds)
            .run()
        print(result.summary(path: label))
    }
}

extension Bench {
    struct Pages: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "GET requests per path (default /healthz and /jajce/).")
        @OptionGroup var options: BenchOptions
        @Option(help: "Paths to load, comma-separated.") var paths = "/healthz,/jajce/"

        func run() async throws {
            let options = options, paths = paths
            try await options.withServer { _, port in
                for path in paths.split(separator: ",").map(String.init) {
                    try await options.measure(path, port: port, LoadRequest(path: path))
                }
            }
        }
    }

    /// Any HTTP server, measured the same way (the django-helpdesk comparison uses this).
    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load an outside URL; {n} in the body becomes the request's sequence number.")
        @Option(help: "Concurrent connections.") var connections = 16
        @Option(help: "Seconds of load.") var seconds = 10.0
        @Option(help: "http://host:port/path") var url: String
        @Option(help: "HTTP method.") var method = "GET"
        @Option(help: "Request body.") var body: String?
        @Option(name: .customLong("header"), help: "A header, 'Name: value'; repeatable.") var headers: [String] = []

        func run() async throws {
            // URLComponents keeps a trailing slash that URL.path drops (Django routes need it).
            guard let parsed = URLComponents(string: url), let host = parsed.host, let port = parsed.port else {
                throw ValidationError("--url needs host and port")
            }
            let template = body
            var request = LoadRequest(
                method: HTTPMethod(rawValue: method.uppercased()), path: parsed.path.isEmpty ? "/" : parsed.path)
            request.headers = headers.compactMap { line in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            if let template {
                request.bodyFor = { n in
                    template.replacingOccurrences(of: "{n}", with: "\(n)-\(UUID().uuidString.prefix(8))")
                }
            }
            let result = try await LoadGenerator(
                host: host, port: port, request: request, connections: connections, seconds: seconds
            ).run()
            print(result.summary(path: "\(method) \(parsed.path)"))
        }
    }
}

/// Measured durations in milliseconds, sorted once, and their nearest-rank percentiles.
struct Timings {
    let sorted: [Double]
    init(milliseconds: [Double]) { sorted = milliseconds.sorted() }

    func at(_ p: Double) -> Double { nearestRankPercentile(sorted, p) ?? 0 }
    var max: Double { sorted.last ?? 0 }
    var count: Int { sorted.count }
}

struct LoadResult {
    var latencies: [Double] = []  // seconds
    var failures = 0
    var elapsed: Double = 0

    func summary(path: String) -> String {
        let rate = Double(latencies.count) / max(elapsed, 0.001)
        let t = Timings(milliseconds: latencies.map { $0 * 1000 })
        return String(
            format: "%-28@ %9.0f req/s   p50 %7.2f ms   p95 %7.2f ms   p99 %7.2f ms   %d requests, %d failed",
            path as NSString, rate, t.at(0.5), t.at(0.95), t.at(0.99), latencies.count, failures)
    }
}

/// One request the load generator repeats: a GET by default, or any method with a body.
struct LoadRequest: Sendable {
    var method: HTTPMethod = .GET
    var path: String
    var headers: [(String, String)] = []
    var body: String?
    /// Makes the body for the n-th request of a connection (so each submission differs).
    var bodyFor: (@Sendable (Int) -> String)?
}

/// Opens `connections` keep-alive connections, each sending the next request as soon as
/// the previous answer ends, until the time is up.
struct LoadGenerator {
    let host: String
    let port: Int
    let request: LoadRequest
    let connections: Int
    let seconds: Double

    init(host: String = "127.0.0.1", port: Int, request: LoadRequest, connections: Int, seconds: Double) {
        self.host = host; self.port = port; self.request = request; self.connections = connections;
        self.seconds = seconds
    }

    func runConnection(until deadline: NIODeadline) async throws -> LoadResult {
        let finished = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: LoadResult.self)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.pipeline.addHTTPClientHandlers().flatMap {
                    channel.pipeline.addHandler(
                        LoadHandler(request: request, host: host, deadline: deadline, finished: finished))
                }
            }
            .connect(host: host, port: port).get()
        let result = try await finished.futureResult.get()
        try? await channel.close()
        return result
    }

    func run() async throws -> LoadResult {
        let deadline = NIODeadline.now() + .milliseconds(Int64(seconds * 1000))
        let start = NIODeadline.now()
        let results = try await withThrowingTaskGroup(of: LoadResult.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    // A server that closes after each answer (gunicorn's sync workers) is
                    // reconnected to until the time is up.
                    var total = LoadResult()
                    while NIODeadline.now() < deadline {
                        let part = try await runConnection(until: deadline)
                        total.latencies += part.latencies
                        total.failures += part.failures
                        if part.latencies.isEmpty && part.failures > 0 { break }
                    }
                    return total
                }
            }
            var all = LoadResult()
            for try await result in group {
                all.latencies += result.latencies
                all.failures += result.failures
            }
            return all
        }
        var total = results
        total.elapsed = Double((NIODeadline.now() - start).nanoseconds) / 1e9
        return total
    }
}

/// One connection's request loop; all state lives on its event loop.
final class LoadHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let request: LoadRequest
    let host: String
    let deadline: NIODeadline
    let finished: EventLoopPromise<LoadResult>
    var result = LoadResult()
    var sent = 0
    var sentAt = NIODeadline.now()
    var status: HTTPResponseStatus = .ok
    var keepAlive = true
    var done = false

    func finish() {
        guard !done else { return }
        done = true
        finished.succeed(result)
    }

    init(request: LoadRequest, host: String, deadline: NIODeadline, finished: EventLoopPromise<LoadResult>) {
        self.request = request; self.host = host; self.deadline = deadline; self.finished = finished
    }

    func channelActive(context: ChannelHandlerContext) {
        send(context)
        context.fireChannelActive()
    }

    func send(_ context: ChannelHandlerContext) {
        var head = HTTPRequestHead(version: .http1_1, method: request.method, uri: request.path)
        head.headers.add(name: "Host", value: host)
        head.headers.add(name: "Accept-Language", value: "bs")
        for (name, value) in request.headers { head.headers.add(name: name, value: value) }
        sent += 1
        let body = request.bodyFor?(sent) ?? request.body
        if let body { head.headers.add(name: "Content-Length", value: String(body.utf8.count)) }
        sentAt = .now()
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body { context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = head.status
            keepAlive = head.isKeepAlive
        case .body: break
        case .end:
            let now = NIODeadline.now()
            if status == .ok || status == .created {
                result.latencies.append(Double((now - sentAt).nanoseconds) / 1e9)
            } else {
                result.failures += 1
            }
            if now < deadline && keepAlive { send(context) } else { finish() }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        result.failures += 1
        finish()
        context.close(promise: nil)
    }
}
