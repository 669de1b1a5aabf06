import CivilRegistry
import Foundation
import Platform
import SQLKit
import TestSupport
import Testing
import ZavicajServer

/// The registry books through the registrar's pages, on both databases.
@Suite struct RegistryBookTests {
    static let birth: [String: String] = [
        "area": "Jajce", "book_year": "1994", "volume": "12", "page": "48", "number": "3",
        "registered_on": "1994-03-16",
        "given_name": "Đurđa", "surname": "Hadžić", "sex": "female", "jmbg": "1503994175005",
        "birth_date": "1994-03-15",
        "birth_time": "07:40", "birth_place": "Jajce", "citizenship": "BiH", "mother_name": "Šefika Hadžić",
        "father_name": "Ćamil Hadžić",
    ]

    /// A valid JMBG for the sample (the control digit as the rule gives it).
    static func withControl(_ fields: [String: String]) -> [String: String] {
        var fields = fields
        let twelve = String(fields["jmbg"]!.prefix(12))
        fields["jmbg"] = twelve + String(JMBG.controlDigit(twelve.map { Int(String($0))! })!)
        return fields
    }

    static func entryID(_ location: String?) throws -> String {
        try #require(location?.split(separator: "/").last.map { String($0.split(separator: "?")[0]) })
    }

    @Test(arguments: Backend.all)
    func registrarEntersReadsAndAnnotatesAndEveryReadIsLoggedWhereTheBookIsKept(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, jajce) async throws -> Void in
            try await jajce.signInStaff(app, role: .registrar, slug: "jajce")
            let good = Self.withControl(Self.birth)
            let badControl = good.merging([
                "jmbg": String(good["jmbg"]!.dropLast()) + String((Int(String(good["jmbg"]!.last!))! + 1) % 10)
            ]) { $1 }
            let refused = try await jajce.post("/jajce/staff/registry/new/births", badControl)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("Kontrolna cifra JMBG-a nije ispravna"))
            #expect(
                try await jajce.post(
                    "/jajce/staff/registry/new/births", good.merging(["birth_date": "1994-03-16"]) { $1 }
                ).status == .unprocessableContent)
            #expect(
                try await jajce.post("/jajce/staff/registry/new/births", good.merging(["birth_time": "25:00"]) { $1 })
                    .status == .unprocessableContent)

            let created = try await jajce.post("/jajce/staff/registry/new/births", good)
            #expect(created.status == .seeOther, "\(created.body.prefix(300))")
            let id = try Self.entryID(created.location)
            #expect(
                try await jajce.post("/jajce/staff/registry/new/births", good).status == .unprocessableContent,
                "one entry per volume/page/number")
            let page = try await jajce.get("/jajce/staff/registry/entries/\(id)")
            #expect(page.body.contains("Hadžić") && page.body.contains("potpis ispravan"))

            // A registrar of another municipality finds it however the name is typed, and reads it.
            let kakanj = jajce.sibling(address: "203.0.113.60")
            try await kakanj.signInStaff(app, role: .registrar, slug: "kakanj")
            let found = try await kakanj.get("/kakanj/staff/registry?name=Durdja+Hadzic&birth_date=1994-03-15")
            #expect(found.body.contains("/kakanj/staff/registry/entries/\(id)"))
            #expect(try await kakanj.get("/kakanj/staff/registry?jmbg=\(good["jmbg"]!)").body.contains(id))
            #expect(
                try await kakanj.get("/kakanj/staff/registry?book=births&volume=12&page=48&number=3").body.contains(id))
            #expect(!(try await kakanj.get("/kakanj/staff/registry?name=Hadzic+Nobody").body.contains(id)))
            let read = try await kakanj.get("/kakanj/staff/registry/entries/\(id)")
            #expect(read.status == .ok && read.body.contains("Općina Jajce"))
            #expect(!read.body.contains("registry_annotate"), "only the keeping municipality annotates")
            #expect(
                try await kakanj.post("/kakanj/staff/registry/entries/\(id)/annotations", ["kind": "death"]).status
                    == .forbidden)
            let jajceID = try #require(try await app.environment.municipalities.find(slug: "jajce")?.id)
            let kakanjRegistrar = DemoData.email(role: .registrar, slug: "kakanj")
            let logged = try await app.environment.audit.search(
                AuditFilter(municipalityID: jajceID, actor: kakanjRegistrar))
            #expect(logged.contains { $0.action == "registry.entry.read" && $0.objectID == id })
            #expect(logged.contains { $0.action == "registry.entry.found" && $0.objectID == id })

            // A change of surname is a new version; the first one stays, both keep their seals.
            let annotation = [
                "kind": "name_change", "description": "Promjena prezimena udajom", "act": "Rješenje",
                "issuer": "Općina Jajce",
                "act_number": "03-13-1234/26", "act_date": "2026-06-01", "field_surname": "Čolaković",
            ]
            #expect(
                try await jajce.post(
                    "/jajce/staff/registry/entries/\(id)/annotations", annotation.merging(["act_date": ""]) { $1 }
                ).status == .unprocessableContent)
            #expect(
                try await jajce.post("/jajce/staff/registry/entries/\(id)/annotations", annotation).status == .seeOther)
            let entry = try #require(try await RegistryStore(app.environment.database.sql).entry(id))
            #expect(entry.versions.count == 2)
            #expect(entry.versions[0].fields["surname"] == "Hadžić" && entry.current["surname"] == "Čolaković")
            let history = try await jajce.get("/jajce/staff/registry/entries/\(id)")
            #expect(history.body.components(separatedBy: "potpis ispravan").count == 3)
            #expect(try await kakanj.get("/kakanj/staff/registry?name=Durdja+Colakovic").body.contains(id))
        }
    }

    @Test(arguments: Backend.all)
    func versionsAreNeverChangedAndOnlyRegistrarsOpenTheBooks(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, registrar) async throws -> Void in
            try await registrar.signInStaff(app, role: .registrar, slug: "kljuc")
            let created = try await registrar.post("/kljuc/staff/registry/new/births", Self.withControl(Self.birth))
            #expect(created.status == .seeOther)
            let db = app.environment.database.sql
            await #expect(throws: (any Error).self) {
                try await db.raw("UPDATE registry_versions SET fields = '{}'").run()
            }
            await #expect(throws: (any Error).self) { try await db.raw("DELETE FROM registry_versions").run() }
            for role in [Role.officer, .municipalAdmin, .observer] {
                let other = registrar.sibling(address: "203.0.113.7\(role.rawValue.count)")
                try await other.signInStaff(app, role: role, slug: "kljuc")
                #expect(try await other.get("/kljuc/staff/registry").status == .forbidden, "\(role)")
            }
        }
    }

    /// A marriage with a German spouse: no JMBG, a stated reason, born abroad with the state named.
    static let foreignMarriage: [String: String] = [
        "area": "Jajce", "book_year": "2019", "volume": "3", "page": "14", "number": "7", "registered_on": "2019-07-13",
        "given_name": "Emir", "surname": "Begić", "jmbg": "0101990170003", "birth_date": "1990-01-01",
        "birth_place": "Jajce", "citizenship": "BiH",
        "surname_after": "Begić", "spouse_given_name": "Anna", "spouse_surname": "Müller",
        "spouse_jmbg_missing": "foreign_citizen",
        "spouse_birth_date": "1991-04-12", "spouse_birth_place": "Stuttgart, Njemačka",
        "spouse_citizenship": "Njemačka",
        "spouse_surname_after": "Müller-Begić", "marriage_date": "2019-07-13", "marriage_place": "Jajce",
    ]

    @Test(.needs(.pdftotext), arguments: Backend.all)
    func aMarriageWithAForeignSpouseAndBooksByAreaAndYear(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, jajce) async throws -> Void in
            try await jajce.signInStaff(app, role: .registrar, slug: "jajce")
            let marriage = Self.foreignMarriage
            let noReason = try await jajce.post(
                "/jajce/staff/registry/new/marriages", marriage.merging(["spouse_jmbg_missing": ""]) { $1 })
            #expect(noReason.status == .unprocessableContent && noReason.body.contains("odaberite zašto ga nema"))
            let created = try await jajce.post("/jajce/staff/registry/new/marriages", marriage)
            #expect(created.status == .seeOther, "\(created.body.prefix(400))")
            let entry = try #require(
                try await RegistryStore(app.environment.database.sql).entry(try Self.entryID(created.location)))
            #expect(entry.current["spouse_jmbg"] == nil && entry.current["spouse_jmbg_missing"] == "foreign_citizen")
            #expect(entry.reference == BookReference(area: "Jajce", year: 2019, volume: 3, page: 14, number: 7))
            // The same volume/page/number in another area or another year's book is another entry.
            #expect(
                try await jajce.post("/jajce/staff/registry/new/marriages", marriage).status == .unprocessableContent)
            #expect(
                try await jajce.post(
                    "/jajce/staff/registry/new/marriages", marriage.merging(["area": "Jajce II"]) { $1 }
                ).status == .seeOther)
            #expect(
                try await jajce.post(
                    "/jajce/staff/registry/new/marriages",
                    marriage.merging([
                        "book_year": "2018", "registered_on": "2018-07-13", "marriage_date": "2018-07-13",
                    ]) { $1 }
                ).status == .seeOther)
            #expect(
                try await jajce.post(
                    "/jajce/staff/registry/new/marriages", marriage.merging(["book_year": "1799"]) { $1 }
                ).status == .unprocessableContent)

            // Emir asks for the CIEC form B of his marriage; the registrar issues it in Latin letters, complete.
            let member = jajce.sibling(address: "198.51.100.70")
            try await member.registerMember(app, email: "emir@example.org", name: "Emir Begić")
            var request = ExtractFlowTests.request("ciec_b", jmbg: "0101990170003", language: "sr-Cyrl")
            request.merge(["relation": "self", "given_name": "Emir", "surname": "Begić", "spouse_name": "Anna Müller"])
            { $1 }
            #expect(try await member.upload("/jajce/extracts", request, files: []).status == .seeOther)
            let number = "JAJ-EM-2026-000001"
            #expect(
                try await jajce.post("/jajce/staff/extracts/\(number)/issue", ["entry_id": entry.id]).status
                    == .seeOther)
            let issued = try #require(
                try await ExtractStore(app.environment.database.sql).request(number)?.documentNumber)
            let pdf = try await jajce.get("/jajce/staff/documents/\(issued).pdf")
            let text = try ExtractDocumentTests.text(pdf.data)
            for expected in [
                "Begić", "Anna", "Müller-Begić", "Stuttgart, Njemačka", "Jo 12 Mo 04 An 1991",
                "Bosna i Hercegovina 0101990170003",
                "strani državljanin", "Jajce 2019, 3/14/7", "Lieu de naissance",
            ] {
                #expect(text.contains(expected), "\(expected)")
            }
        }
    }

    /// A JMBG whose date differs from the date of birth is saved only once the registrar confirms it.
    @Test(arguments: Backend.all)
    func warningsAreConfirmedBeforeTheEntryIsSaved(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, jajce) async throws -> Void in
            try await jajce.signInStaff(app, role: .registrar, slug: "jajce")
            let mismatch = Self.withControl(Self.birth).merging([
                "birth_date": "1994-03-16", "given_name": "Zinaida", "surname": "Testić",
            ]) { $1 }
            let asked = try await jajce.post("/jajce/staff/registry/new/births", mismatch)
            #expect(asked.status == .unprocessableContent)
            #expect(
                asked.body.contains("Datum u JMBG-u ne odgovara datumu rođenja")
                    && asked.body.contains("name=\"confirm_warnings\""))
            var query = RegistryQuery()
            query.nameKey = NameKey.of("Zinaida Testić")
            #expect(
                try await RegistryStore(app.environment.database.sql).search(query).isEmpty,
                "nothing is saved before the confirmation")
            let confirmed = try await jajce.post(
                "/jajce/staff/registry/new/births", mismatch.merging(["confirm_warnings": "1"]) { $1 })
            #expect(confirmed.status == .seeOther)
        }
    }

    @Test func everyWrongFieldOfAnEntryIsReportedAtOnce() throws {
        let today = Day(2026, 11, 25)
        var wrong = Self.birth
        (wrong["given_name"], wrong["jmbg"], wrong["birth_date"], wrong["birth_time"]) = ("", "", "2027-01-01", "25:00")
        do {
            _ = try RegistryRules.check(.births, wrong, today: today)
            Issue.record("a wrong entry was accepted")
        } catch let error as AppError {
            #expect(
                error.fieldErrors.map(\.field) == ["given_name", "birth_date", "birth_time", "jmbg"],
                "in the form's order; the missing JMBG without a reason last")
            #expect(error.fieldErrors.map(\.code) == ["required", "date_in_future", "invalid_time", "jmbg_or_reason"])
        }
    }

    @Test func jmbgAndDatesAreCheckedFieldByField() throws {
        let today = Day(2026, 11, 25)
        #expect(throws: AppError.self) { try RegistryRules.check(.births, [:], today: today) }
        let checked = try RegistryRules.check(
            .births, Self.withControl(Self.birth).merging(["sex": "male"]) { $1 }, today: today)
        #expect(checked.warnings == ["registry_warning_jmbg_sex"], "the JMBG says female")
        let elsewhere = try RegistryRules.check(
            .births, Self.birth.merging(["jmbg": JMBGTests.complete("150399420500"), "sex": "female"]) { $1 },
            today: today)
        #expect(
            elsewhere.warnings == ["registry_warning_jmbg_region"],
            "a number from outside the known registers is flagged, not refused")
        let old = try RegistryRules.check(
            .deaths,
            [
                "given_name": "Mara", "surname": "Ljubić", "sex": "female", "jmbg_missing": "not_assigned",
                "birth_date": "1889-05-12", "death_date": "1961-02-03", "death_place": "Jajce",
            ], today: today)
        #expect(
            old.fields["jmbg"] == nil && old.fields["jmbg_missing"] == "not_assigned"
                && old.fields["birth_date"] == "1889-05-12")
        #expect(throws: AppError.self) {
            try RegistryRules.check(
                .deaths,
                [
                    "given_name": "Mara", "surname": "Ljubić", "sex": "female", "jmbg_missing": "lost",
                    "birth_date": "1889-05-12", "death_date": "1961-02-03", "death_place": "Jajce",
                ], today: today)
        }
        #expect(checked.fields["birth_time"] == "07:40")
        do {
            _ = try RegistryRules.check(
                .deaths,
                Self.withControl(Self.birth).merging(["death_date": "2027-01-01", "death_place": "Jajce"]) { $1 },
                today: today)
            Issue.record("a death in the future was accepted")
        } catch let error as AppError {
            #expect(error.field == "death_date" && error.code == "date_in_future")
        }
    }
}
