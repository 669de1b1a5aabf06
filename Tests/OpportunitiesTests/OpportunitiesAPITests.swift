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

    @Test(arguments: Backend.all)
    func theOfficeRunsProjectsPremisesAndKnowledgeTransferThroughTheAPI(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, client) async throws -> Void in
            let officer = try await client.token(app, email: DemoData.email(role: .officer, slug: "jajce"))
            let project: [String: Any] = [
                "sector": "tourism", "title": ["bs": "Eko-kamp na Plivi", "de": "Öko-Camp an der Pliva"],
                "description": ["bs": "Kamp uz jezera"], "location": "Plivska jezera", "budget": "250000",
                "model": "ppp", "status": "open", "contact": "razvoj@jajce.ba",
                "documents": [
                    ["filename": "studija.pdf", "content_base64": Data("%PDF-1.4\n%%EOF\n".utf8).base64EncodedString()]
                ],
            ]
            var wrong = project
            (wrong["sector"], wrong["title"], wrong["budget"]) = ("space", ["de": "Nur Deutsch"], "puno")
            let refused = try await client.api(.post, "/api/v1/jajce/projects", json: wrong, token: officer)
            let fields = (refused.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields == ["sector", "title_bs", "budget"], "every wrong field at once: \(refused.body)")
            let created = try await client.api(.post, "/api/v1/jajce/projects", json: project, token: officer)
            #expect(created.status == .created, "\(created.body)")
            let id = try #require(created.json["id"] as? String)
            #expect((created.json["title"] as? [String: String])?["de"] == "Öko-Camp an der Pliva")

            // A member says their interest; the office moves it along.
            try await client.registerMember(app, email: "investitor@example.ch")
            let member = try await client.token(app, email: "investitor@example.ch", password: "sigurna-lozinka")
            let said = try await client.api(
                .post, "/api/v1/jajce/projects/\(id)/interest",
                json: ["kind": "invest", "message": "Zanima me suvlasništvo."], token: member)
            #expect(said.status == .created, "\(said.body)")
            let interests = try await client.api(.get, "/api/v1/jajce/projects/\(id)/interests", token: officer)
            let interest = try #require(
                (interests.json["interests"] as? [[String: Any]])?.first?["id"] as? String, "\(interests.body)")
            let moved = try await client.api(
                .post, "/api/v1/jajce/projects/\(id)/interests/\(interest)",
                json: ["stage": "contacted", "note": "Pozvan na sastanak"], token: officer)
            #expect((moved.json["interests"] as? [[String: Any]])?.first?["stage"] as? String == "contacted")
            #expect(
                try await client.api(.get, "/api/v1/jajce/projects/\(id)/interests", token: member).status
                    == .notFound, "a member is not the office")

            let premises: [String: Any] = [
                "name": "Hala B", "address": "Poslovna zona Kupreško polje", "area_m2": 400, "terms": "3 KM/m²",
                "available_from": "2027-01-01",
            ]
            #expect(
                try await client.api(.post, "/api/v1/jajce/premises", json: premises, token: officer).status
                    == .created)
            let applications = try await client.api(.get, "/api/v1/jajce/premises/applications", token: officer)
            #expect(applications.status == .ok && applications.json["applications"] is [[String: Any]])

            let programme = try await client.api(
                .post, "/api/v1/jajce/knowledge", json: ["programme_name": "Stručnjaci iz Njemačke"], token: officer)
            #expect(programme.status == .created)
            let programmes = try await client.api(.get, "/api/v1/jajce/knowledge", token: officer)
            let programmeID = try #require(
                (programmes.json["programmes"] as? [[String: Any]])?.first {
                    $0["name"] as? String == "Stručnjaci iz Njemačke"
                }?[
                    "id"] as? String)
            let jobs = try await client.api(
                .post, "/api/v1/jajce/knowledge/\(programmeID)/outcomes",
                json: ["outcome_kind": "jobs", "quantity": 3, "happened_on": "2026-11-01", "evidence": "Ugovori"],
                token: officer)
            #expect(jobs.json["jobs"] as? Int == 3, "\(jobs.body)")
            let kljuc = try await client.token(app, email: DemoData.email(role: .officer, slug: "kljuc"))
            #expect(
                try await client.api(
                    .post, "/api/v1/kljuc/knowledge/\(programmeID)/outcomes",
                    json: ["outcome_kind": "jobs", "quantity": 3, "happened_on": "2026-11-01", "evidence": "x"],
                    token: kljuc
                ).status == .notFound, "another municipality's programme is not found")
        }
    }
}
