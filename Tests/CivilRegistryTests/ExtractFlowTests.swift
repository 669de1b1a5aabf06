import Documents
import Foundation
import Platform
import SQLKit
import TestSupport
import Testing
import ZavicajServer

@testable import CivilRegistry

/// E-matičar through the real router on both databases: a member abroad asks Ljubuški for an
/// extract of a birth entered in Jajce's books; Ljubuški's registrar issues it; anyone verifies it.
@Suite struct ExtractFlowTests {
    /// Jajce's registrar enters the birth of Đurđa Hadžić; returns the entry id and the JMBG.
    static func enterBirth(_ app: TestApp, _ browser: Browser) async throws -> (String, String) {
        let registrar = browser.sibling(address: "203.0.113.50")
        try await registrar.signInStaff(app, role: .registrar, slug: "jajce")
        let birth = RegistryBookTests.withControl(RegistryBookTests.birth)
        let created = try await registrar.post("/jajce/staff/registry/new/births", birth)
        #expect(created.status == .seeOther, "\(created.body.prefix(300))")
        return (try RegistryBookTests.entryID(created.location), birth["jmbg"]!)
    }

    static func request(_ kind: String = "birth", jmbg: String? = nil, language: String = "sr-Cyrl") -> [String: String]
    {
        var form = [
            "kind": kind, "relation": "child", "given_name": "Đurđa", "surname": "Hadžić",
            "purpose": "Upis u školu u Beču",
            "copies": "2", "language": language, "delivery": "electronic", "payment": "transfer",
            "payment_reference": "AT-2026-7781",
        ]
        if let jmbg {
            form["jmbg"] = jmbg
        } else {
            form.merge([
                "given_name": "Durdja", "surname": "Hadzic", "birth_date": "1994-03-15", "birth_place": "Jajce",
                "mother_name": "Šefika Hadžić",
            ]) { $1 }
        }
        return form
    }

    @Test(arguments: Backend.all)
    func memberAbroadGetsASignedExtractFromAnotherMunicipalitysBookAndAnyoneVerifiesIt(_ backend: Backend) async throws
    {
        try await TestApp.browse(backend) { (app, member) async throws -> Void in
            let (entryID, jmbg) = try await Self.enterBirth(app, member)
            #expect(try await member.get("/ljubuski/extracts/new").status == .seeOther, "members sign in first")
            try await member.registerMember(app, email: "amra@example.org")
            #expect(try await member.get("/ljubuski/").body.contains("/ljubuski/extracts/new"))

            // Bad input: a localized message beside the field, nothing stored.
            var bad = Self.request(jmbg: String(jmbg.dropLast()) + String((Int(String(jmbg.last!))! + 1) % 10))
            let refused = try await member.upload("/ljubuski/extracts", bad, files: [])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("Die Prüfziffer der JMBG stimmt nicht"), "in the member's language")
            bad = Self.request()
            bad["birth_place"] = ""
            #expect(
                try await member.upload("/ljubuski/extracts", bad, files: []).body.contains(
                    "Ohne JMBG werden Geburtsdatum"))
            #expect(try await app.count("extract_requests") == 0)

            let sent = try await member.upload("/ljubuski/extracts", Self.request(jmbg: jmbg), files: [])
            #expect(
                sent.location == "/ljubuski/extracts/LJU-EM-2026-000001?notice=sent",
                "\(sent.status) \(sent.body.prefix(400))")
            #expect(
                try await member.upload("/ljubuski/extracts", Self.request(jmbg: jmbg), files: []).status == .conflict,
                "the same waiting request twice")
            #expect(try await app.count("extract_requests") == 1)
            #expect(
                try await app.mails(to: "amra@example.org").map(\.subject).contains(
                    "[LJU-EM-2026-000001] Antrag eingegangen: Geburtsurkunde (Auszug)"))
            let stored = try #require(
                try await ExtractStore(app.environment.database.sql).request("LJU-EM-2026-000001"))
            #expect(stored.feeFening == 1000, "two copies at the standard 5 KM")

            // Staff of another municipality do not see it; Ljubuški's registrar finds the Jajce entry.
            let kakanj = member.sibling(address: "203.0.113.70")
            try await kakanj.signInStaff(app, role: .registrar, slug: "kakanj")
            #expect(try await kakanj.get("/kakanj/staff/extracts/LJU-EM-2026-000001").status == .notFound)
            #expect(try await kakanj.get("/ljubuski/staff/extracts").status == .notFound)
            let registrar = member.sibling(address: "203.0.113.80")
            try await registrar.signInStaff(app, role: .registrar, slug: "ljubuski")
            #expect(try await registrar.get("/ljubuski/staff/extracts").body.contains("LJU-EM-2026-000001"))
            let detail = try await registrar.get("/ljubuski/staff/extracts/LJU-EM-2026-000001")
            #expect(detail.body.contains("value=\"\(entryID)\""), "the Jajce entry is suggested")
            // The document's language and script: every choice named (the header's language switch
            // once took the page's `languages` and left six blank options).
            for option in [
                "<option value=\"bs\">Bosanski</option>", "<option value=\"sr-Cyrl\">Srpski (ćirilica)</option>",
                "<option value=\"sr-Latn\">Srpski (latinica)</option>",
            ] {
                #expect(
                    detail.body.contains(option)
                        || detail.body.contains(option.replacingOccurrences(of: "\">", with: "\" selected>")),
                    "\(option)")
            }
            #expect(!detail.body.contains("<option value=\"\"></option>"))
            #expect(
                try await registrar.post("/ljubuski/staff/extracts/LJU-EM-2026-000001/issue", ["language": "sr-Cyrl"])
                    .status == .unprocessableContent)
            let issued = try await registrar.post(
                "/ljubuski/staff/extracts/LJU-EM-2026-000001/issue", ["entry_id": entryID, "language": "sr-Cyrl"])
            #expect(issued.status == .seeOther, "\(issued.body.prefix(500))")
            #expect(
                try await registrar.post("/ljubuski/staff/extracts/LJU-EM-2026-000001/issue", ["entry_id": entryID])
                    .status == .conflict)

            // Jajce, which keeps the book, sees Ljubuški's read; the ledger counts one service for Ljubuški.
            let jajceID = try #require(try await app.environment.municipalities.find(slug: "jajce")?.id)
            let ljubuskiID = try #require(try await app.environment.municipalities.find(slug: "ljubuski")?.id)
            #expect(
                try await app.count(
                    "audit_log",
                    "municipality_id = '\(jajceID)' AND action = 'registry.entry.read' AND object_id = '\(entryID)'")
                    >= 1)
            #expect(
                try await app.count("ledger", "municipality_id = '\(ljubuskiID)' AND kind = 'ematicar_service'") == 1)
            #expect(try await app.count("audit_log", "action = 'extract.issue'") == 1)

            // The member reads the status, downloads the PDF, and the mail said so in German.
            #expect(
                try await app.mails(to: "amra@example.org").contains { $0.subject.contains("Dokument ausgestellt") })
            let status = try await member.get("/ljubuski/extracts/LJU-EM-2026-000001")
            #expect(
                status.body.contains("LJU-IZ-2026-000001")
                    && status.body.contains("/ljubuski/extracts/LJU-EM-2026-000001/document.pdf"))
            let pdf = try await member.get("/ljubuski/extracts/LJU-EM-2026-000001/document.pdf")
            #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf")
            #expect(pdf.data.count < 100_000)
            #expect(
                try await member.sibling(address: "198.51.100.99").get(
                    "/ljubuski/extracts/LJU-EM-2026-000001/document.pdf"
                ).status != .ok)
            #expect(try await registrar.get("/ljubuski/staff/documents/LJU-IZ-2026-000001.pdf").data == pdf.data)
            #expect(try await kakanj.get("/kakanj/staff/documents/LJU-IZ-2026-000001.pdf").status == .notFound)
            let keysJSON = try await member.get("/.well-known/zavicaj-keys.json")
            let keys = DocumentContent.keys(fromJSON: keysJSON.data)
            guard case .valid(let content) = DocumentContent.check(pdf: pdf.data, keys: keys) else {
                Issue.record("the PDF's seal holds"); return
            }
            #expect(content["document.keeper"] == "Општина Јајце" && content["document.issuer"] == "Град Љубушки")
            // (The printed Cyrillic text itself is read back by pdftotext in ExtractDocumentTests.)

            // Anyone verifies by code (page and JSON), never seeing the JMBG.
            let code = try #require(content["document.code"])
            let page = try await member.sibling(address: "198.51.100.20").get("/verify/\(code)")
            #expect(page.body.contains("Das Dokument ist echt") || page.body.contains("Dokument je vjerodostojan"))
            #expect(!page.body.contains(jmbg))
            let json = try await member.get("/verify/\(code)", headers: [.accept: "application/json"])
            #expect(json.json["status"] as? String == "valid" && json.json["name"] as? String == "Đurđa Hadžić")
            #expect(json.json["municipality"] as? String == "Град Љубушки" && !json.body.contains(jmbg))
            #expect(
                try await member.get("/verify?code=\(code.lowercased().replacingOccurrences(of: "-", with: ""))")
                    .location == "/verify/\(code)")
            #expect(
                try await member.get("/verify/AAAA-BBBB", headers: [.accept: "application/json"]).json["status"]
                    as? String == "unknown")

            // The PDF itself verifies on upload; a changed byte of its content does not.
            let uploaded = try await member.upload("/verify", [:], files: [("document", "izvod.pdf", pdf.data)])
            #expect(uploaded.body.contains("Das Dokument ist echt"), "\(uploaded.body.prefix(200))")
            let hex = { (text: String) in text.utf16.map { String(format: "%04X", $0) }.joined() }
            let forged = Data(
                String(decoding: pdf.data, as: UTF8.self).replacingOccurrences(of: hex("Hadžić"), with: hex("Hadžič"))
                    .utf8)
            #expect(forged != pdf.data)
            #expect(
                try await member.upload("/verify", [:], files: [("document", "izvod.pdf", forged)]).body.contains(
                    "Das Dokument ist nicht echt"))
            // Programs send the PDF itself to the API.
            let api = member.sibling(address: "198.51.100.77")
            let checked = try await api.send(
                .post, "/api/v1/verify", data: pdf.data, headers: [.contentType: "application/pdf"])
            #expect(
                checked.json["status"] as? String == "valid"
                    && checked.json["number"] as? String == "LJU-IZ-2026-000001")
            #expect(
                try await api.send(.post, "/api/v1/verify", data: forged, headers: [.contentType: "application/pdf"])
                    .json["status"] as? String == "invalid")

            // After a key rotation, the old document still verifies; revoked, it verifies as revoked.
            try await KeyRing(app.environment.database.sql, clock: app.clock.clock).rotate()
            #expect(
                DocumentContent.keys(fromJSON: try await member.get("/.well-known/zavicaj-keys.json").data).count == 2)
            #expect(
                try await member.upload("/verify", [:], files: [("document", "izvod.pdf", pdf.data)]).body.contains(
                    "Das Dokument ist echt"))
            #expect(
                try await registrar.post(
                    "/ljubuski/staff/documents/LJU-IZ-2026-000001/revoke", ["revocation_reason": ""]
                ).status == .unprocessableContent)
            let revoked = try await registrar.post(
                "/ljubuski/staff/documents/LJU-IZ-2026-000001/revoke", ["revocation_reason": "Pogrešno ime oca"])
            #expect(revoked.status == .seeOther, "\(revoked.body.prefix(300))")
            #expect(
                try await member.get("/verify/\(code)", headers: [.accept: "application/json"]).json["status"]
                    as? String == "revoked")
            #expect(try await app.mails(to: "amra@example.org").contains { $0.body.contains("Pogrešno ime oca") })
        }
    }

    @Test(arguments: Backend.all)
    func aPersonNotInTheBooksIsRefusedWithAReasonAndTheFiguresCountIt(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, member) async throws -> Void in
            try await member.registerMember(app, email: "selma@example.org", language: "bs")
            var form = Self.request("ciec_a", language: "bs")
            form["given_name"] = "Nepostojeća"
            #expect(try await member.upload("/jajce/extracts", form, files: []).status == .seeOther)
            let registrar = member.sibling(address: "203.0.113.81")
            try await registrar.signInStaff(app, role: .registrar, slug: "jajce")
            let detail = try await registrar.get("/jajce/staff/extracts/JAJ-EM-2026-000001")
            #expect(detail.body.contains("Nijedan upis ne odgovara zahtjevu"))
            #expect(
                try await registrar.post("/jajce/staff/extracts/JAJ-EM-2026-000001/reject", ["reason": "other"]).status
                    == .unprocessableContent,
                "another reason needs words")
            #expect(
                try await registrar.get("/jajce/staff/extracts/JAJ-EM-2026-000001").body.contains("class=\"danger\""))
            let unconfirmed = try await registrar.post(
                "/jajce/staff/extracts/JAJ-EM-2026-000001/reject",
                ["reason": "not_in_books", "note": "Provjerite mjesto rođenja."])
            #expect(
                unconfirmed.status == .unprocessableContent && unconfirmed.body.contains("polje za potvrdu"),
                "a refusal is confirmed first")
            let rejected = try await registrar.post(
                "/jajce/staff/extracts/JAJ-EM-2026-000001/reject",
                ["reason": "not_in_books", "note": "Provjerite mjesto rođenja.", "confirm": "yes"])
            #expect(rejected.status == .seeOther)
            let status = try await member.get("/jajce/extracts/JAJ-EM-2026-000001")
            #expect(
                status.body.contains("Osoba nije upisana u matične knjige")
                    && status.body.contains("Provjerite mjesto rođenja."))
            #expect(try await app.mails(to: "selma@example.org").contains { $0.subject.contains("Zahtjev odbijen") })
            #expect(
                try await app.count("ledger", "kind = 'ematicar_service'") == 0, "a refusal is not a service delivered")
            let queue = try await registrar.get("/jajce/staff/extracts?status=all")
            #expect(queue.body.contains("JAJ-EM-2026-000001"))
            let figures = try await ExtractFigures.load(
                app.environment.database.sql,
                municipalityID: try #require(try await app.environment.municipalities.find(slug: "jajce")?.id),
                from: Day(2026, 1, 1).date, to: Day(2027, 1, 1).date)
            #expect(figures == ExtractFigures([(.rejected, Date(), Date())]))
            // Another member sees nothing of it.
            let other = member.sibling(address: "198.51.100.44")
            try await other.registerMember(app, email: "emir@example.org")
            #expect(try await other.get("/jajce/extracts/JAJ-EM-2026-000001").status == .notFound)
        }
    }

    @Test(arguments: Backend.all)
    func theMunicipalityChargesItsOwnFeesAndMayCapCIECAtTheOrdinaryFee(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, admin) async throws -> Void in
            try await admin.signInStaff(app, role: .municipalAdmin, slug: "kakanj")
            var fees = Dictionary(uniqueKeysWithValues: ExtractKind.allCases.map { ("fee_\($0.rawValue)", "4,00") })
            fees["fee_postage"] = "8.50"
            fees["rate_eur"] = "1,95583"
            fees["rate_chf"] = "nije broj"
            #expect(try await admin.post("/kakanj/staff/extracts-setup", fees).status == .unprocessableContent)
            fees["rate_chf"] = "2.1"
            fees["fee_ciec_a"] = "6"
            fees["ciec_capped"] = "1"
            let refused = try await admin.post("/kakanj/staff/extracts-setup", fees)
            #expect(refused.status == .unprocessableContent && refused.body.contains("ne košta više od običnog izvoda"))
            fees["fee_ciec_a"] = "4"
            #expect(try await admin.post("/kakanj/staff/extracts-setup", fees).status == .seeOther)
            let kakanjID = try #require(try await app.environment.municipalities.find(slug: "kakanj")?.id)
            let saved = try await ExtractStore(app.environment.database.sql).fees(kakanjID)
            #expect(saved.byKind[.ciecA] == 400 && saved.postage == 850 && saved.ciecCapped)
            #expect(saved.fee(.birth, copies: 3, delivery: .post) == 3 * 400 + 850)
            #expect(saved.rates == ["EUR": 195_583, "CHF": 210_000])
            #expect(saved.converted(2050, to: "EUR") == 1048, "20,50 KM is 10,48 EUR at the fixed rate")
            #expect(try await admin.get("/kakanj/staff/extracts-setup").body.contains("1.95583"))
            #expect(try await app.count("audit_log", "action = 'extract.fees'") == 1)

            // The same through the API; unsent fees keep their value.
            let client = admin.sibling(address: "203.0.113.88")
            let token = try await client.token(app, email: DemoData.email(role: .municipalAdmin, slug: "kakanj"))
            let current = try await client.api(.get, "/api/v1/kakanj/extract-fees", token: token)
            #expect(current.json["fee_ciec_a"] as? String == "4.00" && current.json["ciec_capped"] as? String == "1")
            #expect(
                try await client.api(.post, "/api/v1/kakanj/extract-fees", json: ["fee_ciec_b": "9"], token: token)
                    .status == .unprocessableContent,
                "capped: not above the ordinary 4 KM")
            let uncapped = try await client.api(
                .post, "/api/v1/kakanj/extract-fees", json: ["fee_ciec_b": "9", "ciec_capped": "0"], token: token)
            #expect(
                uncapped.status == .ok && uncapped.json["fee_ciec_b"] as? String == "9.00"
                    && uncapped.json["fee_postage"] as? String == "8.50")
            #expect(try await app.count("audit_log", "action = 'extract.fees'") == 2)
        }
    }
}
