import Foundation
import HTTPTypes

/// The one error type of the platform: an HTTP status, a stable code for the API,
/// a catalog key for people, and the form field at fault when there is one.
public struct AppError: Error, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let messageKey: String
    public let field: String?
    public let arguments: [String: String]
    /// Every field error of a submission when there were several (this one first); empty otherwise.
    public private(set) var all: [AppError] = []

    public init(
        _ status: HTTPResponse.Status, code: String, messageKey: String? = nil,
        field: String? = nil, arguments: [String: String] = [:]
    ) {
        self.status = status
        self.code = code
        self.messageKey = messageKey ?? "error_\(code)"
        self.field = field
        self.arguments = arguments
    }

    public static func invalid(_ field: String, _ code: String, _ arguments: [String: String] = [:]) -> AppError {
        AppError(.unprocessableContent, code: code, field: field, arguments: arguments)
    }

    /// The field errors of one submission together: the first one speaks for all, `all` lists them.
    public static func fields(_ errors: [AppError]) -> AppError {
        var first = errors[0]
        first.all = errors.count > 1 ? errors : []
        return first
    }

    /// Each field error this stands for: itself, or every one when there were several.
    public var fieldErrors: [AppError] { all.isEmpty ? [self] : all }

    public static let notFound = AppError(.notFound, code: "not_found")
    public static let unauthorized = AppError(.unauthorized, code: "unauthorized")
    public static let forbidden = AppError(.forbidden, code: "forbidden")
    public static let badCSRF = AppError(.forbidden, code: "csrf")
    public static let badRequest = AppError(.badRequest, code: "bad_request")
}

/// Thrown by a page that needs a signed-in person: the middleware answers 303 to `location`.
public struct Redirect: Error, Sendable {
    public let location: String
    public init(_ location: String) { self.location = location }

    public static func toLogin(from request: String) -> Redirect {
        Redirect("/account/login?next=\(PageRenderer.percentEncoded(request))")
    }
}
