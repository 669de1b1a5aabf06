import Foundation
import Platform

/// What a platform admin decides about peers: adding one (its keys fetched and pinned), accepting a
/// changed key set after comparing it, revoking and restoring trust. Every decision is audited.
public struct PeerTrust: Sendable {
    let env: AppEnvironment
    let actor: Actor

    public init(_ env: AppEnvironment, actor: Actor) { self.env = env; self.actor = actor }

    var store: PeerStore { PeerStore(db: env.database.sql) }

    /// Adds the deployment at `baseURL`, pinning the keys it publishes now.
    public func add(baseURL raw: String, name raw2: String) async throws -> Peer {
        guard let baseURL = PeerLink.normalized(raw) else { throw AppError.invalid("base_url", "federation_base_url") }
        let name = raw2.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200 else { throw AppError.invalid("name", "required") }
        guard baseURL != Federation.own(env) else { throw AppError.invalid("base_url", "federation_is_self") }
        guard try await store.peer(baseURL: baseURL) == nil else {
            throw AppError.invalid("base_url", "federation_peer_exists")
        }
        let keys = try await PeerLink(baseURL: baseURL, timeout: env.settings.peerTimeout).keys()
        let id = Random.id()
        try await store.insert(id: id, name: name, baseURL: baseURL, keys: keys, by: actor.email, at: env.clock.now())
        try await env.audit.record(
            actor, "federation.peer.add", objectType: "federation_peer", objectID: id, municipalityID: nil,
            detail: "\(name) \(baseURL) keys \(keys.keys.map(\.kid).joined(separator: ","))")
        return try await store.peer(id: id)!
    }

    public func peers() async throws -> [Peer] { try await store.all() }

    /// Pins the changed key set the peer offered (the admin compared it with the peer's operator).
    public func acceptKeys(_ peer: Peer) async throws {
        guard let offered = peer.offered else { throw AppError(.conflict, code: "federation_no_offer") }
        try await store.pin(peer.id, keys: offered, at: env.clock.now())
        try await env.audit.record(
            actor, "federation.peer.accept_keys", objectType: "federation_peer", objectID: peer.id,
            municipalityID: nil, detail: offered.keys.map(\.kid).joined(separator: ","))
    }

    /// An admin's decision by its name in a page's or the API's path.
    func decide(_ decision: String?, on peer: Peer) async throws {
        switch decision {
        case "accept-keys": try await acceptKeys(peer)
        case "revoke": try await setStatus(peer, .revoked)
        case "restore": try await setStatus(peer, .trusted)
        default: throw AppError.notFound
        }
    }

    public func setStatus(_ peer: Peer, _ status: Peer.Status) async throws {
        try await store.setStatus(peer.id, status)
        try await env.audit.record(
            actor, "federation.peer.\(status == .revoked ? "revoke" : "restore")", objectType: "federation_peer",
            objectID: peer.id, municipalityID: nil, detail: peer.baseURL)
    }

    /// The peer's keys, fetched again because a message named a key we have not pinned: a rotation
    /// is followed, a change is kept as an offer for an admin and refused meanwhile.
    static func refresh(_ peer: Peer, env: AppEnvironment) async throws -> PeerKeys {
        let fetched = try await PeerLink(baseURL: peer.baseURL, timeout: env.settings.peerTimeout).keys()
        let store = PeerStore(db: env.database.sql)
        switch peer.pinned.compare(fetched) {
        case .same:
            return peer.pinned
        case .rotated(let keys):
            try await store.pin(peer.id, keys: keys, at: env.clock.now())
            try await env.audit.record(
                .system("federation"), "federation.peer.rotated", objectType: "federation_peer", objectID: peer.id,
                municipalityID: nil, detail: keys.keys.map(\.kid).joined(separator: ","))
            return keys
        case .changed(let keys):
            try await store.offer(peer.id, keys: keys, at: env.clock.now())
            try await env.audit.record(
                .system("federation"), "federation.peer.keys_changed", objectType: "federation_peer",
                objectID: peer.id, municipalityID: nil, detail: keys.keys.map(\.kid).joined(separator: ","))
            throw FederationError.keysChanged
        }
    }

    /// Checks `message` under the peer's pinned keys, fetching them again when it names a key not
    /// pinned yet (a rotation), at most once a minute per peer.
    static func check(_ message: SignedMessage, from peer: Peer, env: AppEnvironment) async throws {
        var keys = peer.pinned.verifying
        if keys[message.kid] == nil {
            // A key already offered and waiting for an admin is refused as such, without asking the peer again.
            if peer.offered?.verifying[message.kid] != nil { throw FederationError.keysChanged }
            if try await PeerStore(db: env.database.sql).claimKeyCheck(peer.id, at: env.clock.now()) {
                keys = try await refresh(peer, env: env).verifying
            }
        }
        guard message.verifies(with: keys) else { throw FederationError.badSignature }
    }
}

/// This deployment's own name among peers.
enum Federation {
    /// An entry read by a peer deployment's registrar to issue an extract, counted where the book is kept.
    static let peerRead = LedgerKind("registry_peer_read", labelKey: "ledger_registry_peer_read")

    static func own(_ env: AppEnvironment) -> String {
        PeerLink.normalized(env.settings.baseURL) ?? env.settings.baseURL
    }
}
