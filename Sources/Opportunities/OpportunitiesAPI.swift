import Foundation
import Hummingbird
import Platform

/// `/api/v1` for the opportunities a member abroad can act on, as the pages: projects and premises
/// to read, interest in a project and an application for premises (signed in).
struct OpportunitiesAPI: Sendable {
    let env: AppEnvironment
    var store: OpportunityStore { OpportunityStore(env: env) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let api = router.municipalityGroup(env, prefix: "api/v1/")
        api.get("projects") { _, context in
            let municipality = try context.pathMunicipality
            return try Response.json(["projects": try await store.projects(municipality.id).map(ProjectJSON.init)])
        }
        api.post("projects/:id/interest") { request, context in
            guard let account = context.verifiedAccount else { throw AppError.unauthorized }
            let (_, project) = try await OpportunityPages(env: env).find(context)
            let body = try await JSONBody.decode(InterestBody.self, request)
            guard let kind = Interest.Kind(rawValue: body.kind) else {
                throw AppError.invalid("kind", "invalid_choice")
            }
            try await store.express(
                kind, message: body.message, project: project, account: account, actor: context.actor)
            return Response(status: .created)
        }
        api.get("premises") { _, context in
            let municipality = try context.pathMunicipality
            return try Response.json([
                "premises": try await store.premises(municipality.id).map {
                    PremisesJSON(id: $0.id, premises: $0.premises, available: $0.letTo == nil)
                }
            ])
        }
        api.post("premises/:id/apply") { request, context in
            guard let account = context.verifiedAccount else { throw AppError.unauthorized }
            let municipality = try context.pathMunicipality
            let body = try await JSONBody.decode(ApplicationBody.self, request)
            try await store.apply(
                premisesID: context.parameters.get("id") ?? "", municipalityID: municipality.id,
                input: ["company": body.company ?? "", "activity": body.activity ?? "", "message": body.message ?? ""],
                account: account, actor: context.actor)
            return Response(status: .created)
        }
    }
}

struct InterestBody: Decodable { let kind: String, message: String? }
struct ApplicationBody: Decodable { let company: String?, activity: String?, message: String? }

struct ProjectJSON: Encodable {
    let id: String, sector: String, title: [String: String], description: [String: String], location: String
    let budget_fening: Int?, model: String, status: String, contact: String

    init(_ p: Project) {
        id = p.id
        sector = p.sector.rawValue
        title = p.title.values
        description = p.description.values
        location = p.location
        budget_fening = p.budgetFening
        model = p.model.rawValue
        status = p.status.rawValue
        contact = p.contact
    }
}

struct PremisesJSON: Encodable {
    let id: String, name: String, address: String, area_m2: Int, terms: String, available_from: String
    let available: Bool

    init(id: String, premises p: Premises, available: Bool) {
        self.id = id
        name = p.name
        address = p.address
        area_m2 = p.areaM2
        terms = p.terms
        available_from = p.availableFrom.description
        self.available = available
    }
}

extension OpportunitiesAPI {
    static let operations: [APIOperation] = [
        APIOperation(
            "get", "/api/v1/{slug}/projects", summary: "The municipality's projects open to the diaspora",
            requiresAuth: false, responses: [200: "Projects, newest first"]),
        APIOperation(
            "post", "/api/v1/{slug}/projects/{id}/interest",
            summary: "Say one's interest in a project (invest, partner, volunteer, …), once per kind (signed in)",
            requiresAuth: true,
            requestSchema: .object(
                ["kind": .string(oneOf: Interest.Kind.self), "message": .string(maxLength: 2000)],
                required: ["kind", "message"]),
            responses: [201: "Told to the project's contact", 409: "Already said", 422: "Invalid field"]),
        APIOperation(
            "get", "/api/v1/{slug}/premises", summary: "Premises the municipality offers, and whether still free",
            requiresAuth: false, responses: [200: "Premises"]),
        APIOperation(
            "post", "/api/v1/{slug}/premises/{id}/apply", summary: "Apply for premises, once (signed in)",
            requiresAuth: true,
            requestSchema: .object(
                [
                    "company": .string(maxLength: 200), "activity": .string(maxLength: 300),
                    "message": .string(maxLength: 2000),
                ], required: ["company", "activity"]),
            responses: [201: "Applied", 409: "Already let, or already applied", 422: "Invalid field"]),
    ]
}
