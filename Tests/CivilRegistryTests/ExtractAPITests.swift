import Documents
import Foundation
import Platform
import TestSupport
import Testing
import ZavicajServer

@testable import CivilRegistry

/// The same E-matičar flows through `/api/v1`, on both databases.
@Suite struct ExtractAPITests {
    /// A confirmed member's API token.
    static func member(_ app: TestApp, _ client: Browser, email: String) async throws -> String {
        let created = try await client.api(
            .post, "/api/v1/members",
            json: [
                "email": email, "password": "sigurna-lozinka", "display_name": "Emir Begić",
                "language": "en", "time_zone": "Europe/Stockholm",
            ])
        #expect(created.status == .created, "\(created.body)")
        let link = try #require(try await app.link(in: email, prefix: "http://zavicaj.test/account/confirm"))
        _ = try await client.get(String(link.dropFirst("http://zavicaj.test".count)))
        return try await client.token(app, email: email, password: "sigurna-lozinka")
    }

    @Test(arguments: Backend.all)
    func registrarAndMemberUseTheAPIEndToEnd(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, client) async throws -> Void in
            let registrar = try await client.token(app, email: DemoData.email(role: .registrar, slug: "jajce"))
            let officer = try await client.token(app, email: DemoData.email(role: .officer, slug: "jajce"))
            var birth = RegistryBookTests.withControl(RegistryBookTests.birth)
            let badJMBG = try await client.api(
                .post, "/api/v1/jajce/registry/births", json: birth.merging(["jmbg": "1503994175"]) { $1 },
                token: registrar)
            #expect(badJMBG.status == .unprocessableContent)
            #expect((badJMBG.json["error"] as? [String: Any])?["code"] as? String == "jmbg_length")
            birth["sex"] = "male"
            let unconfirmed = try await client.api(
                .post, "/api/v1/jajce/registry/births", json: birth, token: registrar)
            #expect(
                unconfirmed.status == .unprocessableContent && unconfirmed.body.contains("registry_warning_jmbg_sex"),
                "a warning is confirmed before anything is saved")
            birth["confirm_warnings"] = "true"
            let entered = try await client.api(.post, "/api/v1/jajce/registry/births", json: birth, token: registrar)
            #expect(entered.status == .created, "\(entered.body)")
            #expect(
                entered.json["warnings"] as? [String] == ["registry_warning_jmbg_sex"],
                "a female JMBG on a male entry is flagged")
            let entryID = try #require(entered.json["id"] as? String)
            #expect(
                try await client.api(.post, "/api/v1/jajce/registry/births", json: birth, token: officer).status
                    == .forbidden)
            let found = try await client.api(
                .get, "/api/v1/registry/search?name=Durdja%20Hadzic&birth_date=1994-03-15", token: registrar)
            #expect((found.json["entries"] as? [[String: Any]])?.first?["id"] as? String == entryID)
            #expect(
                try await client.api(.get, "/api/v1/registry/search?name=Hadzic", token: officer).status == .forbidden)

            let member = try await Self.member(app, client, email: "emir@example.org")
            var request: [String: Any] = [
                "kind": "ciec_a", "relation": "self", "given_name": "Đurđa", "surname": "Hadžić",
                "jmbg": birth["jmbg"]!,
                "purpose": "Standesamt Stockholm", "copies": 1, "language": "bs", "delivery": "post",
                "payment": "office",
            ]
            let missing = try await client.api(.post, "/api/v1/jajce/extract-requests", json: request, token: member)
            #expect(
                missing.status == .unprocessableContent
                    && (missing.json["error"] as? [String: Any])?["field"] as? String == "postal_address")
            request["postal_address"] = "Sveavägen 12, 111 57 Stockholm, Sverige"
            let sent = try await client.api(.post, "/api/v1/jajce/extract-requests", json: request, token: member)
            #expect(sent.status == .created, "\(sent.body)")
            #expect(sent.json["fee_fening"] as? Int == 500 + 850, "CIEC fee plus postage abroad")
            let number = try #require(sent.json["number"] as? String)
            #expect(
                try await client.api(.post, "/api/v1/jajce/extract-requests", json: request, token: member).status
                    == .conflict)
            #expect(
                try await client.api(.get, "/api/v1/extract-requests/\(number)", token: member).json["status"]
                    as? String == "received")
            let stranger = try await Self.member(app, client, email: "stranger@example.org")
            #expect(
                try await client.api(.get, "/api/v1/extract-requests/\(number)", token: stranger).status == .notFound)

            let queue = try await client.api(.get, "/api/v1/jajce/extract-requests", token: registrar)
            #expect((queue.json["requests"] as? [[String: Any]])?.map { $0["number"] as? String } == [number])
            #expect(try await client.api(.get, "/api/v1/jajce/extract-requests", token: member).status == .notFound)
            // Emir asked "for self" for Đurđa's extract: the registrar states why before issuing.
            let unexplained = try await client.api(
                .post, "/api/v1/extract-requests/\(number)/issue", json: ["entry_id": entryID], token: registrar)
            #expect(
                unexplained.status == .unprocessableContent
                    && (unexplained.json["error"] as? [String: Any])?["field"] as? String == "issue_note")
            let issued = try await client.api(
                .post, "/api/v1/extract-requests/\(number)/issue",
                json: ["entry_id": entryID, "issue_note": "Punomoć predočena na šalteru"], token: registrar)
            #expect(issued.status == .created, "\(issued.body)")
            #expect(try await app.count("extract_requests", "issue_note = 'Punomoć predočena na šalteru'") == 1)
            let document = try #require(issued.json["number"] as? String)
            #expect((issued.json["verify_url"] as? String)?.hasPrefix("http://zavicaj.test/verify/") == true)
            #expect(
                try await client.api(
                    .post, "/api/v1/extract-requests/\(number)/reject", json: ["reason": "unpaid"], token: registrar
                ).status == .conflict)

            let pdf = try await client.send(
                .get, "/api/v1/documents/\(document).pdf", body: nil, headers: [.authorization: "Bearer \(member)"],
                useCookies: false)
            #expect(pdf.status == .ok && pdf.data.starts(with: Data("%PDF".utf8)))
            #expect(
                try await client.send(
                    .get, "/api/v1/documents/\(document).pdf", body: nil,
                    headers: [.authorization: "Bearer \(stranger)"], useCookies: false
                ).status == .notFound)
            #expect(
                try await client.send(
                    .get, "/api/v1/documents/\(document).pdf", body: nil, headers: [:], useCookies: false
                ).status == .unauthorized)
            let keys = DocumentContent.keys(fromJSON: try await client.get("/.well-known/zavicaj-keys.json").data)
            guard case .valid(let content) = DocumentContent.check(pdf: pdf.data, keys: keys) else {
                Issue.record("sealed"); return
            }
            #expect(content["document.kind"] == "ciec_a")
            // A program verifies it by its PDF: the member's request lists the document with that check.
            let verified = try await client.send(
                .post, "/api/v1/verify", data: pdf.data, headers: [.contentType: "application/pdf"])
            #expect(verified.json["status"] as? String == "valid", "\(verified.body)")
            let held = try await client.api(.get, "/api/v1/extract-requests/\(number)", token: member)
            let listed = (held.json["documents"] as? [[String: Any]])?.first
            #expect(listed?["number"] as? String == document && listed?["verifications"] as? Int == 1, "\(held.body)")

            let revoked = try await client.api(
                .post, "/api/v1/documents/\(document)/revoke", json: ["reason": "Izdat greškom"], token: registrar)
            #expect(revoked.json["revoked_at"] is String, "\(revoked.body)")
            let verdict = try await client.get(
                "/verify/\(content["document.code"]!)", headers: [.accept: "application/json"])
            #expect(verdict.json["status"] as? String == "revoked")

            // The member's export lists the request; erasure keeps the record but not the person's details.
            let export = try await client.api(.get, "/api/v1/me/export", token: member)
            #expect(
                ((export.json["civil_registry"] as? [String: Any])?["extract_requests"] as? [[String: Any]])?.first?[
                    "number"] as? String == number)
            #expect(
                try await client.api(.delete, "/api/v1/me", json: ["password": "sigurna-lozinka"], token: member).status
                    == .noContent)
            let kept = try #require(try await ExtractStore(app.environment.database.sql).request(number))
            #expect(
                kept.requesterEmail.isEmpty && kept.requesterID == nil && kept.postalAddress == nil
                    && kept.documentNumber == document)
        }
    }
}
