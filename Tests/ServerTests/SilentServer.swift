import NIOCore
import NIOPosix

/// A TCP server on loopback that accepts connections and never says a word: an SMTP server that stalls.
/// `connected` yields once for every connection it accepts.
struct SilentServer {
    let channel: any Channel
    let connected: AsyncStream<Void>
    var port: Int { channel.localAddress?.port ?? 0 }

    static func start() async throws -> SilentServer {
        let (connected, accepted) = AsyncStream.makeStream(of: Void.self)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 16)
            .childChannelInitializer { channel in
                accepted.yield()
                return channel.eventLoop.makeSucceededVoidFuture()
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return SilentServer(channel: channel, connected: connected)
    }

    func close() async throws { try await channel.close() }
}
