import Foundation
import Hummingbird

/// A link in a menu: the staff area's entries, contributed by each capability.
public struct MenuEntry: Sendable {
    public let labelKey: String
    public let path: String
    /// Where a portal link stands on the portal; staff menus do not use it.
    public let group: PortalGroup
    public init(labelKey: String, path: String, group: PortalGroup = .services) {
        self.labelKey = labelKey
        self.path = path
        self.group = group
    }
}

/// The portal's three kinds of link, in the order it shows them: what a person can get done,
/// what they can read, and where they can take part.
public enum PortalGroup: String, CaseIterable, Sendable {
    case services, information
    case takePart = "take_part"
}

/// Renders a page inside the shared layout with everything the layout needs:
/// language, catalog, CSRF token, the signed-in person and the language switch.
public struct PageRenderer: Sendable {
    let views: Views
    let catalogs: Catalogs

    public init(views: Views, catalogs: Catalogs) { self.views = views; self.catalogs = catalogs }

    /// A typed page: its view model drawn with its own template inside the layout.
    public func render<Page: PageView>(
        _ page: Page, request: Request, context: AppRequestContext, status: HTTPResponse.Status = .ok
    ) -> Response {
        .html(html(page, request: request, context: context), status: status)
    }

    /// The page drawn in its layout, as HTML text.
    public func html<Page: PageView>(_ page: Page, request: Request, context: AppRequestContext) -> String {
        views.render(Page.template, LaidOut(layout: layout(title: page.title, request, context), page: page))
    }

    /// What the layout draws around every page: the words of the language, the header's links and
    /// the language switch (`languageLinks`, so that a page may have `languages` of its own).
    func layout(title: String, _ request: Request, _ context: AppRequestContext) -> Layout {
        let catalog = catalogs[context.language]
        let me = context.verifiedAccount.map {
            Layout.Me(name: $0.displayName, staff: $0.isStaff, platformAdmin: $0.role == .platformAdmin)
        }
        return Layout(
            t: catalog.messages, lang: context.language.rawValue, title: title, csrf: context.formToken,
            path: request.uri.path, me: me,
            face: context.municipality.flatMap {
                $0.colour.isEmpty ? nil : "/\($0.slug)/face.css?v=\($0.colour.dropFirst())"
            },
            languageLinks: Language.allCases.map { language in
                Layout.LanguageLink(
                    code: language.rawValue, name: catalogs[language].text("language_name"),
                    short: catalogs[language].text("language_short"),
                    current: language == context.language,
                    href: "/lang/\(language.rawValue)?next=\(Self.percentEncoded(request.uri.description))")
            }, stylesheet: StaticAsset.stylesheet.path)
    }

    public func error(_ error: AppError, request: Request, context: AppRequestContext) -> Response {
        let catalog = catalogs[context.language]
        let page = ErrorPage(
            title: catalog.text("error_title"), message: catalog.text(error.messageKey, error.arguments),
            status: Int(error.status.code))
        return render(page, request: request, context: context, status: error.status)
    }

    public static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "/"
    }
}

/// What went wrong, in the reader's language (`error`).
struct ErrorPage: PageView {
    static let template = "error"
    let title: String, message: String
    let status: Int
}
