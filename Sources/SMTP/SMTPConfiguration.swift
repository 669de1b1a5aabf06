import Foundation

/// Where mail goes: `smtp://user:pass@host:587` (STARTTLS when the server offers it)
/// or `smtps://…:465` (TLS from the first byte).
public struct SMTPConfiguration: Sendable, Equatable {
    public enum Security: Sendable, Equatable { case startTLSWhenOffered, implicitTLS }

    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var security: Security
    /// The name this client gives in EHLO.
    public var localName: String
    /// How long the server may take to connect or to answer one command.
    public var replyTimeout: Duration = .seconds(30)
    /// How long one whole delivery may take; the mail queue's claim lease is far longer,
    /// so a stalled server can never make two senders hold one mail.
    public var deadline: Duration = .seconds(120)

    public init(
        host: String, port: Int, username: String? = nil, password: String? = nil,
        security: Security = .startTLSWhenOffered, localName: String = "zavicaj.localhost"
    ) {
        self.host = host; self.port = port; self.username = username; self.password = password
        self.security = security; self.localName = localName
    }

    public init(url: String) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
            scheme == "smtp" || scheme == "smtps", let host = components.host, !host.isEmpty
        else {
            throw SMTPError.badConfiguration(
                url.replacingOccurrences(of: #":[^:@/]*@"#, with: ":***@", options: .regularExpression))
        }
        let implicit = scheme == "smtps"
        self.init(
            host: host, port: components.port ?? (implicit ? 465 : 587),
            username: components.percentEncodedUser?.removingPercentEncoding,
            password: components.percentEncodedPassword?.removingPercentEncoding,
            security: implicit ? .implicitTLS : .startTLSWhenOffered)
    }
}

public enum SMTPError: Error, Equatable, CustomStringConvertible {
    case badConfiguration(String)
    case unexpectedReply(command: String, code: Int, text: String)
    case connectionClosed
    case timedOut(String)

    public var description: String {
        switch self {
        case .badConfiguration(let url): return "not an smtp:// or smtps:// URL: \(url)"
        case .unexpectedReply(let command, let code, let text): return "\(command) answered \(code) \(text)"
        case .connectionClosed: return "the SMTP server closed the connection"
        case .timedOut(let what): return "the SMTP server did not answer in time (\(what))"
        }
    }

    /// 4xx replies are worth trying again later; 5xx are final.
    public var isTransient: Bool {
        if case .unexpectedReply(_, let code, _) = self { return (400..<500).contains(code) }
        return true
    }
}
