import Foundation
import Platform
import TestSupport
import Testing
import ZavicajServer

@Suite struct StaffTests {
    static let password = DemoData.password

    /// Logs a demo staff member in, enrolling TOTP where the role needs it.
    static func login(_ browser: Browser, _ app: TestApp, role: Role, slug: String) async throws {
        let email = DemoData.email(role: role, slug: slug)
        let login = try await browser.post("/account/login", ["email": email, "password": password])
        #expect(login.status == .seeOther)
        guard role.requiresSecondFactor else { return }
        #expect(login.location?.hasPrefix("/account/totp/setup") == true)
        #expect(try await browser.get("/\(slug)/staff/").status == .seeOther, "no staff area before the second factor")
        let setup = try await browser.get("/account/totp/setup")
        #expect(setup.body.contains("otpauth://totp/"))
        #expect(setup.body.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), "the enrolment page shows a QR code")
        let account = try #require(try await app.environment.accounts.find(email: email))
        let secret = try #require(account.totpSecret)
        #expect(try await browser.post("/account/totp/setup", ["totp": "000000"]).status == .unprocessableContent)
        let code = SecondFactor.code(secret: secret, at: app.clock.clock.now())
        #expect(try await browser.post("/account/totp/setup", ["totp": code]).status == .seeOther)
    }

    @Test(arguments: Backend.all)
    func registrarNeedsTOTPAndThenSeesOwnStaffArea(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            try await Self.login(browser, app, role: .registrar, slug: "jajce")
            #expect(try await browser.get("/jajce/staff/").status == .ok)
            _ = try await browser.post("/account/logout")
            // Next time the code is asked for, not the enrolment.
            let again = try await browser.post(
                "/account/login", ["email": "registrar@jajce.zavicaj.test", "password": Self.password])
            #expect(again.location?.hasPrefix("/account/totp?") == true)
            #expect(try await browser.post("/account/totp", ["totp": "123456"]).status == .unprocessableContent)
            #expect(
                try await browser.post(
                    "/account/totp", ["totp": try await app.unusedCode(email: "registrar@jajce.zavicaj.test")]
                ).status == .seeOther)
            #expect(try await browser.get("/jajce/staff/").status == .ok)
        }
    }

    @Test(arguments: Backend.all)
    func officerNeedsNoSecondFactor(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            try await Self.login(browser, app, role: .officer, slug: "kljuc")
            #expect(try await browser.get("/staff").location == "/kljuc/staff/")
            #expect(try await browser.get("/kljuc/staff/").status == .ok)
            #expect(try await browser.get("/kljuc/staff/admin/staff").status == .forbidden)
        }
    }

    @Test(arguments: Backend.all)
    func staffOfJajceGet404ForEveryPrivatePageOfKljuc(_ backend: Backend) async throws {
        let app = try await TestApp.make(backend)
        try await app.withClient { client in
            for role in [Role.officer, .municipalAdmin, .departmentStaff, .observer] {
                let browser = Browser(client)
                try await Self.login(browser, app, role: role, slug: "jajce")
                let kljuc = try #require(try await app.environment.municipalities.find(slug: "kljuc"))
                let someone = try #require(try await app.environment.accounts.staff(of: kljuc.id).first)
                for path in [
                    "/kljuc/staff/", "/kljuc/staff/admin/staff", "/kljuc/staff/admin/departments",
                    "/kljuc/staff/admin/profile",
                ] {
                    #expect(try await browser.get(path).status == .notFound, "\(role) GET \(path)")
                }
                for path in [
                    "/kljuc/staff/admin/staff", "/kljuc/staff/admin/staff/\(someone.id)/remove",
                    "/kljuc/staff/admin/profile",
                    "/kljuc/staff/admin/departments",
                ] {
                    #expect(
                        try await browser.post(path, ["name_bs": "X", "email": "x@example.org"]).status == .notFound,
                        "\(role) POST \(path)")
                }
                #expect(try await browser.get("/platform/audit").status == .notFound)
                #expect(try await app.environment.accounts.find(id: someone.id) != nil)
            }
        }
    }

    @Test(arguments: Backend.all)
    func adminManagesStaffDepartmentsAndProfileAndEveryStepIsAudited(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            try await Self.login(browser, app, role: .municipalAdmin, slug: "ljubuski")
            _ = try await browser.get("/lang/en")
            let ljubuski = try #require(try await app.environment.municipalities.find(slug: "ljubuski"))
            let departments = try await app.environment.municipalities.departments(of: ljubuski.id)
            let bad = try await browser.post(
                "/ljubuski/staff/admin/staff",
                [
                    "display_name": "Ivana", "email": "ivana@ljubuski.zavicaj.test",
                    "role": "department_staff", "department_id": "nope", "password": "pocetna-lozinka",
                ])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("This department does not exist in this municipality."))
            let platform = try await browser.post(
                "/ljubuski/staff/admin/staff",
                [
                    "display_name": "Ivana", "email": "ivana@ljubuski.zavicaj.test",
                    "role": "platform_admin", "password": "pocetna-lozinka",
                ])
            #expect(platform.status == .unprocessableContent)
            #expect(try await app.environment.accounts.find(email: "ivana@ljubuski.zavicaj.test") == nil)
            let added = try await browser.post(
                "/ljubuski/staff/admin/staff",
                [
                    "display_name": "Ivana", "email": "ivana@ljubuski.zavicaj.test",
                    "role": "department_staff", "department_id": departments[2].id,
                    "password": "pocetna-lozinka",
                ])
            #expect(added.status == .seeOther)
            let ivana = try #require(try await app.environment.accounts.find(email: "ivana@ljubuski.zavicaj.test"))
            #expect(ivana.role == .departmentStaff && ivana.municipalityID == ljubuski.id)
            #expect(
                try await browser.post("/ljubuski/staff/admin/staff/\(ivana.id)/role", ["role": "officer"]).status
                    == .seeOther)
            #expect(try await app.environment.accounts.find(id: ivana.id)?.role == .officer)
            #expect(
                try await browser.post("/ljubuski/staff/admin/departments", ["name_bs": "", "name_en": "Tourism"])
                    .status == .unprocessableContent)
            #expect(
                try await browser.post(
                    "/ljubuski/staff/admin/departments", ["name_bs": "Turizam", "name_de": "Tourismus"]
                ).status == .seeOther)
            #expect(
                try await app.environment.municipalities.departments(of: ljubuski.id).count == departments.count + 1)
            #expect(
                try await browser.post(
                    "/ljubuski/staff/admin/profile", ["name_bs": "Grad Ljubuški", "website": "ftp://x"]
                ).status == .unprocessableContent)
            let profile = try await browser.post(
                "/ljubuski/staff/admin/profile",
                [
                    "name_bs": "Grad Ljubuški", "name_en": "Town of Ljubuški",
                    "address": "Trg 1", "email": "info@ljubuski.zavicaj.test",
                ])
            #expect(profile.status == .seeOther)
            #expect(try await app.environment.municipalities.find(slug: "ljubuski")?.names[.en] == "Town of Ljubuški")
            #expect(try await browser.post("/ljubuski/staff/admin/staff/\(ivana.id)/remove").status == .seeOther)
            #expect(try await app.environment.accounts.find(id: ivana.id) == nil)
            let actions = try await app.environment.audit.search(AuditFilter(municipalityID: ljubuski.id)).map(\.action)
            for action in [
                "staff.login", "staff.add", "staff.role", "department.add", "municipality.update", "staff.remove",
                "staff.list",
            ] {
                #expect(actions.contains(action), "audit has \(action)")
            }
            let entry = try #require(try await app.environment.audit.search(AuditFilter(action: "staff.add")).first)
            #expect(entry.actorEmail == "admin@ljubuski.zavicaj.test" && entry.clientAddress == "198.51.100.7")
        }
    }

    @Test(arguments: Backend.all)
    func auditLogIsAppendOnlyAndPlatformAdminsBrowseIt(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            try await Self.login(browser, app, role: .platformAdmin, slug: "kakanj")
            let page = try await browser.get("/platform/audit?action=staff.login")
            #expect(page.status == .ok)
            #expect(page.body.contains("platform@kakanj.zavicaj.test"))
            #expect(!page.body.contains("demo.load"))
            #expect(try await browser.get("/platform/outbox").status == .ok)
            await #expect(throws: (any Error).self) {
                try await app.environment.database.sql.raw("UPDATE audit_log SET action = 'x'").run()
            }
            await #expect(throws: (any Error).self) {
                try await app.environment.database.sql.raw("DELETE FROM audit_log").run()
            }
            #expect(try await app.environment.audit.search(AuditFilter()).count > 0)
        }
    }
}

@Suite struct ProvisionedSecondFactorTests {
    @Test(arguments: Backend.all)
    func aProvisionedRegistrarIsAskedForTheCodeNotForEnrolment(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, browser) async throws -> Void in
            let email = DemoData.email(role: .registrar, slug: "kakanj")
            let account = try #require(try await app.environment.accounts.find(email: email))
            let uri = try await AccountService(app.environment).provisionSecondFactor(account, actor: .system("cli"))
            #expect(uri.hasPrefix("otpauth://totp/"))
            let login = try await browser.post("/account/login", ["email": email, "password": DemoData.password])
            #expect(login.location?.hasPrefix("/account/totp?") == true, "the code is asked for at once")
            let secret = try #require(try await app.environment.accounts.find(email: email)?.totpSecret)
            #expect(uri.contains("secret=\(SecondFactor.base32(secret))"))
            #expect(
                try await browser.post(
                    "/account/totp", ["totp": SecondFactor.code(secret: secret, at: app.clock.clock.now())]
                ).status == .seeOther)
            #expect(try await browser.get("/kakanj/staff/").status == .ok)
        }
    }

    /// The admin's staff list and departments through the API: every wrong field at once, a department
    /// required for department staff, no platform admin made by a municipal one, a role change, a removal
    /// (never one's own), each audited; Kakanj's admin cannot touch Jajce's staff.
    @Test(arguments: Backend.all)
    func adminManagesStaffAndDepartmentsThroughTheAPI(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, client) async throws -> Void in
            let admin = try await client.token(app, email: DemoData.email(role: .municipalAdmin, slug: "jajce"))
            let department = try await client.api(
                .post, "/api/v1/jajce/departments",
                json: ["name": ["bs": "Služba za dijasporu", "de": "Diaspora-Büro"], "email": "dijaspora@jajce.test"],
                token: admin)
            let departmentID = try #require(department.json["id"] as? String, "\(department.body)")
            let nameless = try await client.api(
                .post, "/api/v1/jajce/departments/\(departmentID)", json: ["name": ["bs": ""]], token: admin)
            #expect(nameless.status == .unprocessableContent)
            let renamed = try await client.api(
                .post, "/api/v1/jajce/departments/\(departmentID)",
                json: ["name": ["bs": "Ured za dijasporu"], "email": ""], token: admin)
            #expect((renamed.json["name"] as? [String: String])?["bs"] == "Ured za dijasporu", "\(renamed.body)")

            let wrong = try await client.api(
                .post, "/api/v1/jajce/staff",
                json: ["email": "nije-adresa", "display_name": "", "role": "officer", "password": "kratka"],
                token: admin)
            let fields = (wrong.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields == ["email", "display_name", "password"], "\(wrong.body)")
            let before = try await app.count("accounts")
            let grant = try await client.api(
                .post, "/api/v1/jajce/staff",
                json: [
                    "email": "sef@jajce.test", "display_name": "Šef", "role": "platform_admin",
                    "password": "dovoljno-duga-lozinka",
                ], token: admin)
            #expect(grant.status == .unprocessableContent)
            #expect(try await app.count("accounts") == before)
            let added = try await client.api(
                .post, "/api/v1/jajce/staff",
                json: [
                    "email": "amila@jajce.test", "display_name": "Amila Zukić", "role": "department_staff",
                    "department_id": departmentID, "password": "dovoljno-duga-lozinka",
                ], token: admin)
            let id = try #require(added.json["id"] as? String, "\(added.body)")
            #expect(added.json["department_id"] as? String == departmentID)
            let changed = try await client.api(
                .post, "/api/v1/jajce/staff/\(id)/role", json: ["role": "officer"], token: admin)
            #expect(changed.json["role"] as? String == "officer", "\(changed.body)")
            let list = try await client.api(.get, "/api/v1/jajce/staff", token: admin)
            #expect(
                (list.json["staff"] as? [[String: Any]])?.contains { $0["email"] as? String == "amila@jajce.test" }
                    == true)

            let kakanj = try await client.token(app, email: DemoData.email(role: .municipalAdmin, slug: "kakanj"))
            #expect(try await client.api(.post, "/api/v1/kakanj/staff/\(id)/remove", token: kakanj).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/jajce/staff", token: kakanj).status == .notFound)
            let officer = try await client.token(app, email: DemoData.email(role: .officer, slug: "jajce"))
            #expect(try await client.api(.get, "/api/v1/jajce/staff", token: officer).status == .forbidden)
            #expect(try await client.api(.post, "/api/v1/jajce/staff/\(id)/remove", token: admin).status == .noContent)
            #expect(try await app.count("accounts", "id = '\(id)'") == 0)
            #expect(
                try await app.count(
                    "audit_log",
                    "action IN ('department.add', 'department.update', 'staff.add', 'staff.role', 'staff.remove', 'staff.list')"
                ) == 6)
        }
    }
}
