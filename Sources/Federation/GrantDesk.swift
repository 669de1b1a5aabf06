import Foundation
import Platform

/// A municipal admin opens (or closes) the municipality's books to a peer: which books its
/// registrars may search, and from which they may take a record to issue an extract. None by default.
struct GrantDesk: Sendable {
    let env: AppEnvironment
    let actor: Actor

    func set(_ pairs: Set<PeerStore.Pair>, peer: Peer, municipality: Municipality) async throws {
        let (env, actor) = (env, actor)
        let detail = pairs.map { "\($0.book):\($0.permission.rawValue)" }.sorted().joined(separator: ",")
        try await env.database.transaction { db in
            try await PeerStore(db: db).setGrants(
                municipalityID: municipality.id, peerID: peer.id, allowed: pairs, by: actor.email, at: env.clock.now())
            try await AuditLog(db, clock: env.clock).record(
                actor, "federation.grants", objectType: "federation_peer", objectID: peer.id,
                municipalityID: municipality.id, detail: detail.isEmpty ? "none" : detail)
        }
    }
}
