import Foundation
import Platform
import SQLKit

/// One exchange as both sides log it: the signed request and the signed answer, byte for byte,
/// with their digests, so an auditor can check every signature offline with the two key sets.
public struct LoggedMessage: Sendable, Codable {
    public let id: String
    /// `out`: this deployment asked; `in`: a peer asked this one.
    public let direction: String
    public let peerID: String
    public let messageID: String
    public let kind: String
    public let municipalityID: String?
    public let registrar: String
    public let purpose: String
    public let request: String
    public let requestDigest: String
    public let answer: String?
    public let answerDigest: String?
    /// `sent` (no answer yet: the peer was down or slow), `answered`, or `refused` with `code`.
    public let status: String
    public let code: String?
    public let sentAt: String
    public let answeredAt: String?
}

/// SQL for the message log. A request is logged before it leaves (out) or before it is answered
/// (in); the answer is written once, onto a row still waiting for it.
struct MessageLog: Sendable {
    let db: any SQLDatabase

    /// Logs an incoming or outgoing request; false when this peer's message id is already logged (a replay).
    func logRequest(
        direction: String, peerID: String, request: PeerRequest, envelope: SignedMessage, municipalityID: String?,
        at now: Date
    ) async throws -> Bool {
        let row = try await db.raw(
            """
            INSERT INTO federation_messages (id, direction, peer_id, message_id, kind, municipality_id, registrar,
              purpose, request, request_digest, status, sent_at)
            VALUES (\(bind: Random.id()), \(bind: direction), \(bind: peerID), \(bind: request.id), \
            \(bind: request.kind.rawValue), \(bind: municipalityID), \(bind: request.registrar.name), \
            \(bind: request.purpose), \(bind: String(decoding: try envelope.json(), as: UTF8.self)), \
            \(bind: envelope.digest), 'sent', \(bind: Timestamp.text(now)))
            ON CONFLICT (direction, peer_id, message_id) DO NOTHING RETURNING id
            """
        ).first()
        return row != nil
    }

    /// Writes the answer onto the request's row if it has none yet; false when it already had one
    /// (an answer is applied once, whichever instance or retry got it).
    func logAnswer(
        direction: String, peerID: String, messageID: String, answer: SignedMessage?, status: String,
        code: String?, at now: Date
    ) async throws -> Bool {
        let text = try answer.map { String(decoding: try $0.json(), as: UTF8.self) }
        let row = try await db.raw(
            """
            UPDATE federation_messages SET answer = \(bind: text), answer_digest = \(bind: answer?.digest), \
            status = \(bind: status), code = \(bind: code), answered_at = \(bind: Timestamp.text(now))
            WHERE direction = \(bind: direction) AND peer_id = \(bind: peerID) AND message_id = \(bind: messageID) \
            AND status = 'sent' RETURNING id
            """
        ).first()
        return row != nil
    }

    /// A period of the log, oldest first, for the page and the auditor's export.
    func messages(from: Date, to: Date, limit: Int = 10_000) async throws -> [LoggedMessage] {
        try await db.raw(
            """
            SELECT * FROM federation_messages WHERE sent_at >= \(bind: Timestamp.text(from)) \
            AND sent_at < \(bind: Timestamp.text(to)) ORDER BY sent_at, id LIMIT \(unsafeRaw: String(limit))
            """
        ).rows(LoggedMessage.self)
    }
}
