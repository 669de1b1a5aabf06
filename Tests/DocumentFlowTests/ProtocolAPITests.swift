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

            // Its file, downloaded and audited; then a case file opened for it and archived with it.
            let fileID = try #require((detail.json["files"] as? [[String: Any]])?.first?["id"] as? String)
            let download = try await client.send(
                .get, "/api/v1/kljuc/protocol/\(id)/files/\(fileID)", data: nil,
                headers: [.authorization: "Bearer \(officer)"])
            #expect(download.status == .ok && download.headers[.contentType] == "application/pdf")
            #expect(try await app.count("audit_log", "action = 'protocol.file' AND object_id = '\(id)'") == 1)
            let untitled = try await client.api(.post, "/api/v1/kljuc/protocol/\(id)/case", json: [:], token: officer)
            #expect(untitled.status == .unprocessableContent)
            let filed = try await client.api(
                .post, "/api/v1/kljuc/protocol/\(id)/case", json: ["case_title": "Sajam u Beču 2027"], token: officer)
            let caseID = try #require(filed.json["case_id"] as? String, "\(filed.body)")
            let cases = try await client.api(.get, "/api/v1/kljuc/protocol/cases", token: officer)
            let listed = (cases.json["cases"] as? [[String: Any]])?.first { $0["id"] as? String == caseID }
            #expect(listed?["documents"] as? Int == 1 && listed?["archived_at"] == nil, "\(cases.body)")
            let archived = try await client.api(
                .post, "/api/v1/kljuc/protocol/cases/\(caseID)/archive", token: officer)
            #expect(archived.json["archived_at"] is String, "\(archived.body)")
            let after = try await client.api(.get, "/api/v1/kljuc/protocol/\(id)", token: officer)
            #expect(after.json["status"] as? String == "archived")
            #expect(
                try await client.api(.post, "/api/v1/kljuc/protocol/cases/\(caseID)/archive", token: officer).status
                    == .notFound)

            let jajce = try await client.token(app, email: DemoData.email(role: .officer, slug: "jajce"))
            #expect(try await client.api(.get, "/api/v1/kljuc/protocol/\(id)", token: jajce).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/jajce/protocol/\(id)", token: jajce).status == .notFound)
            let theirCases = try await client.api(.get, "/api/v1/jajce/protocol/cases", token: jajce)
            #expect(!theirCases.body.contains(caseID))
            #expect(try await client.api(.get, "/api/v1/kljuc/protocol").status == .unauthorized)
        }
    }

    /// The protocol's setup through the API: a class with a retention and the feed that files into it (an
    /// unknown feed refused with the other wrong fields), a department's unit code; each change audited;
    /// an officer cannot change it and Kakanj's admin sees only Kakanj's.
    @Test(arguments: Backend.all)
    func anAdminSetsUpClassesAndUnitsThroughTheAPI(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, client) async throws -> Void in
            let admin = try await client.token(app, email: DemoData.email(role: .municipalAdmin, slug: "jajce"))
            let setup = try await client.api(.get, "/api/v1/jajce/protocol-setup", token: admin)
            let feeds = try #require(setup.json["feeds"] as? [String], "\(setup.body)")
            #expect(feeds.contains("inquiry"))
            let wrong = try await client.api(
                .post, "/api/v1/jajce/protocol-setup/classes",
                json: ["class_code": "9a", "class_name": ["bs": ""], "retention_years": 0, "auto_source": "fax"],
                token: admin)
            let fields = (wrong.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields == ["class_code", "class_name_bs", "retention_years", "auto_source"], "\(wrong.body)")
            let saved = try await client.api(
                .post, "/api/v1/jajce/protocol-setup/classes",
                json: [
                    "class_code": "059", "class_name": ["bs": "Pitanja dijaspore"], "retention_years": 10,
                    "auto_source": "inquiry",
                ], token: admin)
            #expect(saved.status == .created && saved.json["retention_years"] as? Int == 10, "\(saved.body)")
            let units = try #require(setup.json["units"] as? [[String: Any]])
            let department = try #require(units.first?["department_id"] as? String)
            let unit = try await client.api(
                .post, "/api/v1/jajce/protocol-setup/units", json: ["department_id": department, "unit_code": "07"],
                token: admin)
            let after = (unit.json["units"] as? [[String: Any]])?.first { $0["department_id"] as? String == department }
            #expect(after?["unit_code"] as? String == "07", "\(unit.body)")
            #expect(try await app.count("audit_log", "action = 'protocol.setup'") == 2)

            let officer = try await client.token(app, email: DemoData.email(role: .officer, slug: "jajce"))
            let refused = try await client.api(
                .post, "/api/v1/jajce/protocol-setup/units", json: ["department_id": department, "unit_code": "08"],
                token: officer)
            #expect(refused.status == .forbidden)
            let kakanj = try await client.token(app, email: DemoData.email(role: .municipalAdmin, slug: "kakanj"))
            let theirs = try await client.api(.get, "/api/v1/kakanj/protocol-setup", token: kakanj)
            #expect(!theirs.body.contains("Pitanja dijaspore") && !theirs.body.contains(department))
            let foreign = try await client.api(
                .post, "/api/v1/kakanj/protocol-setup/units", json: ["department_id": department, "unit_code": "09"],
                token: kakanj)
            #expect(foreign.status == .unprocessableContent)
        }
    }
}
