import Foundation
import HTTPTypes
import Synchronization

/// Which methods each route of the router answers, so a known path asked with another method is
/// told 405 Method Not Allowed (RFC 9110 §15.5.6) with its `Allow` list, not 404, and before the
/// form-token check of browser writes. Filled once after the routes are added, then only read.
public final class RouteMethods: Sendable {
    /// The routes as a tree of path segments, so a write walks its own path's few branches (a scan
    /// of every route took 6 % of a question's submission, `perf record -g`).
    struct Node: Sendable {
        var literal: [Substring: Node] = [:]
        /// `:name` or `*`: any one segment (an array of at most one: a struct cannot hold itself).
        var any: [Node] = []
        /// `{name}.pdf`: any segment with that suffix.
        var suffixed: [(suffix: Substring, node: Node)] = []
        /// Methods of the routes that end here, and of those ending in `**` here (any rest, or none).
        var methods: Set<HTTPRequest.Method> = []
        var rest: Set<HTTPRequest.Method> = []

        mutating func add(_ segments: ArraySlice<Substring>, _ methods: Set<HTTPRequest.Method>) {
            guard let first = segments.first else { return self.methods.formUnion(methods) }
            let tail = segments.dropFirst()
            if first == "**" { return rest.formUnion(methods) }
            if first.hasPrefix(":") || first == "*" {
                if any.isEmpty { any.append(Node()) }
                any[0].add(tail, methods)
            } else if first.hasPrefix("{"), let close = first.firstIndex(of: "}") {
                let suffix = first[first.index(after: close)...]
                if let at = suffixed.firstIndex(where: { $0.suffix == suffix }) {
                    suffixed[at].node.add(tail, methods)
                } else {
                    var node = Node()
                    node.add(tail, methods)
                    suffixed.append((suffix, node))
                }
            } else {
                literal[first, default: Node()].add(tail, methods)
            }
        }

        func methods(for path: ArraySlice<Substring>) -> Set<HTTPRequest.Method> {
            var found = rest
            guard let first = path.first else { return found.union(methods) }
            let tail = path.dropFirst()
            if let next = literal[first] { found.formUnion(next.methods(for: tail)) }
            for next in any { found.formUnion(next.methods(for: tail)) }
            for (suffix, next) in suffixed where first.hasSuffix(suffix) { found.formUnion(next.methods(for: tail)) }
            return found
        }
    }
    private let routes = Mutex(Node())

    public init() {}

    /// Takes the router's routes as `(method, "/a/:slug/b")` pairs; HEAD goes with every GET.
    public func load(_ pairs: [(method: HTTPRequest.Method, path: String)]) {
        var root = Node()
        for (method, path) in pairs {
            root.add(path.split(separator: "/")[...], method == .get ? [.get, .head] : [method])
        }
        routes.withLock { $0 = root }
    }

    /// The methods allowed on `path` when it is a known route that does not answer `method`; nil otherwise.
    public func notAllowed(_ method: HTTPRequest.Method, path: String) -> Set<HTTPRequest.Method>? {
        let segments = path.split(separator: "/")[...]
        let allowed = routes.withLock { $0.methods(for: segments) }
        return allowed.isEmpty || allowed.contains(method) ? nil : allowed
    }
}
