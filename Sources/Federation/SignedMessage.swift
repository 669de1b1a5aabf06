import Crypto
import Documents
import Foundation

/// A message between deployments: the exact bytes of its JSON payload, signed with the sending
/// deployment's Ed25519 key. The payload travels base64-encoded, so what was signed is what is
/// checked and logged byte for byte, with no canonical form to agree on (as in JWS, RFC 7515 §3).
/// Pure.
public struct SignedMessage: Codable, Sendable, Equatable {
    public let payload: Data
    public let kid: String
    public let signature: Data

    public init(payload: Data, kid: String, signature: Data) {
        self.payload = payload; self.kid = kid; self.signature = signature
    }

    /// `body` as JSON, signed with `key`.
    public static func sign(_ body: some Encodable, with key: SigningKey) throws -> SignedMessage {
        let payload = try encoder.encode(body)
        return SignedMessage(payload: payload, kid: key.id, signature: try key.signature(for: payload))
    }

    /// True when the key `kid` names is among `keys` and signed exactly these bytes.
    public func verifies(with keys: [String: Curve25519.Signing.PublicKey]) -> Bool {
        keys[kid]?.isValidSignature(signature, for: payload) ?? false
    }

    public func body<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(type, from: payload) }

    /// SHA-256 of the payload, in hex: how an answer names the request it answers, and how logs match them.
    public var digest: String { Self.digest(payload) }

    public static func digest(_ data: Data) -> String {
        Hex.bytes(SHA256.hash(data: data))
    }

    /// The envelope as it travels and as the message logs keep it.
    public func json() throws -> Data { try Self.encoder.encode(self) }
    public static func read(_ data: Data) throws -> SignedMessage { try JSONDecoder().decode(Self.self, from: data) }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
