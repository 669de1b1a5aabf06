import Hummingbird

/// Public pages as drawn for visitors not signed in: the same for every such visitor in a language,
/// so drawn once per municipality, language and path and kept for a few seconds per instance
/// (`scripts/bench-speed.sh`: drawing was most of such a request's time). Only pages without a form
/// qualify, as a form carries the visitor's own token. Any write on this instance forgets them all
/// at once (`PlatformMiddleware`); other instances show a change within the cache's lifetime, the
/// window the README states for reference data. A visitor with a query (a page of a list) or
/// signed in gets the page drawn for them.
public enum VisitorPages {
    public static func respond(
        _ request: Request, _ context: AppRequestContext, _ env: AppEnvironment, draw: () async throws -> String
    ) async throws -> Response {
        guard context.verifiedAccount == nil, request.uri.query == nil else { return .html(try await draw()) }
        let key = "\(context.municipality?.slug ?? "")|\(context.language.rawValue)|\(request.uri.path)"
        let page = try await cache(env).value(key, now: env.clock.now()) {
            let html = try await draw()
            assert(!html.contains(context.csrfToken), "\(request.uri.path) has a form: it is the visitor's own")
            return ByteBuffer(string: html)
        }
        return .html(page)
    }

    /// Something a public page shows changed outside a request of this instance (a job's work).
    public static func forget(_ env: AppEnvironment) {
        cache(env).forget(prefix: "")
    }

    static func cache(_ env: AppEnvironment) -> ShortLivedCache<ByteBuffer> {
        env.database.shared("pages.for-visitors") { ShortLivedCache<ByteBuffer>() }
    }
}
