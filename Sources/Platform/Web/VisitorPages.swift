import Hummingbird

/// Public pages as drawn for visitors not signed in: the same for every such visitor in a language,
/// so drawn once per municipality, language and path and kept for a few seconds per instance
/// (`scripts/bench-speed.sh`: drawing was most of such a request's time). A form's token is the
/// visitor's own: the page is drawn with a marker in its place, and each visitor's token is put
/// where the marker stands. Any write on this instance forgets them all at once
/// (`PlatformMiddleware`); other instances show a change within the cache's lifetime, the window
/// the README states for reference data. A visitor with a query (a page of a list) or signed in
/// gets the page drawn for them.
public enum VisitorPages {
    /// `varying`: what else in the request the page depends on (the header a form's guess reads).
    public static func respond(
        _ request: Request, _ context: AppRequestContext, _ env: AppEnvironment, varying: String = "",
        draw: (AppRequestContext) async throws -> String
    ) async throws -> Response {
        guard context.verifiedAccount == nil, request.uri.query == nil else { return .html(try await draw(context)) }
        let key = "\(context.municipality?.slug ?? "")|\(context.language.rawValue)|\(request.uri.path)|\(varying)"
        var drawing = context
        drawing.formToken = marker
        let parts = try await cache(env).value(key, now: env.clock.now()) {
            let html = try await draw(drawing)
            assert(!html.contains(context.csrfToken), "\(request.uri.path): a visitor's own token in a shared page")
            return html.split(separator: marker, omittingEmptySubsequences: false).map {
                ByteBuffer(string: String($0))
            }
        }
        guard parts.count > 1 else { return .html(parts[0]) }
        var page = ByteBuffer()
        for (index, part) in parts.enumerated() {
            if index > 0 { page.writeString(context.formToken) }
            page.writeImmutableBuffer(part)
        }
        return .html(page)
    }

    /// Something a public page shows changed outside a request of this instance (a job's work).
    public static func forget(_ env: AppEnvironment) {
        cache(env).forget(prefix: "")
    }

    /// Stands for the form token in a kept page; new in every process, so no visitor can know it.
    static let marker = "zv-token-" + Random.token(bytes: 18)

    static func cache(_ env: AppEnvironment) -> ShortLivedCache<[ByteBuffer]> {
        env.database.shared("pages.for-visitors") { ShortLivedCache<[ByteBuffer]>() }
    }
}
