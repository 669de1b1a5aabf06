import Foundation
import Platform
import SQLKit

/// A deployment this one trusts, by its base URL, with the keys pinned when it was added.
public struct Peer: Sendable, Decodable {
    public enum Status: String, Sendable, Decodable { case trusted, revoked }
    public let id: String
    public let name: String
    public let baseURL: String
    let keys: String
    let offeredKeys: String?
    public let status: Status
    public let addedAt: String

    public var pinned: PeerKeys { PeerKeys(json: keys) }
    public var pinnedKeyIDs: String { pinned.keys.map(\.kid).joined(separator: ", ") }
    /// A changed key set waiting for an admin's acceptance.
    public var offered: PeerKeys? { offeredKeys.map(PeerKeys.init(json:)) }
}

/// The books a municipality opens to a peer, and for what.
public enum Permission: String, Sendable, CaseIterable, Decodable { case search, issue }

/// SQL for peers and grants.
struct PeerStore: Sendable {
    let db: any SQLDatabase

    func all() async throws -> [Peer] {
        try await db.raw("SELECT * FROM federation_peers ORDER BY name").rows(Peer.self)
    }

    func peer(id: String) async throws -> Peer? {
        try await db.raw("SELECT * FROM federation_peers WHERE id = \(bind: id)").row(Peer.self)
    }

    func peer(baseURL: String) async throws -> Peer? {
        try await db.raw("SELECT * FROM federation_peers WHERE base_url = \(bind: baseURL)").row(Peer.self)
    }

    func insert(id: String, name: String, baseURL: String, keys: PeerKeys, by: String, at now: Date) async throws {
        let at = Timestamp.text(now)
        try await db.raw(
            """
            INSERT INTO federation_peers (id, name, base_url, keys, status, added_by, added_at, keys_checked_at)
            VALUES (\(bind: id), \(bind: name), \(bind: baseURL), \(bind: keys.json()), 'trusted', \(bind: by), \
            \(bind: at), \(bind: at))
            """
        ).run()
    }

    /// Pins `keys` (a followed rotation, or a changed set an admin accepted) and clears any offer.
    func pin(_ peerID: String, keys: PeerKeys, at now: Date) async throws {
        try await db.raw(
            """
            UPDATE federation_peers SET keys = \(bind: keys.json()), offered_keys = NULL, \
            keys_checked_at = \(bind: Timestamp.text(now)) WHERE id = \(bind: peerID)
            """
        ).run()
    }

    /// Claims the right to fetch a peer's keys again: once a minute per peer across every instance,
    /// so messages naming made-up key ids cannot make us hammer the peer (one atomic statement).
    func claimKeyCheck(_ peerID: String, at now: Date) async throws -> Bool {
        try await db.raw(
            """
            UPDATE federation_peers SET keys_checked_at = \(bind: Timestamp.text(now)) WHERE id = \(bind: peerID) \
            AND keys_checked_at <= \(bind: Timestamp.text(now.addingTimeInterval(-Self.keyCheckInterval))) RETURNING id
            """
        ).first() != nil
    }

    static let keyCheckInterval: TimeInterval = 60

    func offer(_ peerID: String, keys: PeerKeys, at now: Date) async throws {
        try await db.raw(
            """
            UPDATE federation_peers SET offered_keys = \(bind: keys.json()), keys_checked_at = \
            \(bind: Timestamp.text(now)) WHERE id = \(bind: peerID)
            """
        ).run()
    }

    func setStatus(_ peerID: String, _ status: Peer.Status) async throws {
        try await db.raw("UPDATE federation_peers SET status = \(bind: status.rawValue) WHERE id = \(bind: peerID)")
            .run()
    }

    // MARK: Grants

    struct Grant: Sendable, Decodable, Hashable {
        let municipalityID: String, peerID: String, book: String, permission: String
    }

    func grants(municipalityID: String) async throws -> [Grant] {
        try await db.raw(
            """
            SELECT municipality_id, peer_id, book, permission FROM federation_grants \
            WHERE municipality_id = \(bind: municipalityID)
            """
        ).rows(Grant.self)
    }

    /// What a peer may do with which books, across this deployment's municipalities.
    func grants(peerID: String, permission: Permission) async throws -> [Grant] {
        try await db.raw(
            """
            SELECT municipality_id, peer_id, book, permission FROM federation_grants \
            WHERE peer_id = \(bind: peerID) AND permission = \(bind: permission.rawValue)
            """
        ).rows(Grant.self)
    }

    /// Replaces a municipality's grants to one peer with `allowed` (book, permission) pairs.
    func setGrants(
        municipalityID: String, peerID: String, allowed: Set<Pair>, by: String, at now: Date
    ) async throws {
        try await db.raw(
            """
            DELETE FROM federation_grants WHERE municipality_id = \(bind: municipalityID) \
            AND peer_id = \(bind: peerID)
            """
        ).run()
        for pair in allowed.sorted(by: { ($0.book, $0.permission.rawValue) < ($1.book, $1.permission.rawValue) }) {
            try await db.raw(
                """
                INSERT INTO federation_grants (municipality_id, peer_id, book, permission, granted_by, granted_at)
                VALUES (\(bind: municipalityID), \(bind: peerID), \(bind: pair.book), \
                \(bind: pair.permission.rawValue), \(bind: by), \(bind: Timestamp.text(now)))
                """
            ).run()
        }
    }

    struct Pair: Sendable, Hashable {
        let book: String, permission: Permission
    }
}
