import Foundation
import Hummingbird

/// `/api/v1` for accounts: bearer sessions, the person's own data, registration.
struct AccountAPI: Sendable {
    let env: AppEnvironment
    let capabilities: CapabilitySet
    var service: AccountService { AccountService(env) }

    static let operations: [APIOperation] = [
        APIOperation(
            "post", "/api/v1/sessions", summary: "Sign in; returns a bearer token", requiresAuth: false,
            requestSchema:
                .object(
                    [
                        "email": .string(format: "email"),
                        "password": .string(),
                        "totp": .string(pattern: "^[0-9]{6}$"),
                    ], required: ["email", "password"]),
            responses: [
                201: "Signed in", 401: "Wrong e-mail or password", 403: "Second factor must be enrolled first",
                422: "Invalid field, or the code is missing, wrong or already used", 429: "Too many attempts",
            ]),
        APIOperation(
            "delete", "/api/v1/sessions/current", summary: "Sign out this token", requiresAuth: true,
            responses: [204: "Signed out", 401: "Not signed in"]),
        APIOperation(
            "get", "/api/v1/me", summary: "The signed-in account", requiresAuth: true,
            responses: [200: "The account", 401: "Not signed in"]),
        APIOperation(
            "delete", "/api/v1/me", summary: "Erase the signed-in member's account", requiresAuth: true,
            requestSchema: .object(
                [
                    "password": .string()
                ], required: ["password"]),
            responses: [
                204: "Erased", 401: "Not signed in", 403: "Staff accounts are removed by an admin",
                422: "Wrong password",
            ]),
        APIOperation(
            "get", "/api/v1/me/export", summary: "All data held about the signed-in person", requiresAuth: true,
            responses: [200: "The data", 401: "Not signed in"]),
        APIOperation(
            "post", "/api/v1/members", summary: "Register a diaspora member; a confirmation link is mailed",
            requiresAuth: false,
            requestSchema:
                .object(
                    [
                        "email": .string(format: "email"),
                        "password": .string(minLength: 10, maxLength: 72),
                        "display_name": .string(pattern: "\\S", minLength: 1, maxLength: 120),
                        "language": .string(oneOf: Language.self),
                        "time_zone": .string(),
                        "municipalities": .array(
                            of: .string(), maxItems: 200,
                            "Slugs of the municipalities the person is from (optional); the confirmation link "
                                + "leads to each"
                        ),
                    ], required: ["email", "password", "display_name"]),
            responses: [201: "Registered", 422: "Invalid field"]),
    ]

    func addRoutes(to router: Router<AppRequestContext>) {
        let api = router.group("api/v1")
        api.post("sessions") { request, context in try await createSession(request, context) }
        api.delete("sessions/current") { _, context in
            guard let session = context.session else { throw AppError.unauthorized }
            try await env.sessions.delete(sessionID: session.id)
            return Response(status: .noContent)
        }
        api.get("me") { _, context in try Response.jsonObject(Self.json(try Self.signedIn(context))) }
        api.get("me/export") { _, context in
            try Response.jsonObject(try await service.export(try Self.signedIn(context), capabilities: capabilities))
        }
        api.delete("me") { request, context in
            let account = try Self.signedIn(context)
            let body = try await JSONBody.decode(PasswordBody.self, request)
            try await service.delete(account, password: body.password, capabilities: capabilities)
            return Response(status: .noContent)
        }
        api.post("members") { request, context in
            let body = try await JSONBody.decode(MemberBody.self, request)
            let account = try await service.register(
                .init(
                    email: body.email, password: body.password, displayName: body.display_name,
                    language: body.language ?? context.language.rawValue,
                    timeZone: body.time_zone.flatMap { $0.isEmpty ? nil : $0 },
                    municipalities: body.municipalities ?? []),
                clientAddress: context.clientAddress)
            return try Response.jsonObject(Self.json(account), status: .created)
        }
    }

    static func signedIn(_ context: AppRequestContext) throws -> Account {
        guard let account = context.verifiedAccount else { throw AppError.unauthorized }
        return account
    }

    func createSession(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(SessionBody.self, request)
        let account = try await service.authenticate(
            email: body.email, password: body.password, clientAddress: context.clientAddress)
        if service.needsSecondFactor(account) { try await service.checkSecondFactor(account, code: body.totp) }
        let token = try await env.sessions.create(
            accountID: account.id, kind: .api, secondFactor: true,
            clientAddress: context.clientAddress, at: env.clock.now())
        return try Response.jsonObject(
            [
                "token": token, "token_type": "Bearer",
                "expires_at": Timestamp.text(env.clock.now().addingTimeInterval(SessionStore.apiLifetime)),
                "account": Self.json(account),
            ], status: .created)
    }

    static func json(_ account: Account) -> [String: Any] {
        [
            "id": account.id, "email": account.email, "display_name": account.displayName,
            "language": account.language.rawValue,
            "time_zone": account.timeZone, "role": account.role?.rawValue ?? NSNull(),
            "municipality_id": account.municipalityID ?? NSNull(), "email_confirmed": account.emailConfirmedAt != nil,
            "second_factor_enabled": account.hasSecondFactor,
        ]
    }
}

/// Accounts as a capability: pages and API for a person's own account.
public struct AccountsCapability: Capability {
    public let name = "accounts"
    let capabilities: @Sendable () -> CapabilitySet
    public init(capabilities: @escaping @Sendable () -> CapabilitySet) { self.capabilities = capabilities }

    public var apiOperations: [APIOperation] {
        AccountAPI.operations + AccountProfileAPI.operations + CredentialsAPI.operations + WorkAPI.operations
            + MunicipalityAPI.operations + [
                APIOperation(
                    "post", "/api/v1/{slug}/crest",
                    summary:
                        "The municipality's crest or logo: the body is the PNG or JPEG itself, at most 256 KB "
                        + "(municipal admin)",
                    requiresAuth: true,
                    responses: [200: "The profile with the crest's address", 422: "Not a PNG or JPEG, or too large"])
            ]
            + StaffAPI.operations
    }

    public func addRoutes(to router: Router<AppRequestContext>, environment: AppEnvironment) {
        AccountPages(env: environment, capabilities: capabilities()).addRoutes(to: router)
        AccountAPI(env: environment, capabilities: capabilities()).addRoutes(to: router)
        MunicipalityAPI(env: environment).addRoutes(to: router)
        StaffAPI(env: environment).addRoutes(to: router)
        AccountProfileAPI(env: environment, capabilities: capabilities()).addRoutes(to: router)
        CredentialsAPI(env: environment, capabilities: capabilities()).addRoutes(to: router)
        WorkAPI(env: environment, capabilities: capabilities()).addRoutes(to: router)
    }
}

/// The bodies of the account API, as its schemas describe them.
struct SessionBody: Decodable { let email: String?, password: String?, totp: String? }
struct PasswordBody: Decodable { let password: String? }
struct MemberBody: Decodable {
    let email: String?, password: String?, display_name: String?, language: String?, time_zone: String?
    let municipalities: [String]?
}
