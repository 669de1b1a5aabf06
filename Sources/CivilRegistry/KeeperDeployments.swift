import Crypto
import Foundation
import Platform

/// What verification needs from other deployments, for a document issued here from a record kept
/// there, or issued there from a record kept here. The Federation capability provides it (signed,
/// logged messages to trusted peers); without it such documents verify by their seals alone.
public protocol KeeperDeployments: Sendable {
    /// The keys pinned for the trusted peer at `baseURL`; none when it is not one.
    func keys(of baseURL: String, env: AppEnvironment) async throws -> [String: Curve25519.Signing.PublicKey]
    /// Asks the deployment keeping the record a document here was drawn from when that record first
    /// changed after the drawn version; nil when it has not. Throws when it cannot be asked.
    func firstChange(of document: IssuedDocument, env: AppEnvironment) async throws -> Date?
    /// Asks the deployment that issued a document (its verification address) whether it stands:
    /// `valid`, or `revoked` and when.
    func standing(of verifyURL: String, env: AppEnvironment) async throws -> (status: String, revokedAt: String?)
}

extension IssuedDocument {
    /// The deployment keeping the record this document was drawn from, when not this one.
    public var keptAt: String? { content["record.deployment"] }
}
