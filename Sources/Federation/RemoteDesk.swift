import Foundation
import Platform

/// The asking side: a registrar searches a peer deployment's books or reads one of its entries.
/// The request is signed and logged before it leaves; the answer is taken only when the peer's
/// pinned key signed it, it answers exactly this request, and every entry's registry seal holds
/// under the peer's keys. A peer down or slow is an error at once; the request stays in the log,
/// unanswered.
public struct RemoteDesk: Sendable {
    let env: AppEnvironment
    /// Who asks, as the keeper's log names them: a registrar, or this deployment's verification.
    let asker: PeerRequest.Registrar
    let municipality: Municipality
    let actor: Actor

    public init(_ env: AppEnvironment, registrar: Account, municipality: Municipality, actor: Actor) {
        self.init(
            env, asker: .init(id: registrar.id, name: registrar.displayName), municipality: municipality,
            actor: actor)
    }

    init(_ env: AppEnvironment, asker: PeerRequest.Registrar, municipality: Municipality, actor: Actor) {
        self.env = env; self.asker = asker; self.municipality = municipality; self.actor = actor
    }

    public func search(_ peer: Peer, terms: PeerRequest.Terms, purpose: String) async throws -> [SharedEntry] {
        var request = try make(.search, peer, purpose: purpose)
        request.terms = terms
        return try await exchange(request, with: peer).entries
    }

    public func read(_ peer: Peer, entry: String, purpose: String) async throws -> SharedEntry {
        var request = try make(.read, peer, purpose: purpose)
        request.entry = entry
        guard let found = try await exchange(request, with: peer).entries.first else { throw AppError.notFound }
        return found
    }

    /// When the peer's entry first changed after `version`; nil when it has not.
    func firstChange(_ peer: Peer, entry: String, after version: Int, purpose: String) async throws -> Date? {
        var request = try make(.status, peer, purpose: purpose)
        (request.entry, request.version) = (entry, version)
        let answer = try await exchange(request, with: peer)
        guard let text = answer.first_change else { return nil }
        guard let date = Timestamp.date(text) else { throw FederationError.badAnswer.appError }
        return date
    }

    private func make(_ kind: PeerRequest.Kind, _ peer: Peer, purpose raw: String) throws -> PeerRequest {
        guard peer.status == .trusted else { throw FederationError.unknownPeer.appError }
        let purpose = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        // The keeper's log says why its books were read; a request without a reason is not sent.
        guard !purpose.isEmpty, purpose.count <= 300 else { throw AppError.invalid("purpose", "federation_purpose") }
        return PeerRequest(
            id: Random.id(), from: Federation.own(env), to: peer.baseURL, sent_at: Timestamp.text(env.clock.now()),
            kind: kind, registrar: asker,
            municipality: municipality.slug,
            municipality_name: municipality.names[.bs], purpose: purpose)
    }

    private func exchange(_ request: PeerRequest, with peer: Peer) async throws -> PeerAnswer {
        let key = try await KeyRing(env.database.sql, clock: env.clock).current()
        let message = try SignedMessage.sign(request, with: key)
        let log = MessageLog(db: env.database.sql)
        _ = try await log.logRequest(
            direction: "out", peerID: peer.id, request: request, envelope: message, municipalityID: municipality.id,
            at: env.clock.now())
        try await env.audit.record(
            actor, "federation.\(request.kind.rawValue)", objectType: "federation_peer", objectID: peer.id,
            municipalityID: municipality.id, detail: "\(request.id) \(request.purpose)")
        do {
            let answer = try await answer(to: message, request, from: peer)
            _ = try await log.logAnswer(
                direction: "out", peerID: peer.id, messageID: request.id, answer: answer.signed,
                status: answer.body.status, code: answer.body.code, at: env.clock.now())
            // The keeper's signed refusal: an entry it does not show us, or a search it could not run.
            guard answer.body.status == "answered" else {
                let code = answer.body.code ?? "not_found"
                throw code == AppError.notFound.code ? AppError.notFound : AppError.invalid("name", code)
            }
            return answer.body
        } catch let error as FederationError {
            if error != .unreachable {
                _ = try await log.logAnswer(
                    direction: "out", peerID: peer.id, messageID: request.id, answer: nil, status: "refused",
                    code: error.rawValue, at: env.clock.now())
            }
            throw error.appError
        }
    }

    /// The peer's answer, checked; a refusal the peer could not sign (it does not trust us) is its code.
    private func answer(to message: SignedMessage, _ request: PeerRequest, from peer: Peer) async throws -> (
        signed: SignedMessage, body: PeerAnswer
    ) {
        let (status, data) = try await PeerLink(baseURL: peer.baseURL, timeout: env.settings.peerTimeout).post(message)
        guard status == .ok else {
            struct Refusal: Decodable { struct Body: Decodable { let code: String }; let error: Body }
            let code = (try? JSONDecoder().decode(Refusal.self, from: data))?.error.code
            throw code.flatMap { FederationError(rawValue: String($0.dropFirst("federation_".count))) }
                ?? FederationError.badAnswer
        }
        guard let signed = try? SignedMessage.read(data), let body = try? signed.body(PeerAnswer.self) else {
            throw FederationError.badAnswer
        }
        try await PeerTrust.check(signed, from: peer, env: env)
        guard body.request_id == request.id, body.request_digest == message.digest, body.from == peer.baseURL,
            body.to == request.from
        else { throw FederationError.badAnswer }
        // Each record must carry the keeper's registry seal, so a document made from it can be checked later.
        let keys = peer.pinned.verifying.merging(
            try await PeerStore(db: env.database.sql).peer(id: peer.id)?
                .pinned.verifying ?? [:]
        ) { _, new in new }
        guard body.entries.allSatisfy({ $0.sealsHold(under: keys) }) else { throw FederationError.badAnswer }
        return (signed, body)
    }
}
