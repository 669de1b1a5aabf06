import Foundation
import Platform

/// What one deployment asks another: a search of the books, or one entry read. It names who asks
/// (the registrar and their municipality) and what for (`purpose`: the request it serves), so the
/// keeping municipality's log says who read its books and why. Pure.
public struct PeerRequest: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case search, read }
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
