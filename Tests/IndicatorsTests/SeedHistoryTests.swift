import Foundation
import Platform
import SQLKit
import TestSupport
import Testing
import ZavicajServer

@testable import Indicators

/// `zavicaj demo`'s history tells the seeds' story: the indicators for the twelve months before
/// the May 2019 meetings are exactly the articles' figures, counted from the records it played.
@Suite struct SeedHistoryTests {
    @Test(arguments: Backend.all)
    func theDemoHistoryReproducesEverySeedFigure(_ backend: Backend) async throws {
        let app = try await TestApp.make(backend, demo: false)
        let env = app.environment
        #expect(try await DemoData(environment: env, history: true).loadIfEmpty())
        func report(_ slug: String, _ from: Day, _ to: Day) async throws -> IndicatorReport {
            try await IndicatorService(env: env, indicators: Capabilities.all.indicators).reports(
                [try #require(try await env.municipalities.find(slug: slug))], from: from, to: to)[0]
        }
        let jajce = try await report("jajce", Day(2018, 5, 16), Day(2019, 5, 15))
        #expect(jajce["diaspora_visits"]?.total == 6_700 && jajce["communication_services"]?.total == 265)
        #expect(jajce["ematicar_services"]?.total == 91 && jajce["forum_participants"]?.total == 51)
        let kljuc = try await report("kljuc", Day(2018, 5, 16), Day(2019, 5, 15))
        #expect(
            kljuc["diaspora_visits"]?.total == 9_680 && kljuc["communication_services"]?.total == 256
                && kljuc["office_services"]?.total == 785)
        #expect(
            kljuc["forum_participants"]?.total == 27 && kljuc["radio_listeners"]?.total == 10_171
                && kljuc["kt_jobs"]?.total == 9)
        let ljubuski = try await report("ljubuski", Day(2018, 5, 15), Day(2019, 5, 14))
        #expect(ljubuski["forum_participants"]?.total == 86 && ljubuski["kt_households"]?.total == 185)

        // Real records behind the figures, not typed-in totals.
        #expect(try await app.count("inquiries", "first_answered_at < '2019-05-16'") == 265 + 256)
        #expect(try await app.count("issued_documents", "issued_at < '2019-05-16'") == 91)
        #expect(try await app.count("event_registrations", "checked_in_at < '2019-05-16'") == 51 + 27 + 86)
        #expect(try await app.count("office_contacts", "recorded_at < '2019-05-16'") == 785)
        #expect(
            try await app.count("mails", "status = 'queued' AND created_at < '2019-06-01'") == 0,
            "the history's mails are not sent again")
        try await app.shutdown()
    }
}
