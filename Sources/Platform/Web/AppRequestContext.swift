import Foundation
import Hummingbird
import NIOCore

/// What every request carries once the platform middleware has run.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var language: Language = .fallback
    public var account: Account?
    public var session: Session?
    /// The form token of this browser (double-submit cookie).
    public var csrfToken: String = ""
    /// What a rendered form submits as `_csrf`: the browser's token and a nonce of this page,
    /// which makes a double submission of the same form recognisable (see `Idempotency`).
    public var formToken: String = ""
    public var clientAddress: String
    public var secureTransport = false
    /// The municipality of the path, set by `MunicipalityMiddleware` on the routes of a municipality group.
    public var municipality: Municipality?
    /// The signed-in staff member of that municipality, set by `StaffMiddleware` on staff routes.
    public var staff: StaffScope?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    public var maxUploadSize: Int { 12 * 1024 * 1024 }

    /// The signed-in account, with the second factor given where its role needs one.
    public var verifiedAccount: Account? {
        guard let account, let session, session.secondFactor else { return nil }
        return account
    }

    /// The municipality of the path. Only routes of a municipality or staff group ask for it, and their
    /// middleware has set it; elsewhere it is a 404 rather than a crash.
    public var pathMunicipality: Municipality {
        get throws {
            guard let municipality else { throw AppError.notFound }
            return municipality
        }
    }

    /// The staff member the staff group let through, with their municipality.
    public var staffScope: StaffScope {
        get throws {
            guard let staff else { throw AppError.notFound }
            return staff
        }
    }

    public var actor: Actor {
        Actor(accountID: account?.id, email: account?.email ?? "anonymous", clientAddress: clientAddress)
    }
}
