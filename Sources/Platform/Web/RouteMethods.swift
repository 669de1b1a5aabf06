import Foundation
import HTTPTypes
import Synchronization

/// Which methods each route of the router answers, so a known path asked with another method is
/// told 405 Method Not Allowed (RFC 9110 §15.5.6) with its `Allow` list, not 404, and before the
/// form-token check of browser writes. Filled once after the routes are added, then only read.
public final class RouteMethods: Sendable {
    struct Route: Sendable {
        let segments: [Substring]
        let methods: Set<HTTPRequest.Method>
    }
    private let routes = Mutex<[Route]>([])

    public init() {}

    /// Takes the router's routes as `(method, "/a/:slug/b")` pairs; HEAD goes with every GET.
    public func load(_ pairs: [(method: HTTPRequest.Method, path: String)]) {
        var byPath: [String: Set<HTTPRequest.Method>] = [:]
        for (method, path) in pairs {
            byPath[path, default: []].insert(method)
            if method == .get { byPath[path, default: []].insert(.head) }
        }
        routes.withLock { $0 = byPath.map { Route(segments: $0.key.split(separator: "/"), methods: $0.value) } }
    }

    /// The methods allowed on `path` when it is a known route that does not answer `method`; nil otherwise.
    public func notAllowed(_ method: HTTPRequest.Method, path: String) -> Set<HTTPRequest.Method>? {
        let segments = path.split(separator: "/")
        let allowed = routes.withLock { routes in
            routes.filter { Self.matches($0.segments, segments) }.reduce(into: Set<HTTPRequest.Method>()) {
                $0.formUnion($1.methods)
            }
        }
        return allowed.isEmpty || allowed.contains(method) ? nil : allowed
    }

    /// A route segment `:name` matches any one segment, `{name}.pdf` any with that suffix, `*` or `**` the rest.
    static func matches(_ route: [Substring], _ path: [Substring]) -> Bool {
        if route.last == "**" {
            return path.count >= route.count - 1 && zip(route.dropLast(), path).allSatisfy(segment)
        }
        return route.count == path.count && zip(route, path).allSatisfy(segment)
    }

    static func segment(_ pair: (Substring, Substring)) -> Bool {
        let (pattern, value) = pair
        if pattern.hasPrefix(":") || pattern == "*" { return true }
        if pattern.hasPrefix("{"), let close = pattern.firstIndex(of: "}") {
            return value.hasSuffix(pattern[pattern.index(after: close)...])
        }
        return pattern == value
    }
}
