import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Platform
import ZavicajServer

/// A person's browser for router tests: keeps cookies, fills in the form token,
/// and sends from a chosen client address.
public final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    public var cookies: [String: String] = [:]
    public var address: String
    public var acceptLanguage: String?

    public init(_ client: any TestClientProtocol, address: String = "198.51.100.7") {
        self.client = client
        self.address = address
    }

    public struct Page: Sendable {
        public let status: HTTPResponse.Status
        public let headers: HTTPFields
        public let body: String
        /// The body as bytes (a PDF, say).
        public let data: Data
        public var location: String? { headers[.location] }
        public var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
        }
    }

    /// Another person on the same server, with cookies of their own.
    public func sibling(address: String = "198.51.100.8") -> Browser { Browser(client, address: address) }

    var csrf: String { cookies["zv_csrf"] ?? "" }

    @discardableResult
    public func get(_ path: String, headers extra: HTTPFields = [:]) async throws -> Page {
        if cookies["zv_csrf"] == nil && !path.hasPrefix("/api/") {
            _ = try await send(.get, "/healthz", body: nil, headers: [:])
        }
        return try await send(.get, path, body: nil, headers: extra)
    }

    /// Posts a form; the form token is added unless the test gives its own `_csrf`.
    @discardableResult
    public func post(_ path: String, _ fields: [String: String] = [:]) async throws -> Page {
        if cookies["zv_csrf"] == nil { _ = try await send(.get, "/healthz", body: nil, headers: [:]) }
        var fields = fields
        if fields["_csrf"] == nil { fields["_csrf"] = csrf }
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await send(.post, path, body: body, headers: [.contentType: "application/x-www-form-urlencoded"])
    }

    /// Posts a `multipart/form-data` form with files, the way a browser uploads them;
    /// the form token goes in the query, as the platform's upload forms send it.
    @discardableResult
    public func upload(_ path: String, _ fields: [String: String], files: [(field: String, name: String, data: Data)])
        async throws -> Page
    {
        if cookies["zv_csrf"] == nil { _ = try await send(.get, "/healthz", body: nil, headers: [:]) }
        let boundary = "zv-\(UUID().uuidString)"
        var body = Data()
        func part(_ disposition: String, _ content: Data) {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; \(disposition)\r\n\r\n".utf8))
            body.append(content)
            body.append(Data("\r\n".utf8))
        }
        for (name, value) in fields { part("name=\"\(name)\"", Data(value.utf8)) }
        for file in files { part("name=\"\(file.field)\"; filename=\"\(file.name)\"", file.data) }
        body.append(Data("--\(boundary)--\r\n".utf8))
        let separator = path.contains("?") ? "&" : "?"
        return try await sendData(
            .post, "\(path)\(separator)_csrf=\(csrf)", body: body,
            headers: [.contentType: "multipart/form-data; boundary=\(boundary)"])
    }

    /// Signs a demo staff member in, enrolling the second factor where the role needs one.
    public func signInStaff(_ app: TestApp, role: Role, slug: String) async throws {
        let email = DemoData.email(role: role, slug: slug)
        _ = try await post("/account/login", ["email": email, "password": DemoData.password])
        guard role.requiresSecondFactor else { return }
        _ = try await get("/account/totp/setup")
        _ = try await post("/account/totp/setup", ["totp": try await app.unusedCode(email: email)])
    }

    /// Registers a member through the pages and opens the mailed confirmation link; stays signed in.
    public func registerMember(
        _ app: TestApp, email: String, name: String = "Amra Hadžić", language: String = "de",
        password: String = "sigurna-lozinka"
    ) async throws {
        _ = try await post(
            "/account/register",
            [
                "display_name": name, "email": email, "password": password, "language": language,
                "time_zone": "Europe/Berlin",
            ])
        guard let link = try await app.link(in: email, prefix: "http://zavicaj.test/account/confirm") else {
            throw AppError.notFound
        }
        _ = try await get(String(link.dropFirst("http://zavicaj.test".count)))
    }

    /// An API token for an account, with the second factor's current code where the role needs one.
    public func token(_ app: TestApp, email: String, password: String = DemoData.password) async throws -> String {
        var body: [String: Any] = ["email": email, "password": password]
        if let account = try await app.environment.accounts.find(email: email),
            account.role?.requiresSecondFactor == true
        {
            body["totp"] = try await app.unusedCode(email: email)
        }
        let session = try await api(.post, "/api/v1/sessions", json: body)
        guard let token = session.json["token"] as? String else { throw AppError.unauthorized }
        return token
    }

    /// A JSON API call, with a bearer token when given.
    @discardableResult
    public func api(
        _ method: HTTPRequest.Method, _ path: String, json: [String: Any]? = nil, token: String? = nil,
        forwardedFor: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> Page {
        var headers: HTTPFields = extra
        headers[.contentType] = "application/json"
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let forwardedFor { headers[.init("X-Forwarded-For")!] = forwardedFor }
        let body = try json.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        return try await send(method, path, body: body, headers: headers, useCookies: false)
    }

    public func send(
        _ method: HTTPRequest.Method, _ path: String, body: String?, headers extra: HTTPFields, useCookies: Bool = true
    ) async throws -> Page {
        try await sendData(method, path, body: body.map { Data($0.utf8) }, headers: extra, useCookies: useCookies)
    }

    /// Sends raw bytes (a hand-made multipart body, say) with this browser's cookies.
    public func send(_ method: HTTPRequest.Method, _ path: String, data: Data?, headers extra: HTTPFields) async throws
        -> Page
    {
        try await sendData(method, path, body: data, headers: extra)
    }

    func sendData(
        _ method: HTTPRequest.Method, _ path: String, body: Data?, headers extra: HTTPFields, useCookies: Bool = true
    ) async throws -> Page {
        var headers = extra
        if headers[.init("X-Forwarded-For")!] == nil { headers[.init("X-Forwarded-For")!] = address }
        if let acceptLanguage { headers[.acceptLanguage] = acceptLanguage }
        if useCookies && !cookies.isEmpty {
            headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        let response = try await client.execute(
            uri: path, method: method, headers: headers,
            body: body.map { ByteBuffer(data: $0) })
        if useCookies {
            for header in response.headers[values: .setCookie] {
                guard let pair = header.split(separator: ";").first, let eq = pair.firstIndex(of: "=") else { continue }
                let name = String(pair[..<eq]), value = String(pair[pair.index(after: eq)...])
                if value.isEmpty || header.lowercased().contains("max-age=0") {
                    cookies[name] = nil
                } else {
                    cookies[name] = value
                }
            }
        }
        return Page(
            status: response.status, headers: response.headers, body: String(buffer: response.body),
            data: Data(buffer: response.body))
    }

    public static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
