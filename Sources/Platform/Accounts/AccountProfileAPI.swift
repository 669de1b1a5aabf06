import Foundation
import Hummingbird

/// `/api/v1` for what a person does with their own account besides signing in, as on `/account/`:
/// change their name, language and time zone; have the confirmation link sent again; and the forgotten
/// password (the link is mailed; the answer never says whether the address is known).
struct AccountProfileAPI: Sendable {
    let env: AppEnvironment
    let capabilities: CapabilitySet
    var service: AccountService { AccountService(env) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let api = router.group("api/v1")
        api.post("me") { request, context in
            let account = try AccountAPI.signedIn(context)
            let body = try await JSONBody.decode(AccountProfileBody.self, request)
            let updated = try await service.updateProfile(
                account, displayName: body.display_name ?? account.displayName,
                language: body.language ?? account.language.rawValue, timeZone: body.time_zone ?? account.timeZone,
                capabilities: capabilities)
            return try Response.jsonObject(AccountAPI.json(updated))
        }
        api.post("me/confirmation") { _, context in
            let account = try AccountAPI.signedIn(context)
            if account.emailConfirmedAt == nil { try await service.sendConfirmation(to: account) }
            return Response(status: .accepted)
        }
        api.post("password-resets") { request, context in
            let body = try await JSONBody.decode(ResetRequestBody.self, request)
            try await service.requestPasswordReset(email: body.email)
            return Response(status: .accepted)
        }
        api.post("password-resets/complete") { request, context in
            let body = try await JSONBody.decode(ResetBody.self, request)
            try await service.resetPassword(token: body.token, password: body.password)
            return Response(status: .noContent)
        }
    }
}

struct AccountProfileBody: Decodable { let display_name: String?, language: String?, time_zone: String? }
struct ResetRequestBody: Decodable { let email: String? }
struct ResetBody: Decodable { let token: String?, password: String? }

extension AccountProfileAPI {
    static let operations: [APIOperation] = [
        APIOperation(
            "post", "/api/v1/me", summary: "Change one's name, language or time zone; unsent members keep theirs",
            requiresAuth: true,
            requestSchema: .object([
                "display_name": .string(pattern: "\\S", minLength: 1, maxLength: 120),
                "language": .string(oneOf: Language.self),
                "time_zone": .string("An IANA time zone, e.g. Europe/Vienna"),
            ]),
            responses: [200: "The account", 401: "Not signed in", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/me/confirmation", summary: "Mail the confirmation link again (unconfirmed address only)",
            requiresAuth: true, responses: [202: "Sent if the address is unconfirmed", 401: "Not signed in"]),
        APIOperation(
            "post", "/api/v1/password-resets",
            summary: "Mail a link to set a new password; the same answer whether or not the address is known",
            requiresAuth: false, requestSchema: .object(["email": .string(format: "email")], required: ["email"]),
            responses: [202: "A link is mailed if the address is known", 422: "Not an e-mail address"]),
        APIOperation(
            "post", "/api/v1/password-resets/complete",
            summary: "Set a new password with the mailed link's token; it works once", requiresAuth: false,
            requestSchema: .object(
                ["token": .string(), "password": .string(minLength: 10, maxLength: 72)],
                required: ["token", "password"]),
            responses: [204: "Password set", 400: "Unknown, used or expired token", 422: "Invalid password"]),
    ]
}
