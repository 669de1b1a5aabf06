import Foundation
import Platform

/// The message log of a period as an auditor takes it away: every request and answer exactly as
/// signed, and the public keys of this deployment and of each peer, so that `zavicaj federation
/// verify-log` (or any Ed25519 tool) checks it with nothing else. Pure but for `make`.
public struct MessageExport: Codable, Sendable {
    public let deployment: String
    public let exported_at: String
    /// Public keys by deployment base URL: this one's and each peer's as pinned here.
    public let keys: [String: [PeerKeys.Key]]
    public let peers: [String: String]
    public let messages: [LoggedMessage]

    static func make(_ env: AppEnvironment, from: Day?, to: Day?) async throws -> MessageExport {
        let peers = try await PeerStore(db: env.database.sql).all()
        var keys = Dictionary(uniqueKeysWithValues: peers.map { ($0.baseURL, $0.pinned.keys) })
        keys[Federation.own(env)] = try await KeyRing(env.database.sql, clock: env.clock).publicKeys().map {
            PeerKeys.Key(kid: $0.key, public_key: $0.value.rawRepresentation.base64EncodedString())
        }.sorted { $0.kid < $1.kid }
        let start = from?.date ?? Date(timeIntervalSince1970: 0)
        let end = to.map { $0.adding(days: 1).date } ?? env.clock.now().addingTimeInterval(1)
        return MessageExport(
            deployment: Federation.own(env), exported_at: Timestamp.text(env.clock.now()), keys: keys,
            peers: Dictionary(uniqueKeysWithValues: peers.map { ($0.id, $0.baseURL) }),
            messages: try await MessageLog(db: env.database.sql).messages(from: start, to: end))
    }

    /// The same export checked against `keys` for `deployment` (an auditor's own copy of its published keys).
    public func with(keys published: PeerKeys, for deployment: String) -> MessageExport {
        var keys = self.keys
        keys[deployment] = published.keys
        return MessageExport(
            deployment: self.deployment, exported_at: exported_at, keys: keys, peers: peers, messages: messages)
    }

    /// What is wrong with each message, by its id; empty when every signature and digest holds.
    public func problems() -> [String: String] {
        var problems: [String: String] = [:]
        for message in messages {
            if let problem = Self.check(message, peerURL: peers[message.peerID] ?? "", own: deployment, keys: keys) {
                problems[message.id] = problem
            }
        }
        return problems
    }

    static func check(_ m: LoggedMessage, peerURL: String, own: String, keys: [String: [PeerKeys.Key]]) -> String? {
        let (asker, keeper) = m.direction == "out" ? (own, peerURL) : (peerURL, own)
        let verifying = { (url: String) in PeerKeys(keys: keys[url] ?? []).verifying }
        guard let request = try? SignedMessage.read(Data(m.request.utf8)), request.digest == m.requestDigest else {
            return "request unreadable or its digest differs"
        }
        guard request.verifies(with: verifying(asker)) else { return "request signature does not hold" }
        // The log's readable columns must say what was signed.
        guard let asked = try? request.body(PeerRequest.self), asked.id == m.messageID, asked.kind.rawValue == m.kind,
            asked.purpose == m.purpose, asked.registrar.name == m.registrar
        else { return "the log's columns differ from the signed request" }
        guard let text = m.answer else { return nil }
        guard let answer = try? SignedMessage.read(Data(text.utf8)), answer.digest == m.answerDigest,
            let body = try? answer.body(PeerAnswer.self)
        else { return "answer unreadable or its digest differs" }
        guard answer.verifies(with: verifying(keeper)) else { return "answer signature does not hold" }
        guard body.request_digest == request.digest else { return "answer is to another request" }
        return nil
    }
}
