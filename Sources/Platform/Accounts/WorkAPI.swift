import Foundation
import Hummingbird

/// `GET /api/v1/{slug}/work`: what the staff home shows above its menu — the counts of work
/// waiting for the signed-in staff member, each with the page that lists it.
struct WorkAPI: Sendable {
    let env: AppEnvironment
    let capabilities: CapabilitySet

    func addRoutes(to router: Router<AppRequestContext>) {
        router.staffAPIGroup(env, roles: Set(Role.allCases)).get("work") { _, context in
            let scope = try context.staffScope
            let work = try await capabilities.workWaiting(
                for: scope.account, in: scope.municipality, environment: env)
            return try Response.json(["work": work.map(WorkJSON.init)])
        }
    }

    struct WorkJSON: Encodable {
        let kind: String, count: Int, path: String, urgent: Bool
        init(_ w: WorkWaiting) { (kind, count, path, urgent) = (w.labelKey, w.count, w.path, w.urgent) }
    }

    static let operations: [APIOperation] = [
        APIOperation(
            "get", "/api/v1/{slug}/work",
            summary: "Work waiting for the staff member (counts with the page listing each), as on the staff home",
            requiresAuth: true, responses: [200: "The counts", 401: "Not signed in", 403: "Not staff here"])
    ]
}
