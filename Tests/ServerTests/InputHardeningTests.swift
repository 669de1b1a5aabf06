import Foundation
import HTTPTypes
import Platform
import TestSupport
import Testing
import ZavicajServer

/// Bad or repeated input changes nothing, on both databases.
@Suite struct InputHardeningTests {
    static let question = [
        "category": "documents", "subject": "Izvod", "body": "Trebam izvod.", "name": "Amra Hadžić",
        "email": "amra@example.org", "language": "bs", "time_zone": "Europe/Berlin",
    ]

    /// A multipart body of `fields`, with a file `size` bytes long, optionally cut before its closing delimiter.
    static func multipart(_ fields: [String: String], file size: Int, boundary: String, closed: Bool) -> Data {
        var body = Data()
        for (name, value) in fields {
            body.append(
                Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        body.append(
            Data(
                """
                --\(boundary)\r\nContent-Disposition: form-data; name=\"attachments\"; \
                filename=\"izvod.pdf\"\r\n\r\n%PDF-1.4\n
                """
                .utf8))
        body.append(Data(repeating: 0x41, count: size))
        if closed { body.append(Data("\r\n--\(boundary)--\r\n".utf8)) }
        return body
    }

    @Test(arguments: Backend.all)
    func aCutOffUploadIsRefusedWhole(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            _ = try await browser.get("/jajce/inquiries/new")
            let cut = Self.multipart(Self.question, file: 30_000, boundary: "zvcut", closed: false)
            let page = try await browser.send(
                .post, "/jajce/inquiries?_csrf=\(browser.cookies["zv_csrf"] ?? "")", data: cut,
                headers: [.contentType: "multipart/form-data; boundary=zvcut"])
            #expect(page.status == .badRequest)
            #expect(try await app.count("inquiries") == 0)
            #expect(try await app.count("inquiry_attachments") == 0)
        }
    }

    @Test(arguments: Backend.all)
    func aFloodOfPartsOrFieldsIsRefusedEarly(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            _ = try await browser.get("/jajce/inquiries/new")
            var flood = Data()
            for index in 0..<5_000 {
                flood.append(Data("--zvf\r\nContent-Disposition: form-data; name=\"f\(index)\"\r\n\r\nx\r\n".utf8))
            }
            flood.append(Data("--zvf--\r\n".utf8))
            let parts = try await browser.send(
                .post, "/jajce/inquiries?_csrf=\(browser.cookies["zv_csrf"] ?? "")", data: flood,
                headers: [.contentType: "multipart/form-data; boundary=zvf"])
            #expect(parts.status == .contentTooLarge)
            var fields = Self.question
            for index in 0..<2_000 { fields["f\(index)"] = "x" }
            #expect(try await browser.post("/jajce/inquiries", fields).status == .contentTooLarge)
            #expect(try await app.count("inquiries") == 0)
        }
    }

    @Test(arguments: Backend.all)
    func controlCharactersAreRefusedAtTheirField(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            browser.acceptLanguage = "en"
            var fields = Self.question
            fields["name"] = "Amra\u{0}Hadžić"
            let page = try await browser.post("/jajce/inquiries", fields)
            #expect(page.status == .unprocessableContent)
            #expect(page.body.contains("control characters"))
            fields["name"] = "Amra Hadžić"
            fields["body"] = "Red jedan\r\nred dva\tsa tabom"
            #expect(
                try await browser.post("/jajce/inquiries", fields).status == .created, "line breaks and tabs are text")
            var json: [String: Any] = Self.question
            json["subject"] = "Izvod\u{1B}[31m"
            let api = try await browser.api(.post, "/api/v1/jajce/inquiries", json: json)
            #expect(api.status == .unprocessableContent)
            #expect((api.json["error"] as? [String: Any])?["field"] as? String == "subject")
            #expect(try await app.count("inquiries") == 1)
        }
    }

    @Test(arguments: Backend.all)
    func headIsAnsweredLikeGetWithoutABody(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            let get = try await browser.get("/jajce/")
            let head = try await browser.send(.head, "/jajce/", body: nil, headers: [:])
            #expect(head.status == .ok)
            #expect(head.body.isEmpty)
            #expect(head.headers[.contentType] == get.headers[.contentType])
            #expect(try await browser.send(.head, "/healthz", body: nil, headers: [:]).status == .ok)
        }
    }

    @Test(arguments: Backend.all)
    func aFormSubmittedTwiceCreatesOneThing(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            let form = try await browser.get("/jajce/inquiries/new")
            let token = try #require(Self.formToken(in: form.body))
            var fields = Self.question
            fields["_csrf"] = token
            // A double click: both submissions at once.
            let submitted = fields
            async let first = browser.post("/jajce/inquiries", submitted)
            async let second = browser.post("/jajce/inquiries", submitted)
            let (one, two) = try await (first, second)
            #expect(one.status == .created && two.status == .created)
            #expect(one.body == two.body, "the second gets the first one's answer")
            #expect(try await app.count("inquiries") == 1)
            #expect(try await app.mails(to: "amra@example.org").count == 1)
            // Another question typed on the same page is another submission.
            fields["subject"] = "Drugo pitanje"
            #expect(try await browser.post("/jajce/inquiries", fields).status == .created)
            #expect(try await app.count("inquiries") == 2)
        }
    }

    @Test(arguments: Backend.all)
    func theAPIHonoursIdempotencyKeys(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, browser in
            let key: HTTPFields = [.init("Idempotency-Key")!: "7c1f4e1e-7d52-4a47-9d0e-5b0b8f0c6d11"]
            let first = try await browser.api(.post, "/api/v1/jajce/inquiries", json: Self.question, headers: key)
            let retry = try await browser.api(.post, "/api/v1/jajce/inquiries", json: Self.question, headers: key)
            #expect(first.status == .created && retry.status == .created, "\(retry.status) \(retry.body)")
            #expect(first.json["number"] as? String == retry.json["number"] as? String)
            #expect(retry.headers[.init("Idempotent-Replayed")!] == "true")
            #expect(try await app.count("inquiries") == 1)
            var other = Self.question
            other["subject"] = "Nešto drugo"
            let another = try await browser.api(.post, "/api/v1/jajce/inquiries", json: other, headers: key)
            #expect(
                another.status == .created && another.headers[.init("Idempotent-Replayed")!] == nil,
                "another body is another request")
            #expect(try await app.count("inquiries") == 2)
            // Nothing readable is kept: only a hash of the key and a sealed answer.
            let stored = try await app.environment.database.sql.raw("SELECT id, sealed FROM idempotency_keys").all()
            #expect(stored.count == 2)
            let sealed = try stored[0].decode(column: "sealed", as: String.self)
            #expect(
                !sealed.contains("JAJ-")
                    && !(Data(base64Encoded: sealed).map { String(decoding: $0, as: UTF8.self).contains("JAJ-") }
                        ?? true)
            )
        }
    }

    /// The `_csrf` value a rendered form carries (the browser's token and the page's nonce).
    static func formToken(in html: String) -> String? {
        guard
            let range = html.range(of: #"_csrf=[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+"#, options: .regularExpression)
                ?? html.range(of: #"name="_csrf" value="[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+"#, options: .regularExpression)
        else { return nil }
        let match = String(html[range])
        return match.components(separatedBy: CharacterSet(charactersIn: "=\"")).last { !$0.isEmpty }
    }
}
