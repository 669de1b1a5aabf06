import Foundation
import Platform
import SQLKit
import TestSupport
import Testing
import ZavicajServer

@testable import CivilRegistry

/// E-matičar beyond the counter, on both databases: living verification, "are you in our books?",
/// requests for relatives and by proxy with proof, one price, registered mail.
@Suite struct BeyondTheCounterTests {
    static let pdf = Data("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n".utf8)
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])

    /// Jajce's books hold Đurđa's birth; a member (German) and Jajce's registrar are signed in.
    static func setUp(_ app: TestApp, _ member: Browser) async throws -> (
        registrar: Browser, entryID: String, jmbg: String
    ) {
        let (entryID, jmbg) = try await ExtractFlowTests.enterBirth(app, member)
        try await member.registerMember(app, email: "amra@example.org")
        let registrar = member.sibling(address: "203.0.113.90")
        try await registrar.signInStaff(app, role: .registrar, slug: "jajce")
        return (registrar, entryID, jmbg)
    }

    @Test(arguments: Backend.all)
    func verificationSaysWhetherTheRecordChangedSinceIssueAndCountsChecks(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, member) async throws -> Void in
            let (registrar, entryID, jmbg) = try await Self.setUp(app, member)
            #expect(
                try await member.upload("/jajce/extracts", ExtractFlowTests.request(jmbg: jmbg), files: []).status
                    == .seeOther)
            #expect(
                try await registrar.post("/jajce/staff/extracts/JAJ-EM-2026-000001/issue", ["entry_id": entryID]).status
                    == .seeOther)
            let document = try #require(
                try await ExtractStore(app.environment.database.sql).document(number: "JAJ-IZ-2026-000001"))
            let anyone = member.sibling(address: "198.51.100.61")
            var verdict = try await anyone.get("/verify/\(document.code)", headers: [.accept: "application/json"]).json
            #expect(
                verdict["record"] as? String == "current" && verdict["as_of"] as? String == "2026-11-18"
                    && verdict["verifications"] as? Int == 1)
            let verifyPage = try await anyone.get("/verify/\(document.code)").body
            #expect(verifyPage.contains("Na upisu nema kasnijih promjena na dan 18.11.2026."))
            #expect(
                verifyPage.contains("nije kvalifikovani elektronski potpis"),
                "the page says what the seal proves and what it does not")
            #expect((verdict["seal"] as? String)?.contains("not a qualified electronic signature") == true)
            #expect(
                try await member.get("/jajce/extracts/JAJ-EM-2026-000001").body.contains(
                    "So oft wurde dieses Dokument geprüft: 1"),
                "opening the page (as a link preview does) is not a check")

            // A later entry: the holder is told, and verification says so without saying what it is.
            let annotated = try await registrar.post(
                "/jajce/staff/registry/entries/\(entryID)/annotations",
                [
                    "kind": "marriage", "description": "Zaključila brak sa Emirom Begićem", "act": "Izvod MKV",
                    "issuer": "Matični ured Jajce",
                    "act_number": "03-13-77/26", "act_date": "2026-11-17",
                ])
            #expect(annotated.status == .seeOther, "\(annotated.body.prefix(300))")
            app.clock.advance(by: 3 * 86_400)
            #expect(
                try await app.mails(to: "amra@example.org").contains {
                    $0.subject == "Späterer Eintrag zu Ihrem Dokument JAJ-IZ-2026-000001"
                })
            let page = try await anyone.get("/verify/\(document.code)", headers: [.accept: "application/json"])
            verdict = page.json
            #expect(verdict["record"] as? String == "annotated" && verdict["status"] as? String == "valid")
            #expect(verdict["as_of"] as? String == "2026-11-18", "the day of the later entry, not of the check")
            #expect(!page.body.contains("Begić") && !page.body.contains("marriage"))
            let stored = try #require(
                try await ExtractStore(app.environment.database.sql).document(number: "JAJ-IZ-2026-000001"))
            #expect(stored.verifications == 2)
            let readers = try await app.environment.database.sql.raw(
                "SELECT COUNT(*) AS n FROM audit_log WHERE detail LIKE '%198.51.100.61%'"
            ).first()!
            #expect(try readers.decode(column: "n", as: Int.self) == 0, "who verified is not kept")
        }
    }

    @Test(arguments: Backend.all)
    func aMemberLearnsOnlyFoundOrNotFoundAFewTimesAnHour(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, member) async throws -> Void in
            let (_, _, jmbg) = try await Self.setUp(app, member)
            #expect(
                try await member.post("/jajce/extracts/check", ["kind": "birth", "jmbg": "123"]).status
                    == .unprocessableContent)
            let found = try await member.post("/jajce/extracts/check", ["kind": "birth", "jmbg": jmbg])
            #expect(found.body.contains("Ein Eintrag wurde gefunden") && !found.body.contains("Hadžić"))
            #expect(
                try await member.post(
                    "/jajce/extracts/check",
                    ["kind": "ciec_a", "given_name": "Durdja", "surname": "Hadzic", "birth_date": "1994-03-15"]
                )
                .body.contains("Ein Eintrag wurde gefunden"))
            #expect(
                try await member.post("/jajce/extracts/check", ["kind": "death", "jmbg": jmbg]).body.contains(
                    "Kein Eintrag"))
            let token = try await member.token(app, email: "amra@example.org", password: "sigurna-lozinka")
            let api = try await member.api(
                .post, "/api/v1/jajce/registry-presence", json: ["kind": "birth", "jmbg": jmbg], token: token)
            #expect(api.json["found"] as? Bool == true && api.json.count == 1)
            #expect(
                try await member.post("/jajce/extracts/check", ["kind": "birth", "jmbg": jmbg]).status == .ok,
                "the fifth check")
            let sixth = try await member.post("/jajce/extracts/check", ["kind": "birth", "jmbg": jmbg])
            #expect(sixth.status == .tooManyRequests && sixth.body.contains("5 Prüfungen"))
            let logged = try await app.environment.database.sql.raw(
                "SELECT detail FROM audit_log WHERE action = 'registry.presence_check'"
            ).all()
            #expect(
                logged.count == 5
                    && logged.allSatisfy { (try? $0.decode(column: "detail", as: String.self).contains(jmbg)) == false }
            )
            app.clock.advance(by: 3601)
            #expect(
                try await member.post("/jajce/extracts/check", ["kind": "birth", "jmbg": jmbg]).status == .ok,
                "an hour later")
        }
    }

    /// Checks sent all at once count together: exactly five pass, on any number of instances.
    @Test(arguments: Backend.all)
    func parallelChecksHoldTheHourlyLimit(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, member) async throws -> Void in
            let (_, _, jmbg) = try await Self.setUp(app, member)
            let token = try await member.token(app, email: "amra@example.org", password: "sigurna-lozinka")
            let statuses = try await inParallel(16) { _ in
                try await member.api(
                    .post, "/api/v1/jajce/registry-presence", json: ["kind": "birth", "jmbg": jmbg], token: token
                ).status
            }
            #expect(statuses.filter { $0 == .ok }.count == 5 && statuses.filter { $0 == .tooManyRequests }.count == 11)
            #expect(try await app.count("audit_log", "action = 'registry.presence_check'") == 5)
        }
    }

    @Test(arguments: Backend.all)
    func relativesStateTheRelationshipProxiesProveItAndTheRegistrarMayAskForProof(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, member) async throws -> Void in
            let (registrar, entryID, jmbg) = try await Self.setUp(app, member)
            var form = ExtractFlowTests.request(jmbg: jmbg)
            form["relation"] = "deceased_relative"
            let unstated = try await member.upload("/jajce/extracts", form, files: [])
            #expect(unstated.status == .unprocessableContent)
            form["relation"] = "cousin"
            #expect(
                try await member.upload("/jajce/extracts", form, files: []).status == .unprocessableContent,
                "an unknown relationship")
            form["relation"] = "proxy"
            form["relationship"] = "Punomoćnik nasljednika po punomoći od 2. 11. 2026."
            #expect(
                try await member.upload("/jajce/extracts", form, files: []).body.contains(
                    "Fügen Sie die Vollmacht, den Vormundschafts"))
            for relation in ["ward", "adopted_child"] {
                let undocumented = try await member.upload(
                    "/jajce/extracts", form.merging(["relation": relation]) { $1 }, files: [])
                #expect(undocumented.status == .unprocessableContent, "a guardian or an adopter sends the decision")
            }
            let gif = try await member.upload(
                "/jajce/extracts", form, files: [("power_of_attorney", "punomoc.gif", Data("GIF89a".utf8))])
            #expect(gif.status == .unprocessableContent)
            #expect(try await app.count("extract_requests") == 0)
            #expect(try await app.count("registry_files") == 0)
            #expect(
                try await member.upload(
                    "/jajce/extracts", form, files: [("power_of_attorney", "punomoc.pdf", Self.pdf)]
                ).status == .seeOther)

            let detail = try await registrar.get("/jajce/staff/extracts/JAJ-EM-2026-000001")
            #expect(detail.body.contains("Punomoćnik nasljednika") && detail.body.contains("punomoc.pdf"))
            #expect(
                try await registrar.post(
                    "/jajce/staff/extracts/JAJ-EM-2026-000001/ask-proof",
                    ["proof_note": "Rješenje o nasljeđivanju, molim."]
                ).status == .seeOther)
            #expect(
                try await registrar.post("/jajce/staff/extracts/JAJ-EM-2026-000001/issue", ["entry_id": entryID]).status
                    == .conflict, "not while waiting for proof")
            #expect(
                try await app.mails(to: "amra@example.org").contains {
                    $0.body.contains("Rješenje o nasljeđivanju, molim.")
                })
            let waiting = try await member.get("/jajce/extracts/JAJ-EM-2026-000001")
            #expect(waiting.body.contains("Wartet auf Nachweis") && waiting.body.contains("Rješenje o nasljeđivanju"))
            #expect(
                try await member.upload("/jajce/extracts/JAJ-EM-2026-000001/proof", [:], files: []).status
                    == .unprocessableContent)
            #expect(
                try await member.upload(
                    "/jajce/extracts/JAJ-EM-2026-000001/proof", [:], files: [("proof", "rjesenje.png", Self.png)]
                ).status == .seeOther)
            let files = try await ExtractStore(app.environment.database.sql).files(
                of: try #require(try await ExtractStore(app.environment.database.sql).request("JAJ-EM-2026-000001")).id)
            #expect(Set(files.map(\.role)) == ["power_of_attorney", "proof"])
            let proof = try #require(files.first { $0.role == "proof" })
            let download = try await registrar.get("/jajce/staff/extracts/JAJ-EM-2026-000001/files/\(proof.id)")
            #expect(download.data == Self.png && download.headers[.contentType] == "image/png")
            #expect(
                try await registrar.post("/jajce/staff/extracts/JAJ-EM-2026-000001/issue", ["entry_id": entryID]).status
                    == .seeOther)
        }
    }

    @Test(arguments: Backend.all)
    func oneAllInclusivePriceAndARegisteredMailNumber(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, member) async throws -> Void in
            let (registrar, entryID, jmbg) = try await Self.setUp(app, member)
            #expect(
                try await member.get("/jajce/extracts/new").body.contains("2,56 EUR"), "5 KM shown in EUR before paying"
            )
            var form = ExtractFlowTests.request(jmbg: jmbg)
            form["delivery"] = "post"
            form["postal_address"] = "Amra Hadžić, Leopoldstraße 7, 80802 München, Deutschland"
            #expect(try await member.upload("/jajce/extracts", form, files: []).status == .seeOther)
            let status = try await member.get("/jajce/extracts/JAJ-EM-2026-000001")
            #expect(
                status.body.contains("18,50 KM") && status.body.contains("9,46 EUR") && status.body.contains("8,50 KM"),
                "2 × 5 KM + 8,50 KM postage")
            let stored = try #require(
                try await ExtractStore(app.environment.database.sql).request("JAJ-EM-2026-000001"))
            #expect(stored.feeFening == 1850 && stored.feeDocumentFening == 1000 && stored.feePostageFening == 850)
            #expect(
                try await registrar.post(
                    "/jajce/staff/extracts/JAJ-EM-2026-000001/dispatch", ["tracking_number": "RR123456785BA"]
                ).status == .conflict,
                "nothing to post before it is issued")
            #expect(
                try await registrar.post("/jajce/staff/extracts/JAJ-EM-2026-000001/issue", ["entry_id": entryID]).status
                    == .seeOther)
            let unprinted = try await registrar.post(
                "/jajce/staff/extracts/JAJ-EM-2026-000001/dispatch", ["tracking_number": "RR123456785BA"])
            #expect(
                unprinted.status == .unprocessableContent && unprinted.body.contains("odštampajte primjerak"),
                "a posted copy is signed and stamped first")
            let printed = try await registrar.post("/jajce/staff/extracts/JAJ-EM-2026-000001/print", [:])
            #expect(printed.status == .ok && printed.headers[.contentType] == "application/pdf")
            #expect(
                try await ExtractStore(app.environment.database.sql).request("JAJ-EM-2026-000001")?.printedAt != nil)
            #expect(try await app.count("audit_log", "action = 'extract.print'") == 1)
            #expect(
                try await registrar.post(
                    "/jajce/staff/extracts/JAJ-EM-2026-000001/dispatch", ["tracking_number": "RR123456789BA"]
                ).status == .unprocessableContent)
            #expect(
                try await registrar.post(
                    "/jajce/staff/extracts/JAJ-EM-2026-000001/dispatch", ["tracking_number": "rr 123 456 785 ba"]
                ).status == .seeOther)
            #expect(try await member.get("/jajce/extracts/JAJ-EM-2026-000001").body.contains("RR123456785BA"))
            #expect(
                try await app.mails(to: "amra@example.org").contains {
                    $0.subject.contains("Einschreiben versandt: RR123456785BA")
                })
        }
    }

    @Test(arguments: Backend.all)
    func aBirthAbroadIsReportedWithTheForeignDocumentAndEnteredIntoTheBooks(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, member) async throws -> Void in
            try await member.registerMember(app, email: "amra@example.org")
            #expect(try await member.get("/kakanj/").body.contains("/kakanj/abroad/new"))
            let report: [String: String] = [
                "book": "births", "given_name": "Lejla", "surname": "Begić", "event_date": "2026-09-03",
                "event_place": "München",
                "country": "Njemačka", "other_persons": "Otac: Emir Begić; majka: Amra Begić rođ. Hadžić",
            ]
            #expect(
                try await member.upload("/kakanj/abroad", report, files: []).body.contains(
                    "Fügen Sie die ausländische Urkunde bei"))
            #expect(
                try await member.upload(
                    "/kakanj/abroad", report.merging(["book": "citizens"]) { $1 },
                    files: [("foreign_document", "a.pdf", Self.pdf)]
                )
                .status == .unprocessableContent)
            #expect(
                try await member.upload(
                    "/kakanj/abroad", report, files: [("foreign_document", "a.exe", Data("MZ".utf8))]
                ).status == .unprocessableContent)
            #expect(try await app.count("abroad_reports") == 0)
            let sent = try await member.upload(
                "/kakanj/abroad", report, files: [("foreign_document", "geburtsurkunde.pdf", Self.pdf)])
            #expect(sent.location == "/kakanj/abroad/KAK-UI-2026-000001", "\(sent.body.prefix(300))")
            #expect(
                try await app.mails(to: "amra@example.org").contains {
                    $0.subject == "[KAK-UI-2026-000001] Meldung eingegangen: Geburt im Ausland"
                })

            let registrar = member.sibling(address: "203.0.113.91")
            try await registrar.signInStaff(app, role: .registrar, slug: "kakanj")
            #expect(try await registrar.get("/kakanj/staff/abroad").body.contains("KAK-UI-2026-000001"))
            #expect(
                try await registrar.post("/kakanj/staff/abroad/KAK-UI-2026-000001/more_info", ["note": ""]).status
                    == .unprocessableContent)
            #expect(
                try await registrar.post(
                    "/kakanj/staff/abroad/KAK-UI-2026-000001/more_info",
                    ["note": "Molimo internacionalni izvod (CIEC)."]
                ).status == .seeOther)
            #expect(
                try await member.get("/kakanj/abroad/KAK-UI-2026-000001").body.contains("Molimo internacionalni izvod"))
            #expect(
                try await member.upload("/kakanj/abroad/KAK-UI-2026-000001/answer", ["answer": ""], files: []).status
                    == .unprocessableContent)
            #expect(
                try await member.upload(
                    "/kakanj/abroad/KAK-UI-2026-000001/answer", ["answer": "U prilogu."],
                    files: [("foreign_document", "ciec.png", Self.png)]
                ).status == .seeOther)

            // The registrar enters it from a form filled from the report; the report is closed with the entry.
            let form = try await registrar.get("/kakanj/staff/registry/new/births?abroad=KAK-UI-2026-000001")
            #expect(form.body.contains("value=\"München, Njemačka\"") && form.body.contains("value=\"Lejla\""))
            let jmbg = "0309026195005"
            let entry = try await registrar.post(
                "/kakanj/staff/registry/new/births?abroad=KAK-UI-2026-000001",
                [
                    "area": "Kakanj", "book_year": "2026", "volume": "2026", "page": "1", "number": "1",
                    "registered_on": "2026-11-18", "given_name": "Lejla", "surname": "Begić", "sex": "female",
                    "jmbg": jmbg, "birth_date": "2026-09-03", "birth_time": "10:15", "birth_place": "München, Njemačka",
                    "citizenship": "BiH",
                    "father_name": "Emir Begić", "mother_name": "Amra Begić",
                ])
            #expect(entry.status == .seeOther, "\(entry.body.prefix(400))")
            let stored = try #require(try await AbroadStore(app.environment.database.sql).report("KAK-UI-2026-000001"))
            #expect(stored.status == .entered && stored.entryID != nil)
            #expect(
                try await app.mails(to: "amra@example.org").contains {
                    $0.subject.contains("Eingetragen: Geburt im Ausland")
                })
            #expect(try await app.count("ledger", "kind = 'registry_abroad_entry'") == 1)
            #expect(
                try await registrar.post(
                    "/kakanj/staff/abroad/KAK-UI-2026-000001/rejected", ["note": "kasno", "confirm": "yes"]
                ).status
                    == .conflict)
            let other = member.sibling(address: "198.51.100.77")
            try await other.signInStaff(app, role: .registrar, slug: "jajce")
            #expect(try await other.get("/kakanj/staff/abroad/KAK-UI-2026-000001").status == .notFound)
        }
    }

    /// UPU S10: RR 12345678 5 BA — check digit 5 over 1·8+2·6+3·4+4·2+5·3+6·5+7·9+8·7 = 204, 11 − 204 mod 11 = 5.
    @Test func registeredMailNumbersCarryTheirCheckDigitServiceAndCountry() throws {
        #expect(try RegisteredMail.normalized("RR123456785BA") == "RR123456785BA")
        #expect(throws: RegisteredMail.Problem.format) { try RegisteredMail.normalized("RR123456789BA") }
        #expect(throws: RegisteredMail.Problem.format) { try RegisteredMail.normalized("RR12345678BA") }
        #expect(throws: RegisteredMail.Problem.notRegistered, "EMS is not registered mail") {
            try RegisteredMail.normalized("EE123456785BA")
        }
        #expect(throws: RegisteredMail.Problem.notPostedHere) { try RegisteredMail.normalized("RR123456785DE") }
        #expect(RegisteredMail.checkDigit([0, 0, 0, 0, 0, 0, 0, 0]) == 5, "a remainder of 0 gives 5")
    }
}
