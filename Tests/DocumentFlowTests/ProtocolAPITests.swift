import Foundation
import Platform
import TestSupport
import Testing
import ZavicajServer

/// The protocol through `/api/v1`, on both databases: register with a file, find, route to a person,
/// comment, move; what waits on the person; another municipality sees nothing.
@Suite struct ProtocolAPITests {
    @Test(arguments: Backend.all)
    func aClerkRegistersRoutesAndFindsALetterThroughTheAPI(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, client) async throws -> Void in
            let officer = try await client.token(app, email: DemoData.email(role: .officer, slug: "kljuc"))
            let kljuc = try #require(try await app.environment.municipalities.find(slug: "kljuc"))
            let diaspora = try #require(
                try await app.environment.municipalities.departments(of: kljuc.id).first {
                    $0.names[.bs] == "Ured za dijasporu"
                })
            var letter: [String: Any] = [
                "direction": "incoming", "channel": "email", "party": "Udruženje Ključana, Beč",
                "subject": "Poziv na Dane dijaspore", "class_code": "13", "due_on": "2026-12-20",
                "attachments": [["filename": "poziv.pdf", "content_base64": ProtocolTests.pdf.base64EncodedString()]],
            ]
            let before = try await app.count("official_documents")
            letter["class_code"] = "99"
            let refused = try await client.api(.post, "/api/v1/kljuc/protocol", json: letter, token: officer)
            #expect((refused.json["error"] as? [String: Any])?["field"] as? String == "class_code")
            letter["class_code"] = "13"
            letter["attachments"] = [
                ["filename": "x.exe", "content_base64": Data("MZ\u{0}\u{0}".utf8).base64EncodedString()]
            ]
            #expect(
                try await client.api(.post, "/api/v1/kljuc/protocol", json: letter, token: officer).status
                    == .unprocessableContent)
            #expect(try await app.count("official_documents") == before)

            letter["attachments"] = [
                ["filename": "poziv.pdf", "content_base64": ProtocolTests.pdf.base64EncodedString()]
            ]
            let saved = try await client.api(.post, "/api/v1/kljuc/protocol", json: letter, token: officer)
            #expect(saved.status == .created, "\(saved.body)")
            let id = try #require(saved.json["id"] as? String), number = try #require(saved.json["number"] as? String)
            #expect(number.hasSuffix("/26") && number.contains("-13-"))

            let found = try await client.api(.get, "/api/v1/kljuc/protocol?q=kljucana", token: officer)
            #expect((found.json["documents"] as? [[String: Any]])?.map { $0["number"] as? String } == [number])

            let officerID = try #require(
                try await app.environment.accounts.find(email: DemoData.email(role: .officer, slug: "kljuc"))?.id)
            let routed = try await client.api(
                .post, "/api/v1/kljuc/protocol/\(id)/route",
                json: ["department_id": diaspora.id, "assignee_id": officerID, "note": "Odgovoriti do 20."],
                token: officer)
            #expect(routed.json["assignee_id"] as? String == officerID, "\(routed.body)")
            let mine = try await client.api(.get, "/api/v1/kljuc/protocol/mine", token: officer)
            #expect((mine.json["documents"] as? [[String: Any]])?.contains { $0["id"] as? String == id } == true)
            _ = try await client.api(
                .post, "/api/v1/kljuc/protocol/\(id)/comment", json: ["comment": "Prihvatamo poziv."], token: officer)
            let moved = try await client.api(
                .post, "/api/v1/kljuc/protocol/\(id)/status", json: ["status": "answered"], token: officer)
            #expect(moved.json["status"] as? String == "answered")
            let detail = try await client.api(.get, "/api/v1/kljuc/protocol/\(id)", token: officer)
            #expect((detail.json["files"] as? [[String: Any]])?.first?["filename"] as? String == "poziv.pdf")
            #expect(((detail.json["history"] as? [[String: Any]])?.count ?? 0) >= 4, "\(detail.body)")
            #expect(try await app.count("audit_log", "action = 'protocol.view' AND object_id = '\(id)'") == 1)

            let jajce = try await client.token(app, email: DemoData.email(role: .officer, slug: "jajce"))
            #expect(try await client.api(.get, "/api/v1/kljuc/protocol/\(id)", token: jajce).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/jajce/protocol/\(id)", token: jajce).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/kljuc/protocol").status == .unauthorized)
        }
    }
}
