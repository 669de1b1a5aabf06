import Foundation
import NIOCore
import NIOExtras
import NIOPosix
import NIOSSL

/// Sends one message per connection over SMTP (RFC 5321), with STARTTLS (RFC 3207)
/// and AUTH PLAIN (RFC 4954). One connection per message keeps failure handling simple;
/// the mail queue retries transient failures.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    public init(configuration: SMTPConfiguration) { self.configuration = configuration }

    public func send(_ message: MailMessage, date: Date, messageID: String) async throws {
        let replies = SMTPReplyHandler()
        let config = configuration
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(TimeAmount(config.replyTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if config.security == .implicitTLS {
                        let context = try NIOSSLContext(configuration: .makeClientConfiguration())
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: context, serverHostname: config.host))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineBasedFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(replies)
                }
            }
            .connect(host: configuration.host, port: configuration.port).get()
        let session = SMTPSession(channel: channel, replies: replies, configuration: configuration)
        // Past the deadline the connection is closed, which fails whatever reply is awaited.
        let deadline = channel.eventLoop.scheduleTask(in: TimeAmount(config.deadline)) {
            replies.fail(SMTPError.timedOut("deadline"), channel: channel)
        }
        defer { deadline.cancel() }
        do {
            // A cancelled delivery (the process is stopping) closes the connection at once: the
            // server never saw the end of DATA, so the mail stays queued and is sent later.
            try await withTaskCancellationHandler {
                try await session.deliver(message, date: date, messageID: messageID)
            } onCancel: {
                replies.fail(CancellationError(), channel: channel)
            }
            try? await channel.close()
        } catch {
            try? await channel.close()
            throw error
        }
    }
}

/// The conversation with the server for one message.
struct SMTPSession {
    let channel: any Channel
    let replies: SMTPReplyHandler
    let configuration: SMTPConfiguration

    func deliver(_ message: MailMessage, date: Date, messageID: String) async throws {
        try await expect(nil, 220)
        var features = try await expect("EHLO \(configuration.localName)", 250).lines
        if configuration.security == .startTLSWhenOffered,
            features.contains(where: { $0.uppercased().hasPrefix("STARTTLS") })
        {
            try await expect("STARTTLS", 220)
            let context = try NIOSSLContext(configuration: .makeClientConfiguration())
            let tls = try NIOSSLClientHandler(context: context, serverHostname: configuration.host)
            try await channel.pipeline.addHandler(tls, position: .first).get()
            features = try await expect("EHLO \(configuration.localName)", 250).lines
        }
        if let username = configuration.username, let password = configuration.password {
            let credentials = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
            try await expect("AUTH PLAIN \(credentials)", 235, redacted: "AUTH PLAIN")
        }
        try await expect("MAIL FROM:<\(MailMessage.address(message.from))>", 250)
        try await expect("RCPT TO:<\(MailMessage.address(message.to))>", 250, 251)
        try await expect("DATA", 354)
        try await expect(
            Self.dotStuffed(message.rendered(date: date, messageID: messageID)) + ".", 250, redacted: "message")
        _ = try? await expect("QUIT", 221)
    }

    /// Lines that begin with a dot get a second one, so the body never ends the DATA early.
    static func dotStuffed(_ text: String) -> String {
        text.components(separatedBy: "\r\n").map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n")
            + (text.hasSuffix("\r\n") ? "" : "\r\n")
    }

    @discardableResult
    func expect(_ command: String?, _ codes: Int..., redacted: String? = nil) async throws -> SMTPReply {
        if let command {
            try await channel.writeAndFlush(ByteBuffer(string: command + "\r\n"))
        }
        let reply = try await replies.next(
            on: channel, timeout: configuration.replyTimeout, awaiting: redacted ?? command ?? "greeting"
        ).get()
        guard codes.contains(reply.code) else {
            throw SMTPError.unexpectedReply(
                command: redacted ?? command ?? "greeting", code: reply.code, text: reply.lines.joined(separator: " "))
        }
        return reply
    }
}

struct SMTPReply: Sendable {
    let code: Int
    let lines: [String]
}

/// Gathers multi-line replies (`250-…` then `250 …`) and hands them out in order.
/// All state is touched on the channel's event loop only.
final class SMTPReplyHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    private var partial: [String] = []
    private var ready: [SMTPReply] = []
    private var waiting: [EventLoopPromise<SMTPReply>] = []
    private var closed = false

    /// The next reply; if none comes within `timeout`, the wait fails and the connection closes.
    func next(on channel: any Channel, timeout: Duration, awaiting: String) -> EventLoopFuture<SMTPReply> {
        let eventLoop = channel.eventLoop
        return eventLoop.flatSubmit {
            if !self.ready.isEmpty { return eventLoop.makeSucceededFuture(self.ready.removeFirst()) }
            if self.closed { return eventLoop.makeFailedFuture(SMTPError.connectionClosed) }
            let promise = eventLoop.makePromise(of: SMTPReply.self)
            self.waiting.append(promise)
            let timer = eventLoop.scheduleTask(in: TimeAmount(timeout)) {
                self.fail(SMTPError.timedOut(String(awaiting.prefix(20))), channel: channel)
            }
            promise.futureResult.whenComplete { _ in timer.cancel() }
            return promise.futureResult
        }
    }

    /// Fails every waiting reply with `error` and closes the connection (on the event loop).
    func fail(_ error: any Error, channel: any Channel) {
        channel.eventLoop.execute {
            self.closed = true
            self.waiting.forEach { $0.fail(error) }
            self.waiting = []
            channel.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let line = (buffer.readString(length: buffer.readableBytes) ?? "").trimmingCharacters(in: .newlines)
        guard line.count >= 3, let code = Int(line.prefix(3)) else { return }
        partial.append(String(line.dropFirst(4)))
        if line.count > 3 && line[line.index(line.startIndex, offsetBy: 3)] == "-" { return }
        let reply = SMTPReply(code: code, lines: partial)
        partial = []
        if waiting.isEmpty { ready.append(reply) } else { waiting.removeFirst().succeed(reply) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        waiting.forEach { $0.fail(SMTPError.connectionClosed) }
        waiting = []
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        waiting.forEach { $0.fail(error) }
        waiting = []
        context.close(promise: nil)
    }
}
