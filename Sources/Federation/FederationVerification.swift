import CivilRegistry
import Crypto
import Foundation
import Platform

/// Verification across deployments: the keys pinned for a peer, living verification of a document
/// issued here from a peer's record (a signed `status` message, logged on both sides), and the
/// issuing peer's word on a document it issued from a record kept here.
extension FederationCapability: KeeperDeployments {
    public func keys(of baseURL: String, env: AppEnvironment) async throws -> [String: Curve25519.Signing.PublicKey] {
        try await Self.trusted(baseURL, env: env)?.pinned.verifying ?? [:]
    }

    public func firstChange(of document: IssuedDocument, env: AppEnvironment) async throws -> Date? {
        guard let deployment = document.keptAt, let peer = try await Self.trusted(deployment, env: env) else {
            throw FederationError.unknownPeer.appError
        }
        guard let municipality = try await env.municipalities.find(id: document.municipalityID) else {
            throw AppError.notFound
        }
        // Anyone may verify; the keeper's log names this deployment's verification, not a person.
        let purpose = "verification of \(document.number)"
        let desk = RemoteDesk(
            env, asker: .init(id: "verification", name: "Verification"), municipality: municipality,
            actor: Actor(accountID: nil, email: "verification", clientAddress: ""))
        return try await desk.firstChange(peer, entry: document.entryID, after: document.entryVersion, purpose: purpose)
    }

    public func standing(of verifyURL: String, env: AppEnvironment) async throws -> (status: String, revokedAt: String?)
    {
        guard let split = verifyURL.range(of: "/verify/", options: .backwards),
            let peer = try await Self.trusted(String(verifyURL[..<split.lowerBound]), env: env)
        else { throw FederationError.unknownPeer.appError }
        guard let code = ShortCode.normalized(String(verifyURL[split.upperBound...])) else {
            throw FederationError.badAnswer.appError
        }
        return try await PeerLink(baseURL: peer.baseURL, timeout: env.settings.peerTimeout).standing(code: code)
    }

    static func trusted(_ baseURL: String, env: AppEnvironment) async throws -> Peer? {
        guard let url = PeerLink.normalized(baseURL),
            let peer = try await PeerStore(db: env.database.sql).peer(baseURL: url), peer.status == .trusted
        else { return nil }
        return peer
    }
}
