import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import Platform
import TestSupport
import ZavicajServer

/// One Zavičaj deployment listening on a loopback port with its own database: two of them are
/// two municipalities' separately run servers. Driven over real HTTP only.
final class Deployment: Sendable {
    let app: TestApp
    let base: String
    private let server: Task<Void, any Error>

    private init(app: TestApp, base: String, server: Task<Void, any Error>) {
        self.app = app; self.base = base; self.server = server
    }

    var env: AppEnvironment { app.environment }

    static func start(_ backend: Backend) async throws -> Deployment {
        let port = Tools.freePort()
        let base = "http://127.0.0.1:\(port)"
        let app = try await TestApp.make(backend) {
            $0.port = port
            $0.settings.baseURL = base
            // The whole suite shares two cores; a peer that is down is refused at once anyway.
            $0.settings.peerTimeout = .seconds(30)
        }
        let server = try await Tools.serve { ready in
            try await app.zavicaj.application(onServerRunning: { _ in ready() }).runService(
                gracefulShutdownSignals: [])
        }
        return Deployment(app: app, base: base, server: server)
    }

    /// Two deployments for `body`, both stopped after it whatever happens.
    static func pair(_ backend: Backend, _ body: (Deployment, Deployment) async throws -> Void) async throws {
        let (a, b) = (try await start(backend), try await start(backend))
        do { try await body(a, b) } catch {
            await a.stop(); await b.stop()
            throw error
        }
        await a.stop(); await b.stop()
    }

    /// Stops listening and closes the database.
    func stop() async {
        server.cancel()
        _ = await server.result
    }

    /// An API session for the demo account of `role` in `slug`.
    func token(_ role: Role, _ slug: String = "jajce") async throws -> String {
        let account = try await env.accounts.find(email: DemoData.email(role: role, slug: slug))!
        return try await env.sessions.create(
            accountID: account.id, kind: .api, secondFactor: true, clientAddress: "test", at: env.clock.now())
    }

    struct Answer: Sendable {
        let status: Int
        let body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var code: String? { (json["error"] as? [String: Any])?["code"] as? String }
    }

    /// One HTTP request to this deployment.
    func call(
        _ method: HTTPMethod, _ path: String, token: String? = nil, json: [String: Any]? = nil, raw: Data? = nil,
        accept: String? = nil
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let accept { request.headers.add(name: "Accept", value: accept) }
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body = try raw ?? json.map({ try JSONSerialization.data(withJSONObject: $0) }) {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: Array(body)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 8 * 1_048_576)
        return Answer(status: Int(response.status.code), body: Data(body.readableBytesView))
    }

    func count(_ table: String, _ condition: String = "1 = 1") async throws -> Int {
        try await app.count(table, condition)
    }
}

extension Deployment {
    /// A person's browser on this deployment's pages (through its router; the deployment keeps listening).
    func browse(_ body: @escaping @Sendable (Browser) async throws -> Void) async throws {
        let application = Application(
            router: app.zavicaj.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await application.test(.router) { client in try await body(Browser(client)) }
    }
}
