import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The wire to a peer deployment: its published keys, and one signed message posted and its answer
/// read, each within `timeout` so that a peer that is down or slow is said to the registrar at once.
struct PeerLink: Sendable {
    static let answerLimit = 4 * 1_048_576
    static let messagesPath = "/api/v1/federation/messages"
    static let keysPath = "/.well-known/zavicaj-keys.json"

    let baseURL: String
    /// A registrar waits at most this long for another deployment (`Settings.peerTimeout`).
    let timeout: Duration

    /// One client per process, kept for its life (as `HTTPClient.shared`), with room for as many
    /// connections to a peer as registrars wait on at once (the shared one allows 8).
    static let client = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: .init(
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)))

    func keys() async throws -> PeerKeys {
        let (status, body) = try await exchange(HTTPClientRequest(url: baseURL + Self.keysPath))
        guard status == .ok else { throw FederationError.badKeys }
        return try PeerKeys.published(body)
    }

    /// Posts `message`; the peer's status and body, whatever they are (the caller judges them).
    func post(_ message: SignedMessage) async throws -> (HTTPResponseStatus, Data) {
        var request = HTTPClientRequest(url: baseURL + Self.messagesPath)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(data: try message.json()))
        return try await exchange(request)
    }

    /// How the peer's public verification judges a document it issued (`/verify/<code>` as JSON):
    /// `valid` or `revoked`, and when.
    func standing(code: String) async throws -> (status: String, revokedAt: String?) {
        var request = HTTPClientRequest(url: baseURL + "/verify/" + code)
        request.headers.add(name: "Accept", value: "application/json")
        let (status, body) = try await exchange(request)
        struct Verdict: Decodable { let status: String, revoked_at: String? }
        guard status == .ok, let verdict = try? JSONDecoder().decode(Verdict.self, from: body) else {
            throw FederationError.badAnswer
        }
        return (verdict.status, verdict.revoked_at)
    }

    private func exchange(_ request: HTTPClientRequest) async throws -> (HTTPResponseStatus, Data) {
        do {
            let response = try await Self.client.execute(
                request, timeout: .nanoseconds(Int64(timeout / .nanoseconds(1))))
            let body = try await response.body.collect(upTo: Self.answerLimit)
            return (response.status, Data(buffer: body))
        } catch let error as FederationError {
            throw error
        } catch {
            throw FederationError.unreachable
        }
    }

    /// `https://x.example/` and `https://x.example` are one deployment.
    static func normalized(_ url: String) -> String? {
        var text = url.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("/") { text.removeLast() }
        guard let parsed = URL(string: text), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil,
            parsed.query == nil
        else { return nil }
        return text
    }
}
