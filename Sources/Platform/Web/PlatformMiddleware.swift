import Foundation
import Hummingbird

/// Prepares every request (client address, session, language, form token), checks
/// the form token on every browser write, maps errors to localized pages or API
/// JSON, and adds the security headers to every response.
public struct PlatformMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let environment: AppEnvironment

    public init(environment: AppEnvironment) { self.environment = environment }

    static let sessionCookie = "zv_session"
    static let languageCookie = "zv_lang"
    static let csrfCookie = "zv_csrf"

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        identifyClient(request, &context)
        try await resolveSession(request, &context)
        resolveLanguage(request, &context)
        let freshToken = request.cookies[Self.csrfCookie]?.value == nil
        context.csrfToken = request.cookies[Self.csrfCookie]?.value ?? Random.token(bytes: 24)
        var response: Response
        do {
            if isBrowserWrite(request) { try await checkFormToken(&request, context) }
            response = try await next(request, context)
        } catch let redirect as Redirect {
            response = .redirect(redirect.location)
        } catch let error as AppError {
            response = try respond(to: error, request, context)
        } catch let error as HTTPError where error.status == .notFound || error.status == .contentTooLarge {
            let code = error.status == .notFound ? "not_found" : "too_large"
            response = try respond(to: AppError(error.status, code: code), request, context)
        }
        if freshToken {
            response.setCookie(cookie(Self.csrfCookie, context.csrfToken, context, maxAge: nil))
        }
        await VisitCounter(environment: environment).count(request, response: response, context: context)
        addSecurityHeaders(&response)
        return response
    }

    func identifyClient(_ request: Request, _ context: inout Context) {
        guard environment.settings.trustProxy else { return }
        if let forwarded = request.headers[.init("X-Forwarded-For")!]?.split(separator: ",").first {
            context.clientAddress = forwarded.trimmingCharacters(in: .whitespaces)
        }
        context.secureTransport = request.headers[.init("X-Forwarded-Proto")!] == "https"
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
    /// for multipart uploads) must equal this browser's cookie.
    func checkFormToken(_ request: inout Request, _ context: Context) async throws {
        guard let cookie = request.cookies[Self.csrfCookie]?.value else { throw AppError.badCSRF }
        var submitted = request.headers[.init("X-CSRF-Token")!] ?? request.uri.queryParameters.get("_csrf")
        if submitted == nil, request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            submitted = Form(encoded: String(buffer: buffer))["_csrf"]
        }
        guard let submitted, constantTimeEqual(submitted, cookie) else { throw AppError.badCSRF }
    }

    func respond(to error: AppError, _ request: Request, _ context: Context) throws -> Response {
        let catalog = environment.catalogs[context.language]
        if request.uri.path.hasPrefix("/api/") || request.uri.path.hasPrefix("/open311/") {
            var body: [String: Any] = ["code": error.code, "message": catalog.text(error.messageKey, error.arguments)]
            if let field = error.field { body["field"] = field }
            return try .jsonObject(["error": body], status: error.status)
        }
        return environment.pages.error(error, request: request, context: context)
    }

    public func cookie(_ name: String, _ value: String, _ context: Context, maxAge: Int?) -> Cookie {
        let secure = context.secureTransport || environment.settings.baseURL.hasPrefix("https://")
        return Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    func addSecurityHeaders(_ response: inout Response) {
        response.headers[.init("Content-Security-Policy")!] =
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
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
