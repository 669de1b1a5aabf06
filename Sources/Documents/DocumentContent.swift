import Crypto
import Foundation

/// A document's signed content as it travels: the canonical `name=value` lines that
/// `DocumentSeal` signs, written into the PDF's information dictionary beside the seal,
/// so that the file alone is enough to check it. Pure.
public enum DocumentContent {
    /// Information-dictionary keys of a sealed PDF.
    public static let contentKey = "ZavicajContent", sealKey = "ZavicajSeal"
    /// Public keys by key id, as one or several deployments publish them.
    public typealias Keys = [String: Curve25519.Signing.PublicKey]

    public static func text(_ fields: [String: String]) -> Data { DocumentSeal.canonical(fields) }

    /// The fields back from their canonical lines (the escapes undone).
    public static func fields(from text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let eq = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<eq])] = unescape(line[line.index(after: eq)...])
        }
        return fields
    }

    static func unescape(_ value: Substring) -> String {
        var out = "", escaped = false
        for character in value {
            if escaped {
                out.append(character == "n" ? "\n" : character); escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// The field that binds the seal to the file: the SHA-256 of everything before the information dictionary.
    public static let bodyDigestField = "document.pdf_sha256"

    /// Renders the document sealed: the signed fields are `fields` plus the digest of the rendered
    /// pages and font, so changing any byte a reader sees breaks the seal. Returns the fields signed.
    public static func sealed(_ document: PDFDocument, fields: [String: String], key: SigningKey) throws -> (
        pdf: Data, fields: [String: String], seal: DocumentSeal
    ) {
        var signed = fields
        var seal: DocumentSeal?
        let pdf = try document.render { digest in
            signed[bodyDigestField] = digest
            let made = try DocumentSeal.sign(signed, with: key)
            seal = made
            return [contentKey: String(decoding: text(signed), as: UTF8.self), sealKey: made.text]
        }
        return (pdf, signed, seal!)
    }

    public enum Check: Equatable, Sendable {
        /// Signed by a published key, content unchanged.
        case valid([String: String])
        /// Content and seal are there, but they do not match any published key.
        case invalid
        /// Not a sealed document of this platform.
        case unsealed
    }

    /// Checks a PDF against the published keys, offline.
    public static func check(pdf: Data, keys: [String: Curve25519.Signing.PublicKey]) -> Check {
        let info = PDFDocument.infoStrings(in: pdf)
        guard let text = info[contentKey], let sealText = info[sealKey], let seal = DocumentSeal(text: sealText) else {
            return .unsealed
        }
        let fields = fields(from: text)
        // The embedded text must be exactly the canonical form: nothing added a field can hide behind.
        guard DocumentContent.text(fields) == Data(text.utf8), seal.verifies(fields, keys: keys),
            let body = PDFDocument.bodyBeforeInfo(in: pdf),
            fields[bodyDigestField] == Hex.bytes(SHA256.hash(data: body))
        else { return .invalid }
        return .valid(fields)
    }

    /// A document issued from a record another deployment keeps carries that record's version as its
    /// keeper sealed it (`record.*`) and the keeper's seal (`record.seal`). Nil when it carries none;
    /// otherwise whether that seal holds under the keeper's `keys`.
    public static func recordHolds(_ fields: [String: String], keys: [String: Curve25519.Signing.PublicKey]) -> Bool? {
        guard let text = fields["record.seal"] else { return nil }
        var sealed: [String: String] = [:]
        for (key, value) in fields where key.hasPrefix("record.") && key != "record.seal" && key != "record.deployment"
        {
            sealed[String(key.dropFirst("record.".count))] = value
        }
        return DocumentSeal(text: text)?.verifies(sealed, keys: keys) == true
    }

    /// The key set that a JSON file holds: `zavicaj-keys.json` as published, or several joined (kids are unique).
    public static func keys(fromJSON data: Data) -> [String: Curve25519.Signing.PublicKey] {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let list = object["keys"] as? [[String: Any]]
        else { return [:] }
        var keys: [String: Curve25519.Signing.PublicKey] = [:]
        for entry in list {
            guard let id = entry["kid"] as? String,
                let raw = (entry["public_key"] as? String).flatMap({ Data(base64Encoded: $0) }),
                let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
            else { continue }
            keys[id] = key
        }
        return keys
    }
}
