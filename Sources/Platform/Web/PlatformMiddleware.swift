import Foundation
import Hummingbird

/// Prepares every request (client address, session, language, form token), checks
/// the form token on every browser write, maps errors to localized pages or API
/// JSON, and adds the security headers to every response.
public struct PlatformMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let environment: AppEnvironment
    let routes: RouteMethods

    public init(environment: AppEnvironment, routes: RouteMethods = RouteMethods()) {
        self.environment = environment; self.routes = routes
    }

    static let sessionCookie = "zv_session"
    static let languageCookie = "zv_lang"
    static let csrfCookie = "zv_csrf"

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        var request = request
        // A write may change what public pages show: they are drawn anew (`VisitorPages`).
        defer { if request.method != .get && request.method != .head { VisitorPages.forget(environment) } }
        identifyClient(request, &context)
        try await resolveSession(request, &context)
        resolveLanguage(request, &context)
        let freshToken = request.cookies[Self.csrfCookie]?.value == nil
        context.csrfToken = request.cookies[Self.csrfCookie]?.value ?? Random.token(bytes: 24)
        context.formToken = context.csrfToken + "." + Random.token(bytes: 9)
        var response: Response
        do {
            response = try await dispatch(&request, context, next)
        } catch let redirect as Redirect {
            response = .redirect(redirect.location)
        } catch let error as AppError {
            response = try respond(to: error, request, context)
        } catch let refused as MethodNotAllowed {
            response = try respond(to: AppError(.methodNotAllowed, code: "method_not_allowed"), request, context)
            response.headers[.allow] = refused.allow
        } catch let error as HTTPError where error.status == .notFound || error.status == .contentTooLarge {
            let code = error.status == .notFound ? "not_found" : "too_large"
            response = try respond(to: AppError(error.status, code: code), request, context)
        }
        // Static files carry no cookie: shared caches keep them, and they need no form token.
        if freshToken && !request.uri.path.hasPrefix("/static/") {
            response.setCookie(cookie(Self.csrfCookie, context.csrfToken, context, maxAge: nil))
        }
        await VisitCounter(environment: environment).count(request, response: response, context: context)
        addSecurityHeaders(&response, secure: isSecure(context))
        return response
    }

    /// Hands the request on: a known path asked with another method is refused (405, before the form
    /// token), a browser write's form token is checked, and a repeatable submission is done once.
    func dispatch(_ request: inout Request, _ context: Context, _ next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if request.method != .get, let allowed = routes.notAllowed(request.method, path: request.uri.path) {
            throw MethodNotAllowed(allowed: allowed)
        }
        var claim: Idempotency.Claim?
        if isBrowserWrite(request) {
            let nonce = try await checkFormToken(&request, context)
            claim = try await idempotencyClaim(&request, context, key: nonce, browser: true)
        } else if request.uri.path.hasPrefix("/api/"), let key = request.headers[.init("Idempotency-Key")!] {
            claim = try await idempotencyClaim(&request, context, key: key, browser: false)
        }
        let forward = request
        do {
            guard let claim else { return try await next(forward, context) }
            return try await Idempotency(db: environment.database.sql, clock: environment.clock).once(claim) {
                try await next(forward, context)
            }
        } catch let error as HTTPError where error.status == .notFound && forward.method == .get {
            // A GET to a path that only takes other methods.
            if let allowed = routes.notAllowed(.get, path: forward.uri.path) {
                throw MethodNotAllowed(allowed: allowed)
            }
            throw error
        }
    }

    /// Served over HTTPS, directly as configured or as the trusted proxy says.
    func isSecure(_ context: Context) -> Bool {
        context.secureTransport || environment.settings.baseURL.hasPrefix("https://")
    }

    func identifyClient(_ request: Request, _ context: inout Context) {
        guard environment.settings.trustProxy else { return }
        let forwarded = request.headers[values: .init("X-Forwarded-For")!].joined(separator: ",")
        if let address = Self.forwardedClient(forwarded, hops: environment.settings.proxyHops) {
            context.clientAddress = address
        }
        let proto = request.headers[values: .init("X-Forwarded-Proto")!].joined(separator: ",").split(separator: ",")
            .last
        context.secureTransport = proto?.trimmingCharacters(in: .whitespaces).lowercased() == "https"
    }

    /// The client as the trusted proxies saw it: each proxy appends the address it was reached from,
    /// so with `hops` proxies in front the client is the `hops`-th address from the right. Anything
    /// further left was written by the client and is not believed.
    static func forwardedClient(_ header: String, hops: Int) -> String? {
        let addresses = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        guard !addresses.isEmpty else { return nil }
        return addresses[max(0, addresses.count - hops)]
    }

    func resolveSession(_ request: Request, _ context: inout Context) async throws {
        let isAPI = request.uri.path.hasPrefix("/api/")
        let token: String?
        if isAPI, let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        } else if !isAPI {
            token = request.cookies[Self.sessionCookie]?.value
        } else {
            token = nil
        }
        guard let token, !token.isEmpty,
            let session = try await environment.sessions.find(token: token, at: environment.clock.now()),
            session.kind == (isAPI ? .api : .web),
            let account = try await environment.accounts.find(id: session.accountID)
        else { return }
        context.session = session
        context.account = account
    }

    func resolveLanguage(_ request: Request, _ context: inout Context) {
        if let code = request.cookies[Self.languageCookie]?.value, let language = Language(rawValue: code) {
            context.language = language
        } else if let account = context.account {
            context.language = account.language
        } else if let language = Language.negotiate(acceptLanguage: request.headers[.acceptLanguage]) {
            context.language = language
        }
    }

    func isBrowserWrite(_ request: Request) -> Bool {
        let safe: Set<HTTPRequest.Method> = [.get, .head, .options]
        let path = request.uri.path
        return !safe.contains(request.method) && !path.hasPrefix("/api/") && !path.hasPrefix("/open311/")
    }

    /// Double-submit check: the form's `_csrf` (or the `X-CSRF-Token` header, or `?_csrf=`
    /// for multipart uploads) must equal this browser's cookie. A rendered form sends
    /// `cookie.nonce`; the nonce, new with every page, is returned as the submission's idempotency key.
    func checkFormToken(_ request: inout Request, _ context: Context) async throws -> String? {
        guard let cookie = request.cookies[Self.csrfCookie]?.value else { throw AppError.badCSRF }
        var submitted = request.headers[.init("X-CSRF-Token")!] ?? request.uri.queryParameters.get("_csrf")
        if submitted == nil, request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            submitted = try Form.counted(String(buffer: buffer))["_csrf"]
        }
        guard let submitted else { throw AppError.badCSRF }
        let parts = submitted.split(separator: ".", maxSplits: 1).map(String.init)
        guard let token = parts.first, constantTimeEqual(token, cookie) else { throw AppError.badCSRF }
        return parts.count == 2 && !parts[1].isEmpty ? parts[1] : nil
    }

    /// Sign-in, registration and password pages are left out: their answers carry sessions, and a
    /// repeat of them is harmless or refused by their own rules.
    static let idempotencyExempt = ["/account/", "/api/v1/sessions", "/lang/"]

    func idempotencyClaim(_ request: inout Request, _ context: Context, key: String?, browser: Bool) async throws
        -> Idempotency.Claim?
    {
        guard let key, !key.isEmpty, key.count <= 200, request.method == .post,
            !Self.idempotencyExempt.contains(where: { request.uri.path.hasPrefix($0) })
        else { return nil }
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let scope =
            context.account.map { "account:\($0.id)" }
            ?? (browser ? "browser:\(context.csrfToken)" : "address:\(context.clientAddress)")
        return Idempotency.claim(key: key, scope: scope, request: request, body: body)
    }

    func respond(to error: AppError, _ request: Request, _ context: Context) throws -> Response {
        let catalog = environment.catalogs[context.language]
        if request.uri.path.hasPrefix("/api/") || request.uri.path.hasPrefix("/open311/") {
            var body: [String: Any] = ["code": error.code, "message": catalog.text(error.messageKey, error.arguments)]
            if let field = error.field { body["field"] = field }
            var answer: [String: Any] = ["error": body]
            if error.field != nil {
                answer["errors"] = error.fieldErrors.map { e -> [String: Any] in
                    ["code": e.code, "message": catalog.text(e.messageKey, e.arguments), "field": e.field ?? ""]
                }
            }
            return try .jsonObject(answer, status: error.status)
        }
        return environment.pages.error(error, request: request, context: context)
    }

    public func cookie(_ name: String, _ value: String, _ context: Context, maxAge: Int?) -> Cookie {
        Cookie(
            name: name, value: value, maxAge: maxAge, path: "/", secure: isSecure(context), httpOnly: true,
            sameSite: .lax)
    }

    func addSecurityHeaders(_ response: inout Response, secure: Bool) {
        // Over HTTPS, browsers keep to HTTPS for a year (RFC 6797); never over plain HTTP, where it means nothing.
        if secure { response.headers[.init("Strict-Transport-Security")!] = "max-age=31536000; includeSubDomains" }
        response.headers[.init("Content-Security-Policy")!] =
            """
            default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; \
            frame-ancestors 'none'; base-uri 'none'; object-src 'none'
            """
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
    }
}

func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
}

/// A known path asked with a method it does not answer.
struct MethodNotAllowed: Error {
    let allowed: Set<HTTPRequest.Method>
    var allow: String { allowed.map(\.rawValue).sorted().joined(separator: ", ") }
}
