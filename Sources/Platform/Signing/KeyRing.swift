import Crypto
import Documents
import Foundation
import SQLKit

/// The deployment's Ed25519 signing keys: one current, the older ones kept so that what
/// they signed still verifies after a rotation. Public keys are always in the database (every
/// instance verifies with them). Private keys are in the database by default — a backup of the
/// database is then complete, and every instance signs with no file to hand out — or, with
/// `ZAVICAJ_SIGNING_KEY_FILE`, in that file only (see `KeyFile`), so that a copy of the database
/// cannot be used to forge documents.
public struct KeyRing: Sendable {
    let db: any SQLDatabase
    let clock: AppClock
    let file: KeyFile?

    /// The key file named by `ZAVICAJ_SIGNING_KEY_FILE`, if any.
    public static let configuredFile: String? = ProcessInfo.processInfo.environment["ZAVICAJ_SIGNING_KEY_FILE"].flatMap
    { $0.isEmpty ? nil : $0 }

    public init(_ db: any SQLDatabase, clock: AppClock, keyFile: String? = KeyRing.configuredFile) {
        self.db = db; self.clock = clock; self.file = keyFile.map(KeyFile.init(path:))
    }

    /// The key new signatures use; made on first use.
    public func current() async throws -> SigningKey {
        if let key = try await existing() { return key }
        return try await rotate()
    }

    /// The key in force, if there is one yet.
    func existing() async throws -> SigningKey? {
        if let file {
            guard let key = try file.current() else { return nil }
            try await publish(key)
            return key
        }
        return try await db.raw(
            "SELECT id, private_key FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1"
        ).row(PrivateRow.self).map { try SigningKey(id: $0.id, rawRepresentation: $0.privateKey) }
    }

    /// Retires the current key and starts a new one; the old one keeps verifying. The old key signs
    /// the new public key (its endorsement), so that a peer deployment that pinned the old key can
    /// follow the rotation without an administrator (see `Federation.PeerKeys`).
    @discardableResult
    public func rotate() async throws -> SigningKey {
        let now = clock.now()
        let previous = try await existing()
        let key = SigningKey.generate(
            id: "zv-" + Timestamp.text(now).prefix(10).replacingOccurrences(of: "-", with: "") + "-"
                + Random.token(bytes: 3))
        let endorsement = try previous?.signature(for: key.publicKey.rawRepresentation).base64EncodedString()
        try file?.add(key, at: now)
        try await db.raw("UPDATE signing_keys SET retired_at = \(bind: Timestamp.text(now)) WHERE retired_at IS NULL")
            .run()
        try await db.raw(
            """
            INSERT INTO signing_keys (id, private_key, public_key, created_at, endorsed_by, endorsement)
            VALUES (\(bind: key.id), \(bind: file == nil ? key.rawRepresentation.base64EncodedString() : ""),
              \(bind: key.publicKey.rawRepresentation.base64EncodedString()), \(bind: Timestamp.text(now)),
              \(bind: previous?.id), \(bind: endorsement))
            """
        ).run()
        return key
    }

    /// A key from the file that this database does not list yet (the file was installed first) is published.
    func publish(_ key: SigningKey) async throws {
        try await db.raw(
            """
            INSERT INTO signing_keys (id, private_key, public_key, created_at)
            VALUES (\(bind: key.id), '', \(bind: key.publicKey.rawRepresentation.base64EncodedString()), \
            \(bind: Timestamp.text(clock.now())))
            ON CONFLICT (id) DO NOTHING
            """
        ).run()
    }

    private struct PrivateRow: Decodable {
        let id: String
        @Base64Column var privateKey: Data
    }

    private struct PublicRow: Decodable {
        let id: String
        @Base64Column var publicKey: Data
    }

    /// Every public key by id, current and retired.
    public func publicKeys() async throws -> [String: Curve25519.Signing.PublicKey] {
        var keys: [String: Curve25519.Signing.PublicKey] = [:]
        for row in try await db.raw("SELECT id, public_key FROM signing_keys").rows(PublicRow.self) {
            keys[row.id] = try Curve25519.Signing.PublicKey(rawRepresentation: row.publicKey)
        }
        return keys
    }
}
