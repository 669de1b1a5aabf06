import Crypto
import Foundation

/// A peer's public keys as its `/.well-known/zavicaj-keys.json` publishes them, and the rule for
/// taking a newer copy in place of the pinned one. Pure.
public struct PeerKeys: Sendable, Equatable {
    public struct Key: Codable, Sendable, Equatable {
        public let kid: String
        public let public_key: String
        public var endorsed_by: String?
        public var endorsement: String?
        public init(kid: String, public_key: String, endorsed_by: String? = nil, endorsement: String? = nil) {
            self.kid = kid; self.public_key = public_key; self.endorsed_by = endorsed_by; self.endorsement = endorsement
        }
    }
    public var keys: [Key]

    public init(keys: [Key]) { self.keys = keys }

    /// The keys of a published document; a document with none, or a key that is not Ed25519, is refused.
    public static func published(_ data: Data) throws -> PeerKeys {
        struct Document: Decodable { let keys: [Key] }
        let keys = try JSONDecoder().decode(Document.self, from: data).keys
        guard !keys.isEmpty, keys.allSatisfy({ (try? publicKey($0.public_key)) != nil }) else {
            throw FederationError.badKeys
        }
        return PeerKeys(keys: keys)
    }

    /// Ed25519 public keys by id, for checking signatures.
    public var verifying: [String: Curve25519.Signing.PublicKey] {
        Dictionary(keys.compactMap { key in (try? Self.publicKey(key.public_key)).map { (key.kid, $0) } }) { a, _ in a }
    }

    /// What a fetched copy means against the pinned one (`self`).
    public enum Change: Sendable, Equatable {
        /// Nothing new.
        case same
        /// New keys, each signed by a key already trusted (pinned, or new and itself endorsed): a
        /// rotation, followed without asking anyone.
        case rotated(PeerKeys)
        /// A pinned key is gone or different, or a new one is signed by no trusted key: refused
        /// until an administrator compares it and accepts it.
        case changed(PeerKeys)
    }

    public func compare(_ fetched: PeerKeys) -> Change {
        let published = Dictionary(fetched.keys.map { ($0.kid, $0) }) { a, _ in a }
        for key in keys where published[key.kid]?.public_key != key.public_key { return .changed(fetched) }
        var trusted = verifying
        let new = fetched.keys.filter { key in !keys.contains { $0.kid == key.kid } }
        if new.isEmpty { return .same }
        // Oldest first, as they were made: each is endorsed by the one it replaced.
        for key in new {
            guard let by = key.endorsed_by, let signer = trusted[by],
                let endorsement = key.endorsement.flatMap({ Data(base64Encoded: $0) }),
                let raw = Data(base64Encoded: key.public_key),
                signer.isValidSignature(endorsement, for: raw),
                let publicKey = try? Self.publicKey(key.public_key)
            else { return .changed(fetched) }
            trusted[key.kid] = publicKey
        }
        return .rotated(fetched)
    }

    static func publicKey(_ base64: String) throws -> Curve25519.Signing.PublicKey {
        guard let raw = Data(base64Encoded: base64) else { throw FederationError.badKeys }
        return try Curve25519.Signing.PublicKey(rawRepresentation: raw)
    }

    /// As the peers table keeps it.
    public func json() -> String {
        String(decoding: (try? SignedMessage.encoder.encode(keys)) ?? Data("[]".utf8), as: UTF8.self)
    }

    public init(json: String) {
        keys = (try? JSONDecoder().decode([Key].self, from: Data(json.utf8))) ?? []
    }
}
