import Crypto
import Documents
import Foundation
import SQLKit

/// The deployment's Ed25519 signing keys: one current, the older ones kept so that what
/// they signed still verifies after a rotation. Private keys stay in the database.
public struct KeyRing: Sendable {
    let db: any SQLDatabase
    let clock: AppClock
    public init(_ db: any SQLDatabase, clock: AppClock) { self.db = db; self.clock = clock }

    /// The key new signatures use; made on first use.
    public func current() async throws -> SigningKey {
        if let row = try await db.raw("SELECT * FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1").first() {
            return try SigningKey(id: try row.decode(column: "id", as: String.self),
                                  rawRepresentation: Data(base64Encoded: try row.decode(column: "private_key", as: String.self)) ?? Data())
        }
        return try await rotate()
    }

    /// Retires the current key and starts a new one; the old one keeps verifying.
    @discardableResult
    public func rotate() async throws -> SigningKey {
        let now = clock.now()
        let key = SigningKey.generate(id: "zv-" + Timestamp.text(now).prefix(10).replacingOccurrences(of: "-", with: "") + "-" + Random.token(bytes: 3))
        try await db.raw("UPDATE signing_keys SET retired_at = \(bind: Timestamp.text(now)) WHERE retired_at IS NULL").run()
        try await db.raw("""
            INSERT INTO signing_keys (id, private_key, public_key, created_at)
            VALUES (\(bind: key.id), \(bind: key.rawRepresentation.base64EncodedString()),
              \(bind: key.publicKey.rawRepresentation.base64EncodedString()), \(bind: Timestamp.text(now)))
            """).run()
        return key
    }

    /// Every public key by id, current and retired.
    public func publicKeys() async throws -> [String: Curve25519.Signing.PublicKey] {
        var keys: [String: Curve25519.Signing.PublicKey] = [:]
        for row in try await db.raw("SELECT id, public_key FROM signing_keys").all() {
            let raw = Data(base64Encoded: try row.decode(column: "public_key", as: String.self)) ?? Data()
            keys[try row.decode(column: "id", as: String.self)] = try Curve25519.Signing.PublicKey(rawRepresentation: raw)
        }
        return keys
    }
}
