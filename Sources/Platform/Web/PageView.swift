import Mustache

/// A page's own view model: a typed value drawn with its own Mustache template inside the layout.
/// Templates read its stored properties by name (through its type's field table, `ViewReflection`), so a field
/// added to the type is a field its template can show, and a misspelt one does not compile.
/// Mind one Mustache rule: a name that is missing or nil is looked up in the enclosing values, so
/// a nested optional must not share its name with an outer value (use "" where that would happen).
public protocol PageView: Sendable {
    /// The template (a `*.mustache` file of the capability) the page is drawn with.
    static var template: String { get }
    /// The page's title: the browser tab and, in most templates, the heading.
    var title: String { get }
}

/// What the layout around every page shows.
struct Layout: Sendable {
    struct Me: Sendable { let name: String, staff: Bool, platformAdmin: Bool }
    struct LanguageLink: Sendable { let code: String, name: String, short: String, current: Bool, href: String }
    let t: [String: String]
    let lang: String, title: String, csrf: String, path: String
    let me: Me?
    /// The municipality's own stylesheet (its colour) on its pages; nil elsewhere.
    let face: String?
    let languageLinks: [LanguageLink]
    /// The stylesheet's address under its digest name.
    let stylesheet: String
}

/// The page with the layout's values behind it: a name the page has is the page's, any other is
/// the layout's (the words `t`, the signed-in person `me`, the form token `csrf`).
struct LaidOut<Page>: MustacheParent {
    let layout: Layout
    let page: MustacheParent?

    init(layout: Layout, page: Page) {
        self.layout = layout
        self.page = (page as? any MustacheParent) ?? (ViewValue.presented(page) as? any MustacheParent)
    }

    func child(named name: String) -> Any? {
        if let own = page?.child(named: name) { return own }
        switch name {
        case "t": return Words(words: layout.t)
        case "lang": return layout.lang
        case "title": return layout.title
        case "csrf": return layout.csrf
        case "path": return layout.path
        case "me": return layout.me.map { ViewValue.presented($0) }
        case "languageLinks": return layout.languageLinks.map { ViewValue.presented($0) }
        case "face": return layout.face
        case "stylesheet": return layout.stylesheet
        default: return nil
        }
    }
}
