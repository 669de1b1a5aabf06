import Foundation
import Hummingbird

/// A long list shown a page at a time (`?page=2`): the store is asked for one row more than a page
/// so the page knows whether a next one exists without counting the whole table.
public struct Paging: Sendable {
    public let page: Int, size: Int
    public var offset: Int { (page - 1) * size }
    /// Rows to fetch: a page and one more.
    public var fetch: Int { size + 1 }

    public init(_ request: Request, size: Int) {
        self.size = size
        self.page = max(1, min(request.query("page").flatMap(Int.init) ?? 1, 100_000))
    }

    /// The rows of this page, and the links to the pages on either side (the `paging` partial).
    public func cut<T>(_ fetched: [T], _ request: Request, catalog c: Catalog) -> ([T], PageLinks) {
        let more = fetched.count > size
        let links = PageLinks(
            previous: page > 1 ? Self.link(request, page: page - 1) : nil,
            next: more ? Self.link(request, page: page + 1) : nil,
            label: c.text("paging_page", ["page": String(page)]))
        return (Array(fetched.prefix(size)), links)
    }

    /// The same list with another page number; every other filter of the query stays.
    static func link(_ request: Request, page: Int) -> String {
        var components = URLComponents()
        components.path = request.uri.path
        var items = (URLComponents(string: request.uri.description)?.queryItems ?? []).filter { $0.name != "page" }
        if page > 1 { items.append(URLQueryItem(name: "page", value: String(page))) }
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? request.uri.path
    }
}

/// Links to the previous and next page; a list that fits on one page shows none.
/// (Stored, not computed: templates read values by reflection.)
public struct PageLinks: Sendable {
    public let previous: String?, next: String?, label: String
    public let shown: Bool

    init(previous: String?, next: String?, label: String) {
        self.previous = previous; self.next = next; self.label = label
        self.shown = previous != nil || next != nil
    }
}
