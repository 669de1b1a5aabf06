import Foundation
import Hummingbird
import Platform

/// `/api/v1/{slug}/…` for the editors' media desk and radio, as their pages: the list of outlets and the
/// press releases mailed to it; radio programmes, their episodes and listener estimates (counted in the
/// ledger). Every write is audited by the store.
struct MediaAPI: Sendable {
    let env: AppEnvironment
    var store: MediaStore { MediaStore(env: env) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let api = router.staffAPIGroup(env, roles: NewsStaffPages.editors)
        api.get("media") { _, context in
            let id = try context.staffScope.municipality.id
            return try Response.json(
                MediaJSON(
                    outlets: try await store.outlets(id).map(MediaJSON.Outlet.init),
                    releases: try await store.releases(id).map {
                        .init(title: $0.title, body: $0.body, sent_at: Timestamp.text($0.sentAt), outlets: $0.outlets)
                    }))
        }
        api.post("media/outlets") { request, context in
            let body = try await JSONBody.decode(OutletBody.self, request)
            let outlet = try MediaOutlet.check(try FieldsBody.fields(of: body))
            try await store.add(outlet, municipalityID: try context.staffScope.municipality.id, actor: context.actor)
            return try Response.json(MediaJSON.Outlet(outlet), status: .created)
        }
        api.post("media/releases") { request, context in
            let scope = try context.staffScope
            let body = try await JSONBody.decode(ReleaseBody.self, request)
            let outlets = try await store.release(
                title: body.release_title, body: body.release_body, municipality: scope.municipality,
                by: scope.account, actor: context.actor)
            return try Response.json(["outlets": outlets], status: .created)
        }
        api.get("radio/programmes") { _, context in
            try Response.json(["programmes": try await programmes(try context.staffScope.municipality.id)])
        }
        api.post("radio/programmes") { request, context in
            let body = try await JSONBody.decode(ProgrammeBody.self, request)
            let programme = try RadioProgramme.check(try FieldsBody.fields(of: body))
            let municipalityID = try context.staffScope.municipality.id
            let id = try await store.add(programme, municipalityID: municipalityID, actor: context.actor)
            return try Response.json(try await self.programme(id, municipalityID), status: .created)
        }
        api.post("radio/programmes/:programme/episodes") { request, context in
            let (id, municipalityID) = try await owned(context)
            let body = try await JSONBody.decode(EpisodeBody.self, request)
            try await store.addEpisode(
                id, input: try FieldsBody.fields(of: body), municipalityID: municipalityID, actor: context.actor)
            return try Response.json(try await programme(id, municipalityID), status: .created)
        }
        api.post("radio/programmes/:programme/listeners") { request, context in
            let (id, municipalityID) = try await owned(context)
            let body = try await JSONBody.decode(ListenersBody.self, request)
            try await store.recordListeners(
                id, input: try FieldsBody.fields(of: body), municipalityID: municipalityID, actor: context.actor)
            return try Response.json(try await programme(id, municipalityID), status: .created)
        }
    }

    /// The programme in the path when it is this municipality's; another's is unknown here.
    func owned(_ context: AppRequestContext) async throws -> (String, String) {
        let id = context.parameters.get("programme") ?? "", municipalityID = try context.staffScope.municipality.id
        guard try await store.programmes(municipalityID).contains(where: { $0.id == id }) else {
            throw AppError.notFound
        }
        return (id, municipalityID)
    }

    func programmes(_ municipalityID: String) async throws -> [ProgrammeJSON] {
        var all: [ProgrammeJSON] = []
        for (id, p) in try await store.programmes(municipalityID) {
            all.append(
                ProgrammeJSON(
                    id: id, p, episodes: try await store.episodes(id), listeners: try await store.listeners(id)))
        }
        return all
    }

    func programme(_ id: String, _ municipalityID: String) async throws -> ProgrammeJSON {
        guard let found = try await programmes(municipalityID).first(where: { $0.id == id }) else {
            throw AppError.notFound
        }
        return found
    }
}
