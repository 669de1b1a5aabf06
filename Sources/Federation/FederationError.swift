import Hummingbird
import Platform

/// Why a message between deployments was refused, said the same way on both sides: the receiver
/// answers with the code, the sender shows the registrar its localized message (`federation_<code>`).
public enum FederationError: String, Error, Sendable {
    /// The sender is not a peer here, or its trust was revoked.
    case unknownPeer = "unknown_peer"
    /// The signature does not hold under the sender's pinned keys.
    case badSignature = "bad_signature"
    /// The peer's published keys changed in a way no pinned key vouches for; an admin must accept them.
    case keysChanged = "keys_changed"
    /// The published keys could not be read.
    case badKeys = "bad_keys"
    /// A message seen before, or one whose time is too far from ours.
    case replay
    case stale
    /// The message is meant for another deployment.
    case wrongRecipient = "wrong_recipient"
    /// The peer did not answer in time or could not be reached.
    case unreachable
    /// The peer answered with something that is not a valid signed answer to our request.
    case badAnswer = "bad_answer"

    public var status: HTTPResponse.Status {
        switch self {
        case .unknownPeer, .badSignature, .keysChanged: .unauthorized
        case .replay: .conflict
        case .stale, .wrongRecipient, .badKeys: .badRequest
        case .unreachable, .badAnswer: .badGateway
        }
    }

    public var appError: AppError { AppError(status, code: "federation_\(rawValue)") }
}
