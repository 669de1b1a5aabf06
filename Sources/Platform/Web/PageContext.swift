import Foundation
import Hummingbird

/// A link in a menu: the staff area's entries, contributed by each capability.
public struct MenuEntry: Sendable {
    public let labelKey: String
    public let path: String
    public init(labelKey: String, path: String) { self.labelKey = labelKey; self.path = path }
}

/// Renders a page inside the shared layout with everything the layout needs:
/// language, catalog, CSRF token, the signed-in person and the language switch.
public struct PageRenderer: Sendable {
    let views: Views
    let catalogs: Catalogs

    public init(views: Views, catalogs: Catalogs) { self.views = views; self.catalogs = catalogs }

    public func render(
        _ template: String, titleKey: String, request: Request, context: AppRequestContext,
        data: [String: Any] = [:], status: HTTPResponse.Status = .ok
    ) -> Response {
        let catalog = catalogs[context.language]
        var page = data
        page["t"] = catalog.messages
        page["lang"] = context.language.rawValue
        page["title"] = data["title"] ?? catalog.text(titleKey)
        page["csrf"] = context.formToken
        page["path"] = request.uri.path
        page["languages"] = Language.allCases.map { language in
            [
                "code": language.rawValue, "name": catalogs[language].text("language_name"),
                "current": language == context.language,
                "href": "/lang/\(language.rawValue)?next=\(Self.percentEncoded(request.uri.description))",
            ] as [String: Any]
        }
        if let account = context.verifiedAccount {
            page["me"] =
                [
                    "name": account.displayName, "staff": account.isStaff,
                    "platformAdmin": account.role == .platformAdmin,
                ] as [String: Any]
        }
        return .html(views.render(template, page), status: status)
    }

    public func error(_ error: AppError, request: Request, context: AppRequestContext) -> Response {
        let catalog = catalogs[context.language]
        return render(
            "error", titleKey: "error_title", request: request, context: context,
            data: ["message": catalog.text(error.messageKey, error.arguments), "status": error.status.code],
            status: error.status)
    }

    public static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "/"
    }
}
