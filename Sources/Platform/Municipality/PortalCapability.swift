import Foundation
import Hummingbird

/// The public face: the deployment's municipalities, each municipality's diaspora
/// portal, the language switch and the stylesheet.
public struct PortalCapability: Capability {
    public let name = "portal"
    let capabilities: @Sendable () -> CapabilitySet
    public init(capabilities: @escaping @Sendable () -> CapabilitySet) { self.capabilities = capabilities }

    /// Visits to the portals (the counter is the platform's).
    public var indicators: [Indicator] { [Indicator("diaspora_visits", VisitCounter.visit, seed: 1)] }

    public func addRoutes(to router: Router<AppRequestContext>, environment env: AppEnvironment) {
        router.get("/") { request, context in
            try await VisitorPages.respond(request, context, env) { context in
                let municipalities = try await env.municipalities.all().map {
                    HomePage.Card(slug: $0.slug, name: $0.names[context.language])
                }
                let page = HomePage(
                    title: env.catalogs[context.language].text("home_title"), municipalities: municipalities)
                return env.pages.html(page, request: request, context: context)
            }
        }
        router.municipalityGroup(env).get("/") { request, context in
            let municipality = try context.pathMunicipality
            return try await VisitorPages.respond(request, context, env) { context in
                try await portal(municipality, request, context, env)
            }
        }
        router.get("/lang/:code") { request, context in
            guard let code = context.parameters.get("code"), let language = Language(code: code) else {
                throw AppError.notFound
            }
            var response = Response.redirect(Self.localPath(request.query("next")))
            response.setCookie(
                PlatformMiddleware(environment: env).cookie(
                    PlatformMiddleware.languageCookie,
                    language.rawValue, context, maxAge: 365 * 24 * 3600))
            return response
        }
        StaticAsset.stylesheet.addRoutes(to: router)
    }

    /// A municipality's portal page: its services and how to reach it.
    func portal(
        _ municipality: Municipality, _ request: Request, _ context: AppRequestContext, _ env: AppEnvironment
    ) async throws -> String {
        let departments = try await env.municipalities.departments(of: municipality.id).map {
            PortalPage.Department(name: $0.names[context.language], email: $0.email)
        }
        let c = env.catalogs[context.language]
        let links = try await capabilities().portalLinks(for: municipality, environment: env)
        let groups = PortalGroup.allCases.compactMap { group -> PortalPage.Group? in
            let actions = links.filter { $0.group == group }.map {
                PortalPage.Action(label: c.text($0.labelKey), path: $0.path)
            }
            guard !actions.isEmpty else { return nil }
            return PortalPage.Group(
                id: group.rawValue, heading: c.text("portal_group_\(group.rawValue)"), links: actions)
        }
        let name = municipality.names[context.language]
        let page = PortalPage(
            title: name, name: name, address: municipality.address, email: municipality.email,
            phone: municipality.phone, website: municipality.website, departments: departments, groups: groups,
            crest: municipality.crestVersion.isEmpty
                ? nil : "/\(municipality.slug)/crest?v=\(municipality.crestVersion)")
        return env.pages.html(page, request: request, context: context)
    }

    /// Something the portal shows changed (profile, crest, departments, the press or radio links):
    /// this instance draws it anew at once, the others within the caches' few seconds.
    public static func changed(_ municipality: Municipality, _ env: AppEnvironment) {
        directory(env).forget(municipality.slug)
        VisitorPages.forget(env)
    }

    /// The municipality named in the path, or 404. Read through a short-lived cache: every
    /// page and API call of a municipality starts here; saving the profile forgets it.
    public static func municipality(_ context: AppRequestContext, _ env: AppEnvironment) async throws -> Municipality {
        if let municipality = context.municipality { return municipality }
        guard let slug = context.parameters.get("slug") else { throw AppError.notFound }
        // An unknown slug throws inside `load`, so it is never kept.
        return try await directory(env).value(slug, now: env.clock.now()) {
            guard let found = try await env.municipalities.find(slug: slug) else { throw AppError.notFound }
            return found
        }
    }

    public static func directory(_ env: AppEnvironment) -> ShortLivedCache<Municipality> {
        env.database.shared("municipalities.by-slug") { ShortLivedCache<Municipality>() }
    }

    /// Only paths on this site may be redirect targets, never `//elsewhere`.
    public static func localPath(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/" }
        return next
    }
}

/// The platform's front page: every municipality on it (`home`).
struct HomePage: PageView {
    static let template = "home"
    struct Card: Sendable { let slug: String, name: String }
    let title: String
    let municipalities: [Card]
}

/// A municipality's portal: its services and how to reach it (`portal`). Empty contact details are
/// empty strings, not nil: a nil would let the template find the municipality's own value instead.
struct PortalPage: PageView {
    static let template = "portal"
    struct Department: Sendable { let name: String, email: String }
    struct Action: Sendable { let label: String, path: String }
    /// Services, information or taking part; a group with no link is not shown.
    struct Group: Sendable { let id: String, heading: String, links: [Action] }
    let title: String, name: String, address: String, email: String, phone: String, website: String
    let departments: [Department]
    let groups: [Group]
    /// The crest's address, or nil when the municipality has none.
    let crest: String?
}
