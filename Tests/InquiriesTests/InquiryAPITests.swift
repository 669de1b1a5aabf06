import Foundation
import HTTPTypes
import Inquiries
import Platform
import TestSupport
import Testing
import ZavicajServer

/// The JSON API and inbound mail, on both databases.
@Suite struct InquiryAPITests {
    static func token(_ browser: Browser, _ email: String, password: String = DemoData.password) async throws -> String
    {
        let session = try await browser.api(.post, "/api/v1/sessions", json: ["email": email, "password": password])
        return try #require(session.json["token"] as? String, "\(session.body)")
    }

    @Test(arguments: Backend.all)
    func askerAndOfficerUseTheAPI(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, client) async throws -> Void in
            let created = try await client.api(
                .post, "/api/v1/jajce/inquiries",
                json: [
                    "category": "investment", "subject": "Zemljište za pogon",
                    "body": "Ima li slobodnih parcela u poslovnoj zoni?",
                    "name": "Emir K", "email": "emir@example.de", "language": "en", "time_zone": "Europe/Vienna",
                    "attachments": [
                        ["filename": "plan.png", "content_base64": InquiryFlowTests.png.base64EncodedString()]
                    ],
                ])
            #expect(created.status == .created, "\(created.body)")
            let number = try #require(created.json["number"] as? String)
            let key = try #require(created.json["access_key"] as? String)
            #expect(number == "JAJ-2026-000001")

            let bad = try await client.api(
                .post, "/api/v1/jajce/inquiries",
                json: [
                    "category": "investment", "subject": "x", "body": "y",
                    "name": "E", "email": "emir@example.de",
                    "attachments": [["filename": "a.exe", "content_base64": "TVqQAAMAAAAEAAAA"]],
                ])
            #expect(bad.status == .unprocessableContent)
            #expect((bad.json["error"] as? [String: Any])?["field"] as? String == "attachments")

            #expect(try await client.api(.get, "/api/v1/inquiries/\(number)").status == .notFound, "no key, no inquiry")
            let read = try await client.send(
                .get, "/api/v1/inquiries/\(number)", body: nil, headers: [.init("X-Inquiry-Key")!: key],
                useCookies: false)
            #expect(read.status == .ok)
            #expect(read.json["confirmed_at"] is String, "the key confirms the address")
            #expect(read.json["asker_email"] == nil, "the asker's view has no staff fields")

            let staff = try await Self.token(client, DemoData.email(role: .officer, slug: "jajce"))
            let inbox = try await client.api(
                .get,
                "/api/v1/jajce/inquiries?category=\(try await InquiryFlowTests.categoryID(app, code: "investment"))",
                token: staff)
            #expect((inbox.json["inquiries"] as? [[String: Any]])?.first?["number"] as? String == number)
            let overdue = try await client.api(.get, "/api/v1/jajce/inquiries?overdue=1", token: staff)
            #expect((overdue.json["inquiries"] as? [[String: Any]])?.isEmpty == true)
            #expect(
                try await client.api(.get, "/api/v1/jajce/inquiries?status=nonsense", token: staff).status
                    == .unprocessableContent)

            let note = try await client.api(
                .post, "/api/v1/inquiries/\(number)/messages", json: ["body": "Zona Rudnik", "internal": true],
                token: staff)
            #expect(note.status == .created)
            let answer = try await client.api(
                .post, "/api/v1/inquiries/\(number)/messages", json: ["body": "Da, tri parcele."], token: staff)
            #expect(answer.json["status"] as? String == "answered")
            let asker = try await client.send(
                .get, "/api/v1/inquiries/\(number)?key=\(key)", body: nil, headers: [:], useCookies: false)
            let bodies = (asker.json["messages"] as? [[String: Any]])?.compactMap { $0["body"] as? String } ?? []
            #expect(bodies.contains("Da, tri parcele."))
            #expect(!bodies.contains("Zona Rudnik"), "internal notes stay internal")

            // Staff assign and close it as on its page; the asker then rates the answer with the key.
            let keyed: HTTPFields = [.init("X-Inquiry-Key")!: key, .contentType: "application/json"]
            // Only people who handle cases can be given one: not an observer, not the platform admin.
            for role in [Role.observer, .platformAdmin] {
                let reader = try #require(
                    try await app.environment.accounts.find(email: DemoData.email(role: role, slug: "jajce")))
                let refused = try await client.api(
                    .post, "/api/v1/inquiries/\(number)/assign", json: ["assignee_id": reader.id], token: staff)
                #expect(refused.status == .unprocessableContent, "\(role)")
            }
            let mine = try await client.api(
                .post, "/api/v1/inquiries/\(number)/assign", json: ["assignee_id": "me"], token: staff)
            #expect(mine.status == .ok && mine.json["assignee_id"] as? String != nil, "\(mine.body)")
            let closed = try await client.api(.post, "/api/v1/inquiries/\(number)/close", token: staff)
            #expect(closed.json["status"] as? String == "closed", "\(closed.body)")
            #expect(
                try await client.api(.post, "/api/v1/inquiries/\(number)/close", token: staff).status == .conflict)
            let badRating = try await client.send(
                .post, "/api/v1/inquiries/\(number)/rating", body: #"{"rating": 9}"#, headers: keyed,
                useCookies: false)
            #expect(badRating.status == .unprocessableContent, "\(badRating.body)")
            let rated = try await client.send(
                .post, "/api/v1/inquiries/\(number)/rating", body: #"{"rating": 5, "comment": "Brzo"}"#,
                headers: keyed, useCookies: false)
            #expect(rated.status == .ok, "\(rated.body)")
            #expect(
                try await client.api(.post, "/api/v1/inquiries/\(number)/rating", json: ["rating": 4], token: staff)
                    .status == .notFound, "staff do not rate")
            let reopened = try await client.api(.post, "/api/v1/inquiries/\(number)/reopen", token: staff)
            #expect(reopened.json["status"] as? String != "closed", "\(reopened.body)")
            #expect(
                try await client.send(
                    .post, "/api/v1/inquiries/\(number)/close", body: nil, headers: keyed, useCookies: false
                ).status == .notFound, "the asker's key does not act for staff")

            let other = try await Self.token(client, DemoData.email(role: .officer, slug: "kljuc"))
            #expect(try await client.api(.post, "/api/v1/inquiries/\(number)/close", token: other).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/inquiries/\(number)", token: other).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/jajce/inquiries", token: other).status == .notFound)
            #expect(
                try await client.api(.post, "/api/v1/inquiries/\(number)/messages", json: ["body": "x"], token: other)
                    .status == .notFound)
        }
    }

    @Test(arguments: Backend.all)
    func aReplyByMailIsThreadedBackByTokenOrInReplyTo(_ backend: Backend) async throws {
        try await TestApp.browse(
            backend,
            configure: {
                $0.settings.inboundDomain = "reply.zavicaj.test"
                $0.settings.inboundSecret = "gateway-secret"
            }
        ) { (app, asker) async throws -> Void in
            _ = try await InquiryFlowTests.askAndConfirm(app, asker)
            let officer = asker.sibling()
            try await officer.signInStaff(app, role: .officer, slug: "jajce")
            _ = try await officer.post(
                "/jajce/staff/inquiries/JAJ-2026-000001/reply", ["body": "Trebamo kopiju pasoša.", "wait": "1"])
            let question = try #require(try await app.mails(to: "amra@example.org").first)
            let replyTo = try #require(question.headerFields["Reply-To"])
            #expect(replyTo.hasPrefix("reply+") && replyTo.hasSuffix("@reply.zavicaj.test"))

            let raw = """
                From: Amra <amra@example.org>\r
                To: \(replyTo)\r
                Subject: Re: \(question.subject)\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: quoted-printable\r
                \r
                Poslat =C4=87u sutra.\r
                \r
                On Wed, Zavi=C4=8Daj wrote:\r
                > Trebamo kopiju paso=C5=A1a.\r

                """
            app.clock.advance(by: 600)
            var headers: HTTPFields = [.contentType: "message/rfc822"]
            #expect(
                try await asker.send(.post, "/api/v1/inbound/mail", body: raw, headers: headers, useCookies: false)
                    .status == .forbidden)
            headers[.init("X-Inbound-Secret")!] = "gateway-secret"
            let threaded = try await asker.send(
                .post, "/api/v1/inbound/mail", body: raw, headers: headers, useCookies: false)
            #expect(threaded.status == .accepted, "\(threaded.body)")
            let store = InquiryStore(app.environment.database.sql)
            let inquiry = try #require(try await store.find(number: "JAJ-2026-000001"))
            #expect(inquiry.status == .assigned, "the asker's mail resumes the clock")
            let last = try await store.messages(of: inquiry.id, includeInternal: false).last
            #expect(last?.body == "Poslat ću sutra.")

            // Without the token: In-Reply-To names our mail, and only the asker's own address counts.
            let mailID = question.id
            let byHeader = { (from: String) in
                "From: \(from)\r\nTo: opcina@jajce.ba\r\nIn-Reply-To: <\(mailID)@zavicaj>\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n\(Data("Evo i pasoša.".utf8).base64EncodedString())\r\n--b1\r\nContent-Type: text/html\r\n\r\n<p>Evo</p>\r\n--b1--\r\n"
            }
            #expect(
                try await asker.send(
                    .post, "/api/v1/inbound/mail", body: byHeader("mallory@example.net"), headers: headers,
                    useCookies: false
                ).status == .notFound)
            app.clock.advance(by: 600)
            #expect(
                try await asker.send(
                    .post, "/api/v1/inbound/mail", body: byHeader("amra@example.org"), headers: headers,
                    useCookies: false
                ).status == .accepted)
            #expect(try await store.messages(of: inquiry.id, includeInternal: false).last?.body == "Evo i pasoša.")
        }
    }
}

/// A member's own inquiries in their data export, and what erasure leaves behind.
@Suite struct InquiryPersonalDataTests {
    @Test(arguments: Backend.all)
    func aMembersInquiriesAreExportedAndErasedToAnAnonymousCount(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, member) async throws -> Void in
            let registered = try await member.api(
                .post, "/api/v1/members",
                json: [
                    "email": "selma@example.org", "password": "sigurna-lozinka",
                    "display_name": "Selma", "time_zone": "Europe/Zurich",
                ])
            #expect(registered.status == .created)
            let link = try #require(
                try await app.link(in: "selma@example.org", prefix: "http://zavicaj.test/account/confirm"))
            #expect(try await member.get(String(link.dropFirst("http://zavicaj.test".count))).status == .ok)
            let token = try await InquiryAPITests.token(member, "selma@example.org", password: "sigurna-lozinka")
            let sent = try await member.api(
                .post, "/api/v1/jajce/inquiries",
                json: [
                    "category": "diaspora", "subject": "Dani dijaspore",
                    "body": "Kada su Dani dijaspore?",
                ], token: token)
            #expect(sent.json["confirmed_at"] is String, "a confirmed member's question goes straight to the inbox")
            let mine = try await member.api(.get, "/api/v1/inquiries/JAJ-2026-000001", token: token)
            #expect(mine.status == .ok, "the asker's own account opens it without a key")

            let export = try await member.api(.get, "/api/v1/me/export", token: token)
            let exported = ((export.json["inquiries"] as? [String: Any])?["inquiries"] as? [[String: Any]])?.first
            #expect(exported?["subject"] as? String == "Dani dijaspore")

            #expect(
                try await member.api(.delete, "/api/v1/me", json: ["password": "sigurna-lozinka"], token: token).status
                    == .noContent)
            let store = InquiryStore(app.environment.database.sql)
            let kept = try #require(try await store.find(number: "JAJ-2026-000001"))
            #expect(
                kept.askerEmail.isEmpty && kept.askerName.isEmpty && kept.subject.isEmpty && kept.askerAccountID == nil)
            #expect(try await store.messages(of: kept.id, includeInternal: true).allSatisfy { $0.body.isEmpty })
        }
    }

    /// The rest of the Servis 48h setup through the API: a category (a taken code refused with the other
    /// wrong fields), renamed and taken off the form; a reply template; an Open311 key shown once that a
    /// client then posts with. Each change audited; Ključ's admin sees none of Jajce's.
    @Test(arguments: Backend.all)
    func adminSetsUpCategoriesTemplatesAndOpen311KeysThroughTheAPI(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, client) async throws -> Void in
            let admin = try await client.token(app, email: DemoData.email(role: .municipalAdmin, slug: "jajce"))
            let path = "/api/v1/jajce/inquiry-settings"
            let existing = try await client.api(.get, "\(path)/categories", token: admin)
            let first = try #require((existing.json["categories"] as? [[String: Any]])?.first, "\(existing.body)")
            let department = try #require(first["department_id"] as? String)
            let taken = try await client.api(
                .post, "\(path)/categories",
                json: ["code": first["code"] as? String ?? "", "name": ["bs": ""], "department_id": "nema"],
                token: admin)
            let fields = (taken.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields == ["code", "name_bs", "department_id"], "\(taken.body)")
            let added = try await client.api(
                .post, "\(path)/categories",
                json: [
                    "code": "penzije", "name": ["bs": "Penzije iz inostranstva", "de": "Renten aus dem Ausland"],
                    "department_id": department, "answer_hours": 72,
                ], token: admin)
            let id = try #require(added.json["id"] as? String, "\(added.body)")
            #expect(added.json["active"] as? Bool == true && added.json["answer_hours"] as? Int == 72)
            #expect(try await client.get("/jajce/inquiries/new").body.contains("Penzije iz inostranstva"))
            let retired = try await client.api(
                .post, "\(path)/categories/\(id)",
                json: ["name": ["bs": "Penzije"], "department_id": department, "active": false], token: admin)
            #expect(retired.json["active"] as? Bool == false && retired.json["code"] as? String == "penzije")
            #expect(!(try await client.get("/jajce/inquiries/new").body.contains("Penzije")))

            let template = try await client.api(
                .post, "\(path)/templates",
                json: ["name": "Hvala", "body": ["de": "Danke für Ihre Frage."]], token: admin)
            #expect(template.status == .created, "\(template.body)")
            let templates = try await client.api(.get, "\(path)/templates", token: admin)
            #expect(
                (templates.json["templates"] as? [[String: Any]])?.contains { $0["name"] as? String == "Hvala" } == true
            )

            let issued = try await client.api(
                .post, "\(path)/open311-keys", json: ["name": "Gradska app"], token: admin)
            let key = try #require(issued.json["key"] as? String, "\(issued.body)")
            let listed = try await client.api(.get, "\(path)/open311-keys", token: admin)
            #expect(!listed.body.contains(key) && listed.body.contains("Gradska app"))
            let posted = try await client.send(
                .post, "/open311/v2/requests.json",
                body: "jurisdiction_id=jajce&api_key=\(key)&service_code=\(first["code"] as? String ?? "")"
                    + "&description=Rupa+na+putu+kod+mosta&email=ana%40example.at",
                headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(posted.status == .ok || posted.status == .created, "\(posted.body)")

            #expect(
                try await app.count(
                    "audit_log",
                    "action IN ('inquiry.setup.categories', 'inquiry.setup.templates', 'open311.key.issue')")
                    == 4)
            let kljuc = try await client.token(app, email: DemoData.email(role: .municipalAdmin, slug: "kljuc"))
            let foreign = try await client.api(
                .post, "/api/v1/kljuc/inquiry-settings/categories/\(id)",
                json: ["name": ["bs": "X"], "department_id": department], token: kljuc)
            #expect(foreign.status == .notFound)
        }
    }

    /// Servis 48h's figures through the API: two questions asked and confirmed, one answered at once, are
    /// two received, one answered on time, in November and under their category, as the staff page shows
    /// them; Ključ's officer cannot read Jajce's.
    @Test(arguments: Backend.all)
    func staffReadTheFiguresThroughTheAPI(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, client) async throws -> Void in
            let officer = try await client.token(app, email: DemoData.email(role: .officer, slug: "jajce"))
            var numbers: [String] = []
            for n in 0..<2 {
                let created = try await client.api(
                    .post, "/api/v1/jajce/inquiries",
                    json: [
                        "category": "investment", "subject": "Parcela \(n)", "body": "Ima li slobodnih parcela?",
                        "name": "Emir K", "email": "emir\(n)@example.de",
                    ])
                let number = try #require(created.json["number"] as? String, "\(created.body)")
                let key = try #require(created.json["access_key"] as? String)
                _ = try await client.send(
                    .get, "/api/v1/inquiries/\(number)", body: nil, headers: [.init("X-Inquiry-Key")!: key],
                    useCookies: false)
                numbers.append(number)
            }
            app.clock.advance(by: 3600)
            let answer = try await client.api(
                .post, "/api/v1/inquiries/\(numbers[0])/messages", json: ["body": "Da, tri parcele."], token: officer)
            #expect(answer.status == .created || answer.status == .ok, "\(answer.body)")

            let figures = try await client.api(.get, "/api/v1/jajce/inquiries/figures", token: officer)
            let total = try #require(figures.json["total"] as? [String: Any], "\(figures.body)")
            #expect(total["received"] as? Int == 2 && total["answered"] as? Int == 1 && total["on_time"] as? Int == 1)
            #expect(total["on_time_percent"] as? Int == 100 && total["median_hours"] as? Double == 1)
            let months = (figures.json["months"] as? [[String: Any]])?.map { $0["label"] as? String }
            #expect(months == ["2026-11"], "\(figures.body)")
            let categories = (figures.json["categories"] as? [[String: Any]])?.map { $0["label"] as? String }
            #expect(categories == ["investment"])
            let page = client.sibling(address: "203.0.113.46")
            try await page.signInStaff(app, role: .officer, slug: "jajce")
            let shown = try await page.get("/jajce/staff/inquiries/figures")
            #expect(shown.body.contains("1.0 h"), "the page shows the same median")
            let kljuc = try await client.token(app, email: DemoData.email(role: .officer, slug: "kljuc"))
            #expect(
                try await client.api(.get, "/api/v1/jajce/inquiries/figures", token: kljuc).status == .notFound)
        }
    }
}
