import Foundation
import Hummingbird
import Platform

/// `/api/v1/{slug}/…` for the office's side of opportunities, as its pages: projects with their
/// interest pipeline, premises with applications and decisions, knowledge-transfer programmes with
/// their outcomes. Officers, department staff and admins; each write is audited by the store.
struct OpportunitiesStaffAPI: Sendable {
    let env: AppEnvironment
    var store: OpportunityStore { OpportunityStore(env: env) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let office = router.staffAPIGroup(env, roles: OpportunityStaffPages.office)
        office.post("projects") { request, context in
            let body = try await JSONBody.decode(ProjectBody.self, request, limit: OpportunityStaffPages.uploadLimit)
            let project = try await store.create(
                body.fields, documents: try JSONFile.decoded(body.documents, field: "documents"),
                municipalityID: try context.staffScope.municipality.id, actor: context.actor)
            return try Response.json(ProjectJSON(project), status: .created)
        }
        office.get("projects/:id/interests") { _, context in
            let project = try await project(context)
            return try Response.json(["interests": try await store.interests(project.id).map(InterestJSON.init)])
        }
        office.post("projects/:id/interests/:interest") { request, context in
            let project = try await project(context)
            let body = try await JSONBody.decode(StageBody.self, request)
            guard let stage = body.stage.flatMap(Interest.Stage.init(rawValue:)) else {
                throw AppError.invalid("stage", "invalid_choice")
            }
            try await store.follow(
                context.parameters.get("interest") ?? "", project: project, stage: stage, note: body.note,
                by: try context.staffScope.account, actor: context.actor)
            return try Response.json(["interests": try await store.interests(project.id).map(InterestJSON.init)])
        }
        office.post("premises") { request, context in
            let body = try await JSONBody.decode(PremisesBody.self, request)
            try await store.insert(
                try Premises.check(try FieldsBody.fields(of: body)),
                municipalityID: try context.staffScope.municipality.id,
                actor: context.actor)
            return Response(status: .created)
        }
        office.get("premises/applications") { _, context in
            let list = try await store.applications(try context.staffScope.municipality.id)
            return try Response.json(["applications": list.map(ApplicationJSON.init)])
        }
        for decision in ["approve", "reject"] {
            office.post("premises/applications/:id/\(decision)") { request, context in
                let body = try await JSONBody.decode(NoteBody.self, request)
                let scope = try context.staffScope
                let id = context.parameters.get("id") ?? ""
                try await store.decide(
                    id, approve: decision == "approve", note: body.note, municipality: scope.municipality,
                    actor: context.actor)
                let decided = try await store.applications(scope.municipality.id).first { $0.id == id }
                return try Response.json(decided.map(ApplicationJSON.init))
            }
        }
        office.get("knowledge") { _, context in
            let list = try await store.programmes(try context.staffScope.municipality.id)
            return try Response.json(["programmes": list.map(ProgrammeJSON.init)])
        }
        office.post("knowledge") { request, context in
            let body = try await JSONBody.decode(ProgrammeBody.self, request)
            try await store.addProgramme(
                try FieldsBody.fields(of: body), municipalityID: try context.staffScope.municipality.id,
                actor: context.actor)
            return Response(status: .created)
        }
        office.post("knowledge/:id/outcomes") { request, context in
            let body = try await JSONBody.decode(OutcomeBody.self, request)
            let scope = try context.staffScope
            try await store.record(
                try KnowledgeOutcome.check(try FieldsBody.fields(of: body), today: Day(sarajevo: env.clock.now())),
                programmeID: context.parameters.get("id") ?? "", municipalityID: scope.municipality.id,
                by: scope.account, actor: context.actor)
            let list = try await store.programmes(scope.municipality.id)
            return try Response.json(list.first { $0.id == context.parameters.get("id") }.map(ProgrammeJSON.init))
        }
    }

    /// A project of the staff member's municipality, or 404.
    func project(_ context: AppRequestContext) async throws -> Project {
        guard
            let project = try await store.project(
                context.parameters.get("id") ?? "", municipalityID: try context.staffScope.municipality.id)
        else { throw AppError.notFound }
        return project
    }
}
