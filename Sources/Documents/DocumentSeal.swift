import Crypto
import Foundation

/// An Ed25519 signature over a document's canonical content: its fields, sorted by name,
/// as `name=value` lines in UTF-8 (NFC). Whoever holds the public key of `keyID` can check
/// it offline; changing any byte of the content breaks it. Pure.
public struct DocumentSeal: Sendable, Equatable {
    public let keyID: String
    public let signature: Data

    /// The bytes that are signed.
    public static func canonical(_ fields: [String: String]) -> Data {
        let lines = fields.sorted { $0.key < $1.key }.map { key, value in
            // Newlines would let one field pose as two; they are escaped.
            let escaped = value.precomposedStringWithCanonicalMapping
                .replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
            return "\(key)=\(escaped)"
        }
        return Data(lines.joined(separator: "\n").utf8)
    }

    public static func sign(_ fields: [String: String], with key: SigningKey) throws -> DocumentSeal {
        DocumentSeal(keyID: key.id, signature: try key.privateKey.signature(for: canonical(fields)))
    }

    /// True when a published key of that id signed exactly these fields.
    public func verifies(_ fields: [String: String], keys: [String: Curve25519.Signing.PublicKey]) -> Bool {
        guard let key = keys[keyID] else { return false }
        return key.isValidSignature(signature, for: Self.canonical(fields))
    }

    /// `keyID:base64` — how the seal travels inside a PDF.
    public var text: String { "\(keyID):\(signature.base64EncodedString())" }

    public init(keyID: String, signature: Data) { self.keyID = keyID; self.signature = signature }

    public init?(text: String) {
        guard let colon = text.lastIndex(of: ":"),
            let signature = Data(base64Encoded: String(text[text.index(after: colon)...]))
        else { return nil }
        self.init(keyID: String(text[..<colon]), signature: signature)
    }
}

/// A signing key with the id it is published under (keys rotate; old ids keep verifying).
public struct SigningKey: Sendable {
    public let id: String
    let privateKey: Curve25519.Signing.PrivateKey

    public init(id: String, rawRepresentation: Data) throws {
        self.id = id
        privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: rawRepresentation)
    }

    public static func generate(id: String) -> SigningKey {
        SigningKey(id: id, privateKey: Curve25519.Signing.PrivateKey())
    }

    init(id: String, privateKey: Curve25519.Signing.PrivateKey) { self.id = id; self.privateKey = privateKey }

    public var rawRepresentation: Data { privateKey.rawRepresentation }
    /// An Ed25519 signature over `data` (a message to another deployment, a key's endorsement).
    public func signature(for data: Data) throws -> Data { try privateKey.signature(for: data) }
    public var publicKey: Curve25519.Signing.PublicKey { privateKey.publicKey }
}

extension PDFDocument {
    /// The bytes before the information dictionary of a file this writer made, found through the
    /// trailer's `/Info` and the cross-reference table; nil when the file is not laid out that way.
    public static func bodyBeforeInfo(in pdf: Data) -> Data? {
        guard let tail = String(data: pdf.suffix(4096), encoding: .isoLatin1),
            let info = tail.matches(of: /\/Info (\d+) 0 R/).last.flatMap({ Int($0.output.1) }),
            let start = tail.matches(of: /startxref\s+(\d+)/).last.flatMap({ Int($0.output.1) }), start < pdf.count,
            let table = String(data: pdf[start...].prefix(64 + 20 * (info + 2)), encoding: .isoLatin1)
        else { return nil }
        let lines = table.split(separator: "\n")
        // "xref", "0 N", then one 20-byte line per object from 0.
        guard lines.count > info + 2, let offset = Int(lines[info + 2].prefix(10)), offset > 0, offset < pdf.count,
            pdf[offset...].starts(with: Data("\(info) 0 obj".utf8))
        else { return nil }
        return pdf.prefix(offset)
    }

    /// The document-information strings of a PDF this writer made (`/Key <FEFF…>` pairs),
    /// so a seal and its content can be read back from the file alone.
    public static func infoStrings(in pdf: Data) -> [String: String] {
        let text = String(decoding: pdf, as: UTF8.self)
        var result: [String: String] = [:]
        for match in text.matches(of: /\/([A-Za-z0-9_]+) <FEFF([0-9A-F]*)>/) {
            let hex = Array(match.output.2)
            var units: [UInt16] = []
            var index = 0
            while index + 4 <= hex.count {
                units.append(UInt16(String(hex[index..<index + 4]), radix: 16) ?? 0xFFFD)
                index += 4
            }
            result[String(match.output.1)] = String(decoding: units, as: UTF16.self)
        }
        return result
    }
}
