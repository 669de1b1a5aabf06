import Foundation
import Inquiries
import Platform
import TestSupport
import Testing

/// Rows read into their types: what a column holds that its type does not know is an error,
/// never a quiet default (a tampered or broken row must not show up as an open question).
@Suite struct StoredRowTests {
    @Test(arguments: Backend.all)
    func anUnknownStatusOrAMalformedInstantIsAnErrorNotADefault(_ backend: Backend) async throws {
        let app = try await TestApp.make(backend)
        try await app.withClient { client in
            let browser = Browser(client)
            let created = try await browser.api(
                .post, "/api/v1/jajce/inquiries",
                json: [
                    "category": "investment", "subject": "Zemljište", "body": "Ima li parcela?", "name": "Emir K",
                    "email": "emir@example.de",
                ])
            #expect(created.status == .created, "\(created.body)")
            let number = try #require(created.json["number"] as? String)
            let store = InquiryStore(app.environment.database.sql)
            let read = try #require(try await store.find(number: number))
            #expect(read.status == .open && read.askerName == "Emir K" && read.number == number)
            #expect(abs(read.submittedAt.timeIntervalSince(TestApp.start)) < 1)

            let sql = app.environment.database.sql
            try await sql.raw("UPDATE inquiries SET status = 'lost' WHERE number = \(bind: number)").run()
            await #expect(throws: DecodingError.self) { try await store.find(number: number) }
            try await sql.raw(
                "UPDATE inquiries SET status = 'open', updated_at = 'yesterday' WHERE number = \(bind: number)"
            )
            .run()
            await #expect(throws: DecodingError.self) { try await store.find(number: number) }
            try await sql.raw(
                "UPDATE inquiries SET updated_at = submitted_at, pauses = '[[\"x\"]]' WHERE number = \(bind: number)"
            ).run()
            await #expect(throws: DecodingError.self) { try await store.find(number: number) }
            try await sql.raw("UPDATE inquiries SET pauses = '[]' WHERE number = \(bind: number)").run()
            #expect(try await store.find(number: number)?.status == .open)
        }
    }
}
