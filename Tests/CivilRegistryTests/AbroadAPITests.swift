import Foundation
import Platform
import TestSupport
import Testing
import ZavicajServer

@testable import CivilRegistry

/// An event abroad through `/api/v1`, on both databases: a member reports a birth with the foreign
/// document, the registrar asks for more, the member answers, the registrar enters it in the books
/// from the report; other members and municipalities see nothing.
@Suite struct AbroadAPITests {
    static let pdf = Data("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n".utf8).base64EncodedString()

    @Test(arguments: Backend.all)
    func aBirthAbroadIsReportedAskedAboutAndEnteredThroughTheAPI(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, client) async throws -> Void in
            let member = try await ExtractAPITests.member(app, client, email: "lejla@example.se")
            var report: [String: Any] = [
                "book": "births", "given_name": "Sara", "surname": "Mujić", "event_date": "2026-09-03",
                "event_place": "Malmö", "country": "Švedska",
            ]
            let missing = try await client.api(.post, "/api/v1/jajce/abroad-reports", json: report, token: member)
            #expect((missing.json["error"] as? [String: Any])?["field"] as? String == "foreign_document")
            #expect(try await app.count("abroad_reports") == 0)
            report["attachments"] = [["filename": "födelsebevis.pdf", "content_base64": Self.pdf]]
            let sent = try await client.api(.post, "/api/v1/jajce/abroad-reports", json: report, token: member)
            #expect(sent.status == .created, "\(sent.body)")
            let number = try #require(sent.json["number"] as? String)
            #expect(number.hasPrefix("JAJ-UI-2026-") && sent.json["status"] as? String == "received")
            let other = try await ExtractAPITests.member(
                app, client.sibling(address: "198.51.100.77"), email: "x@example.se")
            #expect(
                try await client.api(.get, "/api/v1/jajce/abroad-reports/\(number)", token: other).status == .notFound)

            let registrar = try await client.token(app, email: DemoData.email(role: .registrar, slug: "jajce"))
            let queue = try await client.api(.get, "/api/v1/jajce/abroad-reports", token: registrar)
            #expect((queue.json["reports"] as? [[String: Any]])?.map { $0["number"] as? String } == [number])
            let asked = try await client.api(
                .post, "/api/v1/jajce/abroad-reports/\(number)/more_info",
                json: ["note": "Pošaljite i prevod izvoda."], token: registrar)
            #expect(asked.json["status"] as? String == "more_info", "\(asked.body)")
            let answered = try await client.api(
                .post, "/api/v1/jajce/abroad-reports/\(number)/answer",
                json: [
                    "answer": "Prevod je u prilogu.",
                    "attachments": [["filename": "prevod.pdf", "content_base64": Self.pdf]],
                ],
                token: member)
            #expect(answered.json["status"] as? String == "received", "\(answered.body)")
            #expect((answered.json["files"] as? [[String: Any]])?.count == 2)

            var birth = RegistryBookTests.withControl(RegistryBookTests.birth)
            birth.merge([
                "given_name": "Sara", "surname": "Mujić", "birth_date": "2026-09-03", "birth_place": "Malmö, Švedska",
                "book_year": "2026", "registered_on": "2026-09-10", "jmbg": "", "jmbg_missing": "not_assigned",
                "abroad": number, "confirm_warnings": "true",
            ]) { $1 }
            let entered = try await client.api(.post, "/api/v1/jajce/registry/births", json: birth, token: registrar)
            #expect(entered.status == .created, "\(entered.body)")
            let read = try await client.api(.get, "/api/v1/jajce/abroad-reports/\(number)", token: member)
            #expect(
                read.json["status"] as? String == "entered"
                    && read.json["entry_id"] as? String == entered.json["id"] as? String)
            #expect(try await app.count("ledger", "kind = 'registry_abroad_entry'") == 1)
            let kakanj = try await client.token(app, email: DemoData.email(role: .registrar, slug: "kakanj"))
            #expect(try await client.api(.get, "/api/v1/jajce/abroad-reports", token: kakanj).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/jajce/abroad-reports", token: member).status != .ok)
        }
    }
}
