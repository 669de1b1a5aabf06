import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SQLKit

/// The same submission twice (a double click, a retry after a lost answer) does the work once:
/// the second gets the first one's answer. Browser forms carry a key per rendered page in their
/// form token (`cookie.nonce`); API clients send an `Idempotency-Key` header. The key is claimed
/// with one INSERT before the work, so two instances racing on one key cannot both do it.
///
/// Only a hash of the key is stored, and the kept answer is sealed (AES-GCM) with a key derived
/// from the client's key, so a copy of the database reveals no answer (an inquiry's access key).
struct Idempotency: Sendable {
    let db: any SQLDatabase
    let clock: AppClock
    /// How long a kept answer is replayed; the retention job removes older ones.
    static let lifetime: TimeInterval = 86_400
    /// How long a second submission waits for the first to finish before it is told to try later.
    static let patience: Duration = .seconds(10)

    struct Claim: Sendable {
        let id: String
        let secret: SymmetricKey
        let fingerprint: String
    }

    /// A claim for `key` in `scope` that covers exactly this submission: the request's fingerprint
    /// (method, path, body) is part of it, so the same key with another body is another submission.
    static func claim(key: String, scope: String, request: Request, body: ByteBuffer) -> Claim {
        var hash = SHA256()
        hash.update(data: Data("\(request.method.rawValue) \(request.uri.path)?\(request.uri.query ?? "")\n".utf8))
        hash.update(data: canonical(Data(buffer: body)))
        let fingerprint = Data(hash.finalize()).base64EncodedString()
        let material = scope + "\n" + key + "\n" + fingerprint
        let id = Data(SHA256.hash(data: Data(("id\n" + material).utf8))).base64EncodedString()
        let secret = SymmetricKey(data: SHA256.hash(data: Data(("seal\n" + material).utf8)))
        return Claim(id: id, secret: secret, fingerprint: fingerprint)
    }

    /// A JSON body with its keys in order, so a client that writes the same object again matches.
    static func canonical(_ body: Data) -> Data {
        guard body.first == UInt8(ascii: "{"), let object = try? JSONSerialization.jsonObject(with: body),
            let sorted = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        else { return body }
        return sorted
    }

    /// Does `work` once per claim and keeps its answer; a repeat gets the kept answer.
    func once(_ claim: Claim, _ work: () async throws -> Response) async throws -> Response {
        if try await take(claim) {
            let response: Response
            do { response = try await work() } catch {
                try? await release(claim)
                throw error
            }
            return try await keep(response, claim)
        }
        return try await replay(claim)
    }

    /// After this long unfinished, a claim's process is taken to have died, and a repeat may do the work.
    static let abandonedAfter: TimeInterval = 120

    /// Claims the key, or takes over a claim whose process died before it answered.
    func take(_ claim: Claim) async throws -> Bool {
        let now = clock.now()
        let inserted = try await db.raw(
            """
            INSERT INTO idempotency_keys (id, fingerprint, created_at) VALUES (\(bind: claim.id), \
            \(bind: claim.fingerprint), \(bind: Timestamp.text(now)))
            ON CONFLICT (id) DO NOTHING RETURNING id
            """
        ).all()
        if !inserted.isEmpty { return true }
        return try await !db.raw(
            """
            UPDATE idempotency_keys SET created_at = \(bind: Timestamp.text(now))
            WHERE id = \(bind: claim.id) AND fingerprint = \(bind: claim.fingerprint) AND status IS NULL
              AND created_at < \(bind: Timestamp.text(now.addingTimeInterval(-Self.abandonedAfter)))
            RETURNING id
            """
        ).all().isEmpty
    }

    func release(_ claim: Claim) async throws {
        try await db.raw("DELETE FROM idempotency_keys WHERE id = \(bind: claim.id) AND status IS NULL").run()
    }

    /// Keeps a successful answer (status, the headers that matter, the body). A refusal is not kept:
    /// it changed nothing, and the same submission later (after a rate limit, say) may succeed.
    func keep(_ response: Response, _ claim: Claim) async throws -> Response {
        guard response.status.code < 400 else {
            try await release(claim)
            return response
        }
        var response = response
        let collector = BodyCollector()
        try await response.body.write(collector)
        let body = collector.buffer
        response.body = ResponseBody(byteBuffer: body)
        let kept = KeptResponse(
            status: response.status.code, headers: Self.keptHeaders(response.headers), body: Data(buffer: body))
        let sealed = try AES.GCM.seal(try JSONEncoder().encode(kept), using: claim.secret).combined ?? Data()
        try await db.raw(
            """
            UPDATE idempotency_keys SET status = \(bind: kept.status), sealed = \(bind: sealed.base64EncodedString()) \
            WHERE id = \(bind: claim.id)
            """
        ).run()
        return response
    }

    private struct KeptRow: Decodable { let sealed: String? }

    /// The first answer; while the first submission still runs, waits for it a little.
    func replay(_ claim: Claim) async throws -> Response {
        let deadline = ContinuousClock.now + Self.patience
        while true {
            guard
                let row = try await db.raw("SELECT status, sealed FROM idempotency_keys WHERE id = \(bind: claim.id)")
                    .row(KeptRow.self)
            else {
                throw AppError(.conflict, code: "idempotency_in_progress")
            }
            if let sealed = row.sealed, let data = Data(base64Encoded: sealed) {
                let kept = try JSONDecoder().decode(
                    KeptResponse.self, from: try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: claim.secret))
                var headers = HTTPFields()
                for (name, value) in kept.headers { if let field = HTTPField.Name(name) { headers[field] = value } }
                headers[.init("Idempotent-Replayed")!] = "true"
                return Response(
                    status: .init(code: kept.status), headers: headers,
                    body: .init(byteBuffer: ByteBuffer(data: kept.body)))
            }
            guard ContinuousClock.now < deadline else { throw AppError(.conflict, code: "idempotency_in_progress") }
            // The first submission is still being written (by this or another instance).
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Cookies are never kept: a replay must not hand out a session.
    static func keptHeaders(_ headers: HTTPFields) -> [String: String] {
        var kept: [String: String] = [:]
        for name in [HTTPField.Name.contentType, .location, .contentDisposition] {
            if let value = headers[name] { kept[name.rawName] = value }
        }
        return kept
    }
}

struct KeptResponse: Codable {
    let status: Int
    let headers: [String: String]
    let body: Data
}

/// Gathers a response body that was written to it.
final class BodyCollector: ResponseBodyWriter, @unchecked Sendable {
    var buffer = ByteBuffer()
    func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        self.buffer.writeBuffer(&buffer)
    }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
