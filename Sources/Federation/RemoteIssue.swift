import CivilRegistry
import Foundation
import Platform

/// Issuing an extract from an entry another deployment keeps: the request is this municipality's,
/// the entry is read from the peer for it (the request's number is the purpose in both logs), and
/// the document is issued here, carrying the keeper's sealed record. The peer down, slow or
/// refusing: nothing is issued and the request stays in the queue.
struct RemoteIssue: Sendable {
    let env: AppEnvironment
    let registrar: Account
    let municipality: Municipality
    let actor: Actor

    func issue(from peer: Peer, entry: String, request key: String, language: String?, note: String?) async throws
        -> (request: ExtractRequest, document: IssuedDocument)
    {
        let desk = ExtractDesk(env, municipality: municipality, registrar: registrar, actor: actor)
        let request = try await desk.open(key)
        guard request.status == .received else { throw AppError(.conflict, code: "extract_already_decided") }
        let shared = try await RemoteDesk(env, registrar: registrar, municipality: municipality, actor: actor)
            .read(peer, entry: entry, purpose: request.number)
        guard let record = shared.keptElsewhere(at: peer.baseURL) else { throw FederationError.badAnswer.appError }
        return (request, try await desk.issue(request, keptElsewhere: record, language: language, note: note))
    }
}

extension SharedEntry {
    /// The entry as the extract desk takes it: every version read back from what its keeper sealed
    /// (checked on arrival), and the keeping municipality as the keeper names it. Nil for an answer
    /// to a search, which carries no history.
    func keptElsewhere(at deployment: String) -> KeptElsewhere? {
        guard let keeper, let history, let book = RegistryBook(rawValue: book),
            let reference = BookReference(description: reference), let entity = Entity(rawValue: keeper.entity)
        else { return nil }
        let versions = history.compactMap {
            RegistryVersion(sealed: $0.sealed, seal: $0.seal, recordedByName: $0.recorded_by_name)
        }
        guard versions.count == history.count else { return nil }
        let names = Dictionary(
            uniqueKeysWithValues: keeper.names.compactMap { key, name in
                Language(rawValue: key).map { ($0, name) }
            })
        let municipality = Municipality(
            id: keeper.id, slug: keeper.slug, code: keeper.code, names: LocalizedText(names), entity: entity,
            canton: keeper.canton.flatMap(Canton.init(rawValue:)))
        let entry = RegistryEntry(
            id: id, municipalityID: keeper.id, book: book, reference: reference, registeredOn: registered_on,
            versions: versions)
        return KeptElsewhere(deployment: deployment, keeper: municipality, entry: entry, sealed: sealed, seal: seal)
    }
}
