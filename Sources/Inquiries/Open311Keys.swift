import Foundation
import Platform

/// The keys Open311 clients post requests with: one per client, issued by a municipal admin,
/// shown once, kept only as a digest.
public struct Open311Keys: Sendable {
    let env: AppEnvironment
    public init(_ env: AppEnvironment) { self.env = env }

    public struct Key: Sendable, Decodable {
        public let name: String
        public let createdAt: String
    }

    /// Issues a key for a client and returns it; this is the only time it is shown.
    public func issue(municipality: Municipality, name raw: String?, actor: Actor) async throws -> String {
        let name = try InquiryRules.text(raw, field: "name", limit: 120)
        let key = Random.token(bytes: 24)
        let id = Random.id(), now = Timestamp.text(env.clock.now())
        try await env.database.transaction { db in
            try await db.raw(
                """
                INSERT INTO open311_keys (id, municipality_id, name, key_hash, created_at)
                VALUES (\(bind: id), \(bind: municipality.id), \(bind: name), \(bind: Random.digest(key)), \(bind: now))
                """
            ).run()
            try await AuditLog(db, clock: env.clock).record(
                actor, "open311.key.issue", objectType: "open311_key", objectID: id,
                municipalityID: municipality.id, detail: name)
        }
        return key
    }

    public func list(_ municipalityID: String) async throws -> [Key] {
        try await env.database.sql.raw(
            """
            SELECT name, created_at FROM open311_keys WHERE municipality_id = \(bind: municipalityID) AND revoked_at \
            IS NULL ORDER BY created_at
            """
        ).rows(Key.self)
    }

    /// The client name of a valid key of this municipality, or nil.
    public func client(key: String?, municipalityID: String) async throws -> String? {
        guard let key, !key.isEmpty else { return nil }
        return try await env.database.sql.raw(
            """
            SELECT name FROM open311_keys WHERE key_hash = \(bind: Random.digest(key)) AND municipality_id = \
            \(bind: municipalityID)
              AND revoked_at IS NULL
            """
        ).value("name", as: String.self)
    }
}
