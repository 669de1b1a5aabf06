import Foundation
import Hummingbird
import Platform
import TestSupport
import Testing
import ZavicajServer

/// Every route under `/{slug}/staff/` sits behind the staff group's middleware: asked by nobody it
/// leads to sign-in, by a member or another municipality's officer it does not exist (404) — for
/// every staff page of every capability, read from the router itself, not from a list kept by hand.
@Suite struct StaffRouteTests {
    /// The staff routes as `(method, path)`, with `{slug}` for Ključ and any other parameter made up.
    static func staffRoutes(_ environment: AppEnvironment) -> [(method: HTTPRequest.Method, path: String)] {
        let router = Router(context: AppRequestContext.self)
        for capability in Capabilities.all.all { capability.addRoutes(to: router, environment: environment) }
        return router.routes.map { ($0.method, $0.path.description) }
            .filter { $0.1.hasPrefix("/{slug}/staff/") }
            .map { method, path in
                let segments = path.split(separator: "/").map { segment -> String in
                    if segment == "{slug}" { return "kljuc" }
                    return segment.replacingOccurrences(of: #"\{[a-z_]+\}"#, with: "x", options: .regularExpression)
                }
                return (method, "/" + segments.joined(separator: "/"))
            }
    }

    @Test(arguments: Backend.all)
    func everyStaffRouteIsClosedToOutsiders(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, anonymous) async throws -> Void in
            let routes = Self.staffRoutes(app.environment)
            #expect(routes.count > 100, "\(routes.count) staff routes")
            let member = anonymous.sibling(address: "198.51.100.31")
            try await member.registerMember(app, email: "clan@example.org")
            let jajce = anonymous.sibling(address: "198.51.100.32")
            try await StaffTests.login(jajce, app, role: .officer, slug: "jajce")
            let kljuc = try #require(try await app.environment.municipalities.find(slug: "kljuc"))
            let touched = "municipality_id = '\(kljuc.id)'"
            let before = try await app.count("audit_log", touched)
            for (method, path) in routes {
                if method == .get {
                    let nobody = try await anonymous.get(path)
                    #expect(
                        nobody.status == .seeOther && nobody.location?.hasPrefix("/account/login") == true,
                        "anonymous GET \(path): \(nobody.status)")
                    #expect(try await member.get(path).status == .notFound, "member GET \(path)")
                    #expect(try await jajce.get(path).status == .notFound, "Jajce's officer GET \(path)")
                } else if method == .post {
                    #expect(try await member.post(path, ["x": "y"]).status == .notFound, "member POST \(path)")
                    #expect(try await jajce.post(path, ["x": "y"]).status == .notFound, "Jajce's officer POST \(path)")
                }
            }
            #expect(try await app.count("audit_log", touched) == before, "nothing of Ključ was read or done")
        }
    }
}
