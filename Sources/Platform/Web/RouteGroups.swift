import Foundation
import Hummingbird

/// Puts the municipality of the path's `:slug` on the request context; an unknown slug is 404 before
/// any handler runs. Runs on the routes of a municipality group only.
public struct MunicipalityMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let env: AppEnvironment

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        context.municipality = try await PortalCapability.municipality(context, env)
        return try await next(request, context)
    }
}

/// Lets only staff of the path's municipality through, signed in with the second factor their role
/// needs: others are sent to sign in (pages) or told 401 (API), and another municipality's staff get
/// 404, as if the page did not exist; a staff member whose role the group does not name gets 403.
public struct StaffMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let env: AppEnvironment
    let api: Bool
    /// The roles the group's routes serve; nil lets every staff role of the municipality in.
    let roles: Set<Role>?

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        let municipality = try context.pathMunicipality
        guard let account = context.verifiedAccount else {
            throw api ? AppError.unauthorized : Redirect.toLogin(from: request.uri.description) as any Error
        }
        guard account.canStaff(municipality.id) else { throw AppError.notFound }
        if let roles, let role = account.role, !roles.contains(role) { throw AppError.forbidden }
        context.municipality = municipality
        context.staff = StaffScope(account: account, municipality: municipality)
        return try await next(request, context)
    }
}

extension Router where Context == AppRequestContext {
    /// Routes under `/{slug}/…`: the handlers find the municipality on the context.
    public func municipalityGroup(_ env: AppEnvironment, prefix: String = "") -> RouterGroup<AppRequestContext> {
        group(RouterPath(prefix + ":slug")).add(middleware: MunicipalityMiddleware(env: env))
    }

    /// Routes under `/{slug}/staff/…`: only the municipality's staff with one of `roles` reach the handlers,
    /// which find them on the context (`context.staffScope`). Routes with other roles go in another group.
    public func staffGroup(_ env: AppEnvironment, roles: Set<Role>? = nil) -> RouterGroup<AppRequestContext> {
        group(":slug/staff").add(middleware: MunicipalityMiddleware(env: env))
            .add(middleware: StaffMiddleware(env: env, api: false, roles: roles))
    }

    /// API routes under `/api/v1/{slug}/…` for the municipality's staff (401 without a bearer).
    public func staffAPIGroup(_ env: AppEnvironment, roles: Set<Role>? = nil) -> RouterGroup<AppRequestContext> {
        group("api/v1/:slug").add(middleware: MunicipalityMiddleware(env: env))
            .add(middleware: StaffMiddleware(env: env, api: true, roles: roles))
    }
}
