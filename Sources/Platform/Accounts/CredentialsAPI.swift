import Foundation
import Hummingbird

/// `/api/v1/me/…` for what "Moje usluge" and the account's security pages offer: the person's
/// services with status and next step, a new password, a new e-mail address and its confirmation.
struct CredentialsAPI: Sendable {
    let env: AppEnvironment
    let capabilities: CapabilitySet
    var service: AccountService { AccountService(env) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let api = router.group("api/v1/me")
        api.get("services") { _, context in
            let account = try AccountAPI.signedIn(context)
            let services = try await capabilities.services(
                of: account, environment: env, catalog: env.catalogs[account.language])
            let slugs = Dictionary(uniqueKeysWithValues: try await env.municipalities.all().map { ($0.id, $0.slug) })
            return try Response.json(["services": services.map { ServiceJSON($0, slug: slugs[$0.municipalityID]) }])
        }
        api.post("password") { request, context in
            let account = try AccountAPI.signedIn(context)
            let body = try await JSONBody.decode(PasswordChangeBody.self, request)
            try await service.changePassword(
                account, current: body.current_password, new: body.new_password, keeping: context.session?.id)
            return Response(status: .noContent)
        }
        api.post("email") { request, context in
            let account = try AccountAPI.signedIn(context)
            let body = try await JSONBody.decode(EmailChangeBody.self, request)
            try await service.requestEmailChange(account, current: body.current_password, newEmail: body.new_email)
            return Response(status: .accepted)
        }
        api.post("email/confirm") { request, _ in
            let body = try await JSONBody.decode(EmailConfirmBody.self, request)
            return try Response.jsonObject(AccountAPI.json(try await service.confirmEmailChange(token: body.token)))
        }
    }

}

/// One item of "Moje usluge" in the API; `path` is the page that shows it.
struct ServiceJSON: Encodable {
    let kind: String, municipality: String?, title: String, reference: String, status: String, since: String
    let next_step: String?, path: String?
    init(_ s: MyService, slug: String?) {
        (kind, municipality, title, reference, status) = (s.kind.rawValue, slug, s.title, s.reference, s.status)
        (since, next_step, path) = (Timestamp.text(s.since), s.nextStep, slug.map { "/\($0)/\(s.path)" })
    }
}

struct PasswordChangeBody: Decodable { let current_password: String?, new_password: String? }
struct EmailChangeBody: Decodable { let current_password: String?, new_email: String? }
struct EmailConfirmBody: Decodable { let token: String? }

extension CredentialsAPI {
    static let operations: [APIOperation] = [
        APIOperation(
            "get", "/api/v1/me/services",
            summary: "Moje usluge: the person's questions, document requests, reports, tickets and profiles, "
                + "each with its status and next step in the account's language",
            requiresAuth: true, responses: [200: "The services", 401: "Not signed in"]),
        APIOperation(
            "post", "/api/v1/me/password",
            summary: "A new password after the current one; every other session ends", requiresAuth: true,
            requestSchema: .object(
                ["current_password": .string(), "new_password": .string(minLength: 10, maxLength: 72)],
                required: ["current_password", "new_password"]),
            responses: [
                204: "Changed", 401: "Not signed in", 422: "Wrong current password or invalid new one",
                429: "Too many wrong passwords this hour",
            ]),
        APIOperation(
            "post", "/api/v1/me/email",
            summary: "Move the account to a new address: a link goes to it, a notice to the old one",
            requiresAuth: true,
            requestSchema: .object(
                ["current_password": .string(), "new_email": .string(format: "email")],
                required: ["current_password", "new_email"]),
            responses: [
                202: "Link sent", 401: "Not signed in", 422: "Wrong password, invalid or taken address",
                429: "Too many wrong passwords this hour",
            ]),
        APIOperation(
            "post", "/api/v1/me/email/confirm", summary: "Confirm the new address with the mailed link's token",
            requiresAuth: false, requestSchema: .object(["token": .string()], required: ["token"]),
            responses: [
                200: "The account at its new address", 400: "Unknown, used or expired token",
                422: "Address taken meanwhile",
            ]),
    ]
}
