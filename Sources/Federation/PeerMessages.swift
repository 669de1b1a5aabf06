import Crypto
import Documents
import Foundation
import Platform

/// What one deployment asks another: a search of the books, or one entry read. It names who asks
/// (the registrar and their municipality) and what for (`purpose`: the request it serves), so the
/// keeping municipality's log says who read its books and why. Pure.
public struct PeerRequest: Codable, Sendable, Equatable {
    /// `status`: whether an entry has changed since a version (living verification of a document
    /// issued from it); the answer says when, never what.
    public enum Kind: String, Codable, Sendable { case search, read, status }
    public struct Registrar: Codable, Sendable, Equatable {
        public let id: String, name: String
        public init(id: String, name: String) { self.id = id; self.name = name }
    }
    /// What a search looks for, as the registrar's own search form has it.
    public struct Terms: Codable, Sendable, Equatable {
        public var jmbg: String?, name: String?, birth_date: String?, book: String?
        public init(jmbg: String? = nil, name: String? = nil, birth_date: String? = nil, book: String? = nil) {
            self.jmbg = jmbg; self.name = name; self.birth_date = birth_date; self.book = book
        }
    }

    /// Unique per message: the keeper refuses one it has seen (a replay).
    public let id: String
    /// The sending and the receiving deployment, by base URL.
    public let from: String, to: String
    public let sent_at: String
    public let kind: Kind
    public let registrar: Registrar
    public let municipality: String, municipality_name: String
    public let purpose: String
    public var terms: Terms?
    public var entry: String?
    /// For `status`: the version a document was drawn from.
    public var version: Int?

    public init(
        id: String, from: String, to: String, sent_at: String, kind: Kind, registrar: Registrar, municipality: String,
        municipality_name: String, purpose: String, terms: Terms? = nil, entry: String? = nil
    ) {
        (self.id, self.from, self.to, self.sent_at, self.kind) = (id, from, to, sent_at, kind)
        (self.registrar, self.municipality, self.municipality_name) = (registrar, municipality, municipality_name)
        (self.purpose, self.terms, self.entry) = (purpose, terms, entry)
    }

    /// How far a message's time may be from the receiver's clock: older ones are refused, so the
    /// log of seen ids only has to cover this window to stop replays (it is kept whole anyway).
    public static let freshness: TimeInterval = 300

    public func isFresh(at now: Date) -> Bool {
        guard let sent = Timestamp.date(sent_at) else { return false }
        return abs(sent.timeIntervalSince(now)) <= Self.freshness
    }
}

/// The keeper's signed answer: the entries it lets the asker see, each with its latest sealed
/// version, or why it refused. `request_digest` ties it to exactly one request. Pure.
public struct PeerAnswer: Codable, Sendable, Equatable {
    public let request_id: String, request_digest: String
    public let from: String, to: String
    public let sent_at: String
    /// `answered`, or `refused` with a `code` (`not_granted`, `not_found`).
    public let status: String
    public var code: String?
    public var entries: [SharedEntry] = []
    /// For `status`: when the entry first changed after the asked version; absent when it has not.
    public var first_change: String?
}

/// One entry as the keeping deployment shares it: its latest version exactly as the keeper sealed
/// it (place in the books, fields, annotation), and that seal, which the asker checks with the
/// keeper's pinned keys; what is shown is read from the sealed content, so nothing unsealed travels
/// as the record. Pure.
public struct SharedEntry: Codable, Sendable, Equatable {
    public let municipality: String, municipality_name: String
    public let registered_on: String
    public let sealed: [String: String]
    public let seal: String
    /// Only in the answer to a read (to issue from): every version as sealed, oldest first (the
    /// later entries an extract prints), and the keeping municipality as a document names it.
    public var history: [SharedVersion]?
    public var keeper: Keeper?

    public init(
        municipality: String, municipality_name: String, registered_on: String, sealed: [String: String], seal: String
    ) {
        (self.municipality, self.municipality_name, self.registered_on) = (
            municipality, municipality_name, registered_on
        )
        (self.sealed, self.seal) = (sealed, seal)
    }

    public var id: String { sealed["entry"] ?? "" }
    public var book: String { sealed["book"] ?? "" }
    public var reference: String { sealed["reference"] ?? "" }
    public var version: Int { Int(sealed["version"] ?? "") ?? 0 }
    /// The entry's fields as they read in this version.
    public var fields: [String: String] {
        Dictionary(
            uniqueKeysWithValues: sealed.compactMap { key, value in
                key.hasPrefix("field.") ? (String(key.dropFirst(6)), value) : nil
            })
    }
}

extension SharedEntry {
    /// True when the keeper's keys sealed this entry's latest version and every version of its
    /// history, and the history ends with that latest version.
    public func sealsHold(under keys: [String: Curve25519.Signing.PublicKey]) -> Bool {
        let versions = [(sealed, seal)] + (history ?? []).map { ($0.sealed, $0.seal) }
        guard versions.allSatisfy({ DocumentSeal(text: $0.1)?.verifies($0.0, keys: keys) == true }) else {
            return false
        }
        return history.map { $0.last?.sealed == sealed } ?? true
    }
}

/// One version of an entry as its keeper sealed it, and who entered it (printed beside a later entry).
public struct SharedVersion: Codable, Sendable, Equatable {
    public let sealed: [String: String]
    public let seal: String
    public let recorded_by_name: String
    public init(sealed: [String: String], seal: String, recorded_by_name: String) {
        (self.sealed, self.seal, self.recorded_by_name) = (sealed, seal, recorded_by_name)
    }
}

/// The keeping municipality as an extract names it: its names in every language, and the entity and
/// canton whose law decides the prescribed form.
public struct Keeper: Codable, Sendable, Equatable {
    public let id: String, slug: String, code: String
    public let names: [String: String]
    public let entity: String
    public let canton: String?
}
