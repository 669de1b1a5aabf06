import CivilRegistry
import Platform

extension FederationAPI {
    static let peerSchema = JSONSchema.object(
        ["base_url": .string("The peer deployment's base URL", maxLength: 500), "name": .string(maxLength: 200)],
        required: ["base_url", "name"])
    static let grantsSchema = JSONSchema.object(
        [
            "grants": .array(
                of: .object(
                    [
                        "book": .string(oneOf: ["births", "marriages", "deaths", "citizens"]),
                        "permission": .string(oneOf: Permission.self),
                    ], required: ["book", "permission"]),
                maxItems: 8)
        ], required: ["grants"])
    static let messageSchema = JSONSchema.object(
        [
            "payload": .string("The request as JSON, base64", maxLength: 200_000),
            "kid": .string("The signing key's id", maxLength: 100),
            "signature": .string("Ed25519 signature over the payload bytes, base64", maxLength: 200),
        ], required: ["payload", "kid", "signature"])

    static let issueSchema = JSONSchema.object(
        [
            "request": .string("The waiting request's number (or id)", maxLength: 100),
            "language": .string(oneOf: DocumentLanguage.all.map(\.rawValue)),
            "issue_note": .string("Required when a request for self differs from the entry", maxLength: 1000),
        ], required: ["request"])

    static let operations: [APIOperation] = [
        APIOperation(
            "post", "/api/v1/federation/messages",
            summary:
                """
                A peer deployment's signed search, read or status request; answered with this deployment's signed \
                answer
                """,
            requiresAuth: false, requestSchema: messageSchema,
            responses: [
                200: "The signed answer", 401: "Unknown peer, revoked trust, bad signature or changed keys",
                409: "A message seen before (replay)", 422: "Not a signed message",
            ]),
        APIOperation(
            "get", "/api/v1/federation/peers",
            summary: "Trusted and revoked peers with their pinned keys (platform admin)",
            requiresAuth: true, responses: [200: "The peers"]),
        APIOperation(
            "post", "/api/v1/federation/peers",
            summary: "Adds a peer by base URL, pinning the keys it publishes (platform admin)", requiresAuth: true,
            requestSchema: peerSchema,
            responses: [201: "The peer", 422: "Bad address, already a peer, or keys unreadable", 502: "Unreachable"]),
        APIOperation(
            "post", "/api/v1/federation/peers/{id}/{decision}",
            summary: "accept-keys (pins a changed key set), revoke or restore trust (platform admin)",
            requiresAuth: true, responses: [200: "The peer", 409: "No changed keys to accept"]),
        APIOperation(
            "get", "/api/v1/federation/log",
            summary:
                "The message log of a period (from, to), with every key, for offline verification (platform admin)",
            requiresAuth: true, responses: [200: "The export"]),
        APIOperation(
            "get", "/api/v1/{slug}/federation/grants",
            summary: "What this municipality lets each peer do with its books (municipal admin)", requiresAuth: true,
            responses: [200: "The grants"]),
        APIOperation(
            "post", "/api/v1/{slug}/federation/grants/{id}",
            summary: "Replaces this municipality's grants to one peer (municipal admin)", requiresAuth: true,
            requestSchema: grantsSchema, responses: [200: "The grants", 422: "Unknown book or permission"]),
        APIOperation(
            "get", "/api/v1/{slug}/federation/peers/{id}/search",
            summary: "Searches a peer's books (jmbg, name, birth_date, book) for a stated purpose (registrar)",
            requiresAuth: true,
            responses: [
                200: "Entries found, each with its keeper's seal", 401: "The peer does not trust this deployment",
                422: "No purpose or nothing to search by", 502: "The peer is down, slow or answered wrongly",
            ]),
        APIOperation(
            "get", "/api/v1/{slug}/federation/peers/{id}/entries/{entry}",
            summary: "Reads one entry of a peer's books granted for issuing, for a stated purpose (registrar)",
            requiresAuth: true,
            responses: [
                200: "The entry's latest sealed version", 401: "The peer does not trust this deployment",
                422: "No purpose", 502: "The peer is down, slow or answered wrongly",
            ]),
        APIOperation(
            "post", "/api/v1/{slug}/federation/peers/{id}/entries/{entry}/issue",
            summary:
                """
                Issues one of this municipality's waiting extract requests from a peer's entry (registrar): the entry \
                is read for the request, the document carries the keeper's sealed record beside this deployment's seal
                """,
            requiresAuth: true, requestSchema: issueSchema,
            responses: [
                201: "The document issued", 401: "The peer does not trust this deployment",
                404: "No such request, or an entry not granted for issuing", 409: "The request is already decided",
                422: "Wrong book, or a reason needed", 502: "The peer is down, slow or answered wrongly",
            ]),
    ]
}
