import CivilRegistry
import Foundation
import Platform

/// The keeping side: a peer's signed request checked (a trusted peer, its pinned key, meant for us,
/// fresh, never seen before), logged, answered within what each municipality granted that peer,
/// and the answer signed and logged. Every entry found or read is in the keeping municipality's
/// audit log, naming the peer, its registrar and the purpose.
struct KeeperDesk: Sendable {
    let env: AppEnvironment
    let clientAddress: String

    var peers: PeerStore { PeerStore(db: env.database.sql) }
    var log: MessageLog { MessageLog(db: env.database.sql) }

    /// The signed answer to `data`, or the reason it is refused unanswered.
    func receive(_ data: Data) async throws -> SignedMessage {
        guard let message = try? SignedMessage.read(data), let request = try? message.body(PeerRequest.self) else {
            throw AppError.invalid("message", "federation_malformed")
        }
        do {
            return try await answer(message, request)
        } catch let error as FederationError {
            try await env.audit.record(
                Actor(accountID: nil, email: "peer:\(request.from)", clientAddress: clientAddress),
                "federation.refused", objectType: "federation_message", objectID: request.id, municipalityID: nil,
                detail: error.rawValue)
            throw error
        }
    }

    private func answer(_ message: SignedMessage, _ request: PeerRequest) async throws -> SignedMessage {
        guard let peer = try await peers.peer(baseURL: request.from), peer.status == .trusted else {
            throw FederationError.unknownPeer
        }
        try await PeerTrust.check(message, from: peer, env: env)
        guard request.to == Federation.own(env) else { throw FederationError.wrongRecipient }
        let now = env.clock.now()
        guard request.isFresh(at: now) else { throw FederationError.stale }
        guard
            try await log.logRequest(
                direction: "in", peerID: peer.id, request: request, envelope: message, municipalityID: nil, at: now)
        else { throw FederationError.replay }
        var answer = PeerAnswer(
            request_id: request.id, request_digest: message.digest, from: Federation.own(env), to: request.from,
            sent_at: Timestamp.text(now), status: "answered")
        do {
            if request.kind == .status {
                answer.first_change = try await firstChange(request, peer: peer).map(Timestamp.text)
            } else {
                answer.entries = try await entries(for: request, peer: peer)
            }
        } catch let error as AppError {
            answer = PeerAnswer(
                request_id: answer.request_id, request_digest: answer.request_digest, from: answer.from, to: answer.to,
                sent_at: answer.sent_at, status: "refused", code: error.code)
        }
        let signed = try SignedMessage.sign(
            answer, with: try await KeyRing(env.database.sql, clock: env.clock).current())
        _ = try await log.logAnswer(
            direction: "in", peerID: peer.id, messageID: request.id, answer: signed, status: answer.status,
            code: answer.code, at: now)
        return signed
    }

    /// What the request may see: a search within the books granted for searching, or one entry's
    /// sealed latest version from a book granted for issuing.
    private func entries(for request: PeerRequest, peer: Peer) async throws -> [SharedEntry] {
        let store = RegistryStore(env.database.sql)
        switch request.kind {
        case .search:
            let terms = request.terms ?? .init()
            guard
                var query = try RegistryQuery.asked({ name in
                    ["jmbg": terms.jmbg, "name": terms.name, "birth_date": terms.birth_date, "book": terms.book][name]
                        ?? nil
                })
            else { throw AppError.invalid("name", "registry_search_empty") }
            var found: [RegistryEntry] = []
            for grant in try await peers.grants(peerID: peer.id, permission: .search) {
                guard let book = RegistryBook(rawValue: grant.book), query.book == nil || query.book == book else {
                    continue
                }
                (query.municipalityID, query.book) = (grant.municipalityID, book)
                for id in try await store.search(query) {
                    if let entry = try await store.entry(id) { found.append(entry) }
                }
                query.book = terms.book.flatMap(RegistryBook.init(rawValue:))
            }
            return try await shared(found, action: "registry.entry.found", request: request, peer: peer)
        case .read:
            return try await shared(
                [try await issuable(request, peer: peer)], action: "registry.entry.read",
                request: request, peer: peer)
        case .status:
            return []  // answered with a date alone (`firstChange`), never with the entry
        }
    }

    /// The entry a read or status request names, in a book its municipality lets the peer issue from.
    private func issuable(_ request: PeerRequest, peer: Peer) async throws -> RegistryEntry {
        guard
            let entry = try await request.entry.asyncMap({ try await RegistryStore(env.database.sql).entry($0) })
                ?? nil
        else { throw AppError.notFound }
        let granted = try await peers.grants(peerID: peer.id, permission: .issue).contains {
            $0.municipalityID == entry.municipalityID && $0.book == entry.book.rawValue
        }
        // Not granted and not there answer alike: a peer learns nothing of books it may not read.
        guard granted else { throw AppError.notFound }
        return entry
    }

    /// When the entry first changed after the version a peer's document was drawn from (audited:
    /// it says something of the record, if only a date).
    private func firstChange(_ request: PeerRequest, peer: Peer) async throws -> Date? {
        let entry = try await issuable(request, peer: peer)
        try await env.audit.record(
            Actor(accountID: nil, email: "peer:\(peer.name) / \(request.registrar.name)", clientAddress: clientAddress),
            "registry.entry.status", objectType: "registry_entry", objectID: entry.id,
            municipalityID: entry.municipalityID, detail: "\(peer.baseURL) \(request.municipality): \(request.purpose)")
        return try await ExtractStore(env.database.sql).firstChange(of: entry.id, after: request.version ?? 0)
    }

    private func shared(_ found: [RegistryEntry], action: String, request: PeerRequest, peer: Peer) async throws
        -> [SharedEntry]
    {
        let municipalities = Dictionary(try await env.municipalities.all().map { ($0.id, $0) }) { a, _ in a }
        let actor = Actor(
            accountID: nil, email: "peer:\(peer.name) / \(request.registrar.name)", clientAddress: clientAddress)
        var shared: [SharedEntry] = []
        for entry in found {
            guard let latest = entry.versions.last, let municipality = municipalities[entry.municipalityID] else {
                continue
            }
            try await env.audit.record(
                actor, action, objectType: "registry_entry", objectID: entry.id, municipalityID: entry.municipalityID,
                detail: "\(peer.baseURL) \(request.municipality): \(request.purpose)")
            // A record handed over to issue from is a service the keeping municipality delivered.
            if request.kind == .read {
                try await env.ledger.record(
                    LedgerEntry(
                        municipalityID: entry.municipalityID, kind: Federation.peerRead, occurredAt: env.clock.now(),
                        sourceType: "federation_message", sourceID: request.id, attributes: ["peer": peer.baseURL]))
            }
            var one = SharedEntry(
                municipality: municipality.slug, municipality_name: municipality.names[.bs],
                registered_on: entry.registeredOn, sealed: Self.sealed(latest, of: entry), seal: latest.seal)
            if request.kind == .read {
                one.history = entry.versions.map {
                    SharedVersion(
                        sealed: Self.sealed($0, of: entry), seal: $0.seal, recorded_by_name: $0.recordedByName)
                }
                one.keeper = Keeper(
                    id: municipality.id, slug: municipality.slug, code: municipality.code,
                    names: municipality.names.values,
                    entity: municipality.entity.rawValue, canton: municipality.canton?.rawValue)
            }
            shared.append(one)
        }
        return shared
    }

    /// A version's content exactly as its seal covers it.
    static func sealed(_ version: RegistryVersion, of entry: RegistryEntry) -> [String: String] {
        RegistryVersion.sealed(
            entryID: entry.id, book: entry.book, reference: entry.reference, version: version.version,
            kind: version.kind, fields: version.fields, annotation: version.annotation,
            recordedAt: Timestamp.text(version.recordedAt), recordedBy: version.recordedBy)
    }
}
