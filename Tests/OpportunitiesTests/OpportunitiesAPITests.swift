import Foundation
import Platform
import TestSupport
import Testing
import ZavicajServer

/// A member abroad acts on the municipality's opportunities through `/api/v1`, on both databases:
/// reads Jajce's premises and applies once, reads projects and says their interest once.
@Suite struct OpportunitiesAPITests {
    @Test(arguments: Backend.all)
    func aMemberAppliesForPremisesAndShowsInterestThroughTheAPI(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, client) async throws -> Void in
            let premises = try await client.api(.get, "/api/v1/jajce/premises")
            let first = try #require((premises.json["premises"] as? [[String: Any]])?.first, "\(premises.body)")
            #expect(first["available"] as? Bool == true)
            let id = try #require(first["id"] as? String)
            try await client.registerMember(app, email: "firma@example.at")
            let token = try await client.token(app, email: "firma@example.at", password: "sigurna-lozinka")
            let application: [String: Any] = ["company": "Alpen Soft GmbH", "activity": "Razvoj softvera"]
            #expect(
                try await client.api(.post, "/api/v1/jajce/premises/\(id)/apply", json: application).status
                    == .unauthorized)
            let empty = try await client.api(
                .post, "/api/v1/jajce/premises/\(id)/apply", json: ["company": "", "activity": "IT"], token: token)
            #expect((empty.json["error"] as? [String: Any])?["field"] as? String == "company")
            #expect(
                try await client.api(.post, "/api/v1/jajce/premises/\(id)/apply", json: application, token: token)
                    .status
                    == .created)
            #expect(
                try await client.api(.post, "/api/v1/jajce/premises/\(id)/apply", json: application, token: token)
                    .status
                    == .conflict)
            #expect(try await app.count("premises_applications") == 1)

            let projects = try await client.api(.get, "/api/v1/kljuc/projects")
            let project = try #require(
                (projects.json["projects"] as? [[String: Any]])?.first?["id"] as? String, "\(projects.body)")
            let interest: [String: Any] = ["kind": "volunteer", "message": "Mogu pomoći ljeti."]
            #expect(
                try await client.api(.post, "/api/v1/kljuc/projects/\(project)/interest", json: interest, token: token)
                    .status == .created)
            #expect(
                try await client.api(.post, "/api/v1/kljuc/projects/\(project)/interest", json: interest, token: token)
                    .status == .conflict)
            #expect(try await app.count("ledger", "kind = 'project_interest'") >= 1)
            #expect(
                try await client.api(.post, "/api/v1/jajce/projects/\(project)/interest", json: interest, token: token)
                    .status == .notFound)
        }
    }
}
