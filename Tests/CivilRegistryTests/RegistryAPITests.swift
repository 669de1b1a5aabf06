import Foundation
import Platform
import TestSupport
import Testing
import ZavicajServer

@testable import CivilRegistry

/// The registrar's remaining page flows through `/api/v1`, on both databases: read an entry with its
/// versions and seals, annotate it (only where the book is kept), and the queue's suggested entries.
@Suite struct RegistryAPITests {
    @Test(arguments: Backend.all)
    func aRegistrarReadsAnnotatesAndFindsSuggestionsThroughTheAPI(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, client) async throws -> Void in
            let registrar = try await client.token(app, email: DemoData.email(role: .registrar, slug: "jajce"))
            var birth = RegistryBookTests.withControl(RegistryBookTests.birth)
            birth["confirm_warnings"] = "true"
            let before = try await app.count("registry_entries")
            var wrong = birth
            (wrong["surname"], wrong["birth_time"]) = ("", "7h")
            let listed = try await client.api(.post, "/api/v1/jajce/registry/births", json: wrong, token: registrar)
            #expect(listed.status == .unprocessableContent)
            let fields = (listed.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields == ["surname", "birth_time"], "the API lists every wrong field: \(listed.body)")
            #expect(try await app.count("registry_entries") == before, "and writes nothing")
            let entered = try await client.api(.post, "/api/v1/jajce/registry/births", json: birth, token: registrar)
            let id = try #require(entered.json["id"] as? String, "\(entered.body)")

            let annotation: [String: Any] = [
                "kind": "name_change", "description": "Promjena prezimena udajom", "act": "Rješenje",
                "issuer": "Općina Jajce", "act_number": "03-13-12/26", "act_date": "2026-06-01",
                "fields": ["surname": "Begić"],
            ]
            var undated = annotation
            undated["act_date"] = ""
            let refused = try await client.api(
                .post, "/api/v1/registry/entries/\(id)/annotations", json: undated, token: registrar)
            #expect((refused.json["error"] as? [String: Any])?["field"] as? String == "act_date", "\(refused.body)")
            let kakanj = try await client.token(app, email: DemoData.email(role: .registrar, slug: "kakanj"))
            #expect(
                try await client.api(
                    .post, "/api/v1/registry/entries/\(id)/annotations", json: annotation, token: kakanj
                )
                .status == .forbidden, "only the keeping municipality annotates")
            let annotated = try await client.api(
                .post, "/api/v1/registry/entries/\(id)/annotations", json: annotation, token: registrar)
            #expect(annotated.status == .created, "\(annotated.body)")
            #expect((annotated.json["fields"] as? [String: String])?["surname"] == "Begić")

            // Kakanj's registrar reads it (logged in Jajce's books), both versions sealed.
            let read = try await client.api(.get, "/api/v1/registry/entries/\(id)", token: kakanj)
            let history = try #require(read.json["history"] as? [[String: Any]], "\(read.body)")
            #expect(history.map { $0["kind"] as? String } == ["entry", "name_change"])
            #expect(history.allSatisfy { $0["seal_holds"] as? Bool == true })
            let jajceID = try #require(try await app.environment.municipalities.find(slug: "jajce")?.id)
            #expect(
                try await app.count(
                    "audit_log",
                    "municipality_id = '\(jajceID)' AND action = 'registry.entry.read' AND object_id = '\(id)'") >= 3)
            let officer = try await client.token(app, email: DemoData.email(role: .officer, slug: "jajce"))
            #expect(try await client.api(.get, "/api/v1/registry/entries/\(id)", token: officer).status == .forbidden)

            // A member asks; the registrar's suggestions find the entry by the request's JMBG.
            let member = try await ExtractAPITests.member(app, client, email: "emir@example.org")
            let request: [String: Any] = [
                "kind": "birth", "relation": "self", "given_name": "Đurđa", "surname": "Hadžić",
                "jmbg": birth["jmbg"]!, "purpose": "Standesamt", "language": "bs", "delivery": "electronic",
                "payment": "office",
            ]
            let sent = try await client.api(.post, "/api/v1/jajce/extract-requests", json: request, token: member)
            let number = try #require(sent.json["number"] as? String, "\(sent.body)")
            let suggested = try await client.api(
                .get, "/api/v1/extract-requests/\(number)/suggestions", token: registrar)
            #expect((suggested.json["entries"] as? [[String: Any]])?.first?["id"] as? String == id, "\(suggested.body)")
            let byName = try await client.api(
                .get, "/api/v1/extract-requests/\(number)/suggestions?name=Nepostojeci%20Covjek", token: registrar)
            #expect((byName.json["entries"] as? [[String: Any]])?.isEmpty == true)
            #expect(
                try await client.api(.get, "/api/v1/extract-requests/\(number)/suggestions", token: member).status
                    == .notFound)

            // A half-given book reference is refused alike by the page (it used to be dropped) and the API.
            let api = try await client.api(.get, "/api/v1/registry/search?volume=3&page=&number=", token: registrar)
            #expect(api.status == .unprocessableContent)
            #expect((api.json["error"] as? [String: Any])?["field"] as? String == "page")
            let page = client.sibling(address: "203.0.113.44")
            try await page.signInStaff(app, role: .registrar, slug: "jajce")
            let halfReference = try await page.get("/jajce/staff/registry?jmbg=&name=&volume=3&page=&number=")
            #expect(halfReference.status == .unprocessableContent && halfReference.body.contains("role=\"alert\""))
            let nameOnly = try await page.get("/jajce/staff/registry?jmbg=&name=Durdja%20Begic&volume=&page=&number=")
            #expect(nameOnly.status == .ok && nameOnly.body.contains("/staff/registry/entries/\(id)"))
        }
    }
}
