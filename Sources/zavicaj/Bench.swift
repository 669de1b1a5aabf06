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
/// and latency percentiles per path. Figures depend on the machine: compare ratios.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure requests/s and p99 latency of /healthz and /jajce/.")
    @Option(help: "Concurrent connections.") var connections = 64
    @Option(help: "Seconds of load per path.") var seconds = 10.0
    @Option(help: "Paths to load, comma-separated.") var paths = "/healthz,/jajce/"
    @Option(help: "Database URL; default a scratch SQLite file (ZAVICAJ_DATABASE_URL is ignored, to spare real data).")
    var database: String?

    func run() async throws {
        let port = 18_000 + Int.random(in: 0..<2000)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("zavicaj-bench-\(UUID().uuidString).sqlite").path
        var configuration = ServerConfiguration(host: "127.0.0.1", port: port,
                                                database: try database.map(DatabaseLocation.parse) ?? .sqlite(path: scratch))
        configuration.runBackgroundWork = false
        var logger = Logger(label: "bench")
        logger.logLevel = .critical  // the shutdown at the end is not news
        let zavicaj = try await Zavicaj.build(configuration, logger: logger)
        let (started, ready) = AsyncStream.makeStream(of: Void.self)
        let app = zavicaj.application(onServerRunning: { _ in ready.yield() })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            for await _ in started { break }
            print("database: \(zavicaj.environment.database.dialect.rawValue), connections: \(connections), \(seconds) s per path, \(ProcessInfo.processInfo.activeProcessorCount) cores")
            for path in paths.split(separator: ",").map(String.init) {
                let result = try await LoadGenerator(port: port, path: path, connections: connections, seconds: seconds).run()
                print(result.summary(path: path))
            }
            group.cancelAll()
        }
        try? FileManager.default.removeItem(atPath: scratch)
    }
}

struct LoadResult {
    var latencies: [Double] = []   // seconds
    var failures = 0
    var elapsed: Double = 0

    func percentile(_ p: Double) -> Double {
        guard !latencies.isEmpty else { return 0 }
        let sorted = latencies.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }

    func summary(path: String) -> String {
        let rate = Double(latencies.count) / max(elapsed, 0.001)
        return String(format: "%-10@ %9.0f req/s   p50 %7.2f ms   p99 %7.2f ms   %d requests, %d failed",
                      path as NSString, rate, percentile(0.5) * 1000, percentile(0.99) * 1000, latencies.count, failures)
    }
}

/// Opens `connections` keep-alive connections, each sending the next request as soon as
/// the previous answer ends, until the time is up.
struct LoadGenerator {
    let port: Int
    let path: String
    let connections: Int
    let seconds: Double

    func run() async throws -> LoadResult {
        let deadline = NIODeadline.now() + .milliseconds(Int64(seconds * 1000))
        let start = NIODeadline.now()
        let results = try await withThrowingTaskGroup(of: LoadResult.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    let finished = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: LoadResult.self)
                    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                        .channelInitializer { channel in
                            channel.pipeline.addHTTPClientHandlers().flatMap {
                                channel.pipeline.addHandler(LoadHandler(path: path, deadline: deadline, finished: finished))
                            }
                        }
                        .connect(host: "127.0.0.1", port: port).get()
                    let result = try await finished.futureResult.get()
                    try? await channel.close()
                    return result
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

    let path: String
    let deadline: NIODeadline
    let finished: EventLoopPromise<LoadResult>
    var result = LoadResult()
    var sentAt = NIODeadline.now()
    var status: HTTPResponseStatus = .ok
    var done = false

    func finish() {
        guard !done else { return }
        done = true
        finished.succeed(result)
    }

    init(path: String, deadline: NIODeadline, finished: EventLoopPromise<LoadResult>) {
        self.path = path; self.deadline = deadline; self.finished = finished
    }

    func channelActive(context: ChannelHandlerContext) {
        send(context)
        context.fireChannelActive()
    }

    func send(_ context: ChannelHandlerContext) {
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
        head.headers.add(name: "Host", value: "127.0.0.1")
        head.headers.add(name: "Accept-Language", value: "bs")
        sentAt = .now()
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): status = head.status
        case .body: break
        case .end:
            let now = NIODeadline.now()
            if status == .ok { result.latencies.append(Double((now - sentAt).nanoseconds) / 1e9) } else { result.failures += 1 }
            if now < deadline { send(context) } else { finish() }
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
