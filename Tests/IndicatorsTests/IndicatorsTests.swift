import Foundation
import Hummingbird
import SQLKit
import TestSupport
import Testing
import ZavicajServer

@testable import Indicators
@testable import Platform

/// Indicators read from the ledger, through the real router on both databases.
@Suite struct IndicatorsTests {
    static func entry(
        _ municipality: Municipality, _ kind: String, _ day: String, hour: Int = 12, quantity: Int = 1,
        dimension: String = ""
    ) -> LedgerEntry {
        LedgerEntry(
            municipalityID: municipality.id, kind: LedgerKind(kind, labelKey: kind),
            occurredAt: LocalTime.parse("\(day)T\(String(format: "%02d", hour)):00")!,
            quantity: quantity, sourceType: "test", sourceID: Random.id(), dimension: dimension)
    }

    /// Every capability declares its own figures; the report lists the seeds' first, in their order,
    /// each labelled in every language by the declaring capability's catalog.
    @Test func capabilitiesDeclareTheirIndicators() throws {
        let indicators = Capabilities.all.indicators
        #expect(
            indicators.prefix(8).map(\.key) == [
                "diaspora_visits", "communication_services", "ematicar_services", "office_services",
                "forum_participants", "radio_listeners", "kt_jobs", "kt_households",
            ])
        #expect(Set(indicators.map(\.key)).count == indicators.count, "keys are unique")
        let catalogs = try Catalogs.load(folders: Capabilities.all.localizationFolders)
        for language in Language.allCases {
            for indicator in indicators {
                #expect(catalogs[language].messages[indicator.labelKey] != nil, "\(language) \(indicator.labelKey)")
            }
        }
    }

    @Test func theDefaultPeriodIsTheTwelveMonthsUpToYesterdayAndMonthsAreListed() {
        #expect(IndicatorReport.lastTwelveMonths(before: Day(2019, 5, 16)) == (Day(2018, 5, 16), Day(2019, 5, 15)))
        #expect(
            IndicatorReport.months(from: Day(2018, 11, 30), to: Day(2019, 2, 1)) == [
                "2018-11", "2018-12", "2019-01", "2019-02",
            ])
    }

    /// The months a period holds whole, read from the monthly totals, and the days left for the daily
    /// ones; February of a leap year ends on the 29th.
    @Test func wholeMonthsAreThoseThePeriodHoldsFromTheFirstToTheLastDay() {
        let split = { (from: Day, to: Day) -> String in
            let whole = Ledger.wholeMonths(from: from, to: to)
            let days = Ledger.cutDays(from: from, to: to, whole: whole).map { "\($0.0)..<\($0.1)" }
            return ([whole.map { "\($0.first.yearMonth)..<\($0.end.yearMonth)" } ?? "-"] + days).joined(separator: " ")
        }
        #expect(
            split(Day(2018, 5, 16), Day(2019, 5, 15))
                == "2018-06..<2019-05 2018-05-16..<2018-06-01 2019-05-01..<2019-05-16")
        #expect(split(Day(2018, 10, 1), Day(2019, 1, 31)) == "2018-10..<2019-02")
        #expect(split(Day(2024, 2, 1), Day(2024, 2, 29)) == "2024-02..<2024-03")
        #expect(split(Day(2024, 2, 1), Day(2024, 2, 28)) == "- 2024-02-01..<2024-02-29")
        #expect(
            split(Day(2018, 12, 31), Day(2019, 2, 1))
                == "2019-01..<2019-02 2018-12-31..<2019-01-01 2019-02-01..<2019-02-02")
    }

    @Test(arguments: Backend.all)
    func figuresCountEveryDayOfThePeriodInSarajevoTimeAndObserversCompare(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, officer) async throws -> Void in
            let env = app.environment
            let jajce = try #require(try await env.municipalities.find(slug: "jajce")),
                kljuc = try #require(try await env.municipalities.find(slug: "kljuc"))
            for e in [
                // 00:00 in Sarajevo is the 15th in UTC
                Self.entry(jajce, "communication_service", "2018-05-16", hour: 0, dimension: "on_time"),
                Self.entry(jajce, "communication_service", "2019-05-15", hour: 23, dimension: "late"),
                // the day after: not counted
                Self.entry(jajce, "communication_service", "2019-05-16", dimension: "on_time"),
                Self.entry(jajce, "event_participant", "2018-10-10", quantity: 1, dimension: "business_forum:diaspora"),
                Self.entry(
                    jajce, "event_participant", "2018-10-10", quantity: 1, dimension: "business_forum:local_business"),
                Self.entry(jajce, "event_participant", "2018-08-01", quantity: 1, dimension: "diaspora_days:diaspora"),
                Self.entry(jajce, "diaspora_member", "2019-01-05", dimension: "DE"),
                Self.entry(jajce, "diaspora_member", "2019-01-06", dimension: "DE"),
                Self.entry(jajce, "diaspora_member", "2019-02-01", dimension: "AT"),
                Self.entry(kljuc, "office_service", "2018-12-01", quantity: 3),
            ] {
                try await env.database.transaction { db in try await Ledger(db).record(e) }
            }
            let report = try await IndicatorService(env: env, indicators: Capabilities.all.indicators).reports(
                [jajce], from: Day(2018, 5, 16), to: Day(2019, 5, 15))[0]
            #expect(
                report["communication_services"]?.total == 2
                    && report.shares.first { $0.key == "communication_on_time_percent" }?.percent == 50)
            #expect(report["forum_participants"]?.total == 2 && report["event_participants"]?.total == 3)
            #expect(report["event_participants"]?.breakdown.first.map { "\($0.label)=\($0.value)" } == "diaspora=2")
            #expect(report["members_registered"]?.breakdown.map(\.label) == ["DE", "AT"])
            #expect(report["office_services"]?.total == 0, "Ključ's services are Ključ's")
            #expect(
                report["communication_services"]?.monthly.first?.value == 1
                    && report["communication_services"]?.monthly.count == 13)

            // Whole months are read from the monthly totals, the days of a cut month from the daily ones.
            let ledger = Ledger(env.database.sql)
            let members = { (from: Day, to: Day) in
                try await ledger.monthly([jajce.id], from: from, to: to).filter { $0.kind == "diaspora_member" }
                    .map { "\($0.month) \($0.dimension) \($0.total)" }.sorted()
            }
            #expect(try await members(Day(2018, 10, 1), Day(2019, 2, 28)) == ["2019-01 DE 2", "2019-02 AT 1"])
            #expect(try await members(Day(2019, 1, 6), Day(2019, 2, 1)) == ["2019-01 DE 1", "2019-02 AT 1"])
            #expect(try await members(Day(2018, 12, 1), Day(2019, 1, 5)) == ["2019-01 DE 1"])

            // The page, CSV and JSON for the municipality's staff; another municipality's staff get 404; observers
            // compare.
            try await officer.signInStaff(app, role: .officer, slug: "jajce")
            let page = try await officer.get("/jajce/staff/indicators?from=2018-05-16&to=2019-05-15")
            #expect(page.status == .ok && page.body.contains("<svg") && page.body.contains("50.0 %"))
            #expect(
                try await officer.get("/jajce/staff/indicators?from=2019-05-15&to=2018-05-16").status
                    == .unprocessableContent)
            let csv = try await officer.get("/jajce/staff/indicators.csv?from=2018-05-16&to=2019-05-15")
            #expect(
                csv.body.contains("jajce,2018-05-16,2019-05-15,forum_participants,total,2")
                    && csv.body.contains("members_registered,by:DE,2"))
            let json = try await officer.get("/jajce/staff/indicators.json?from=2018-05-16&to=2019-05-15").json
            #expect(
                ((json["indicators"] as? [String: Any])?["communication_services"] as? [String: Any])?["total"] as? Int
                    == 2)
            #expect(try await officer.get("/kljuc/staff/indicators").status == .notFound)
            #expect(try await officer.get("/indicators").status == .forbidden)
            let observer = officer.sibling(address: "203.0.113.99")
            try await observer.signInStaff(app, role: .observer, slug: "jajce")
            let compare = try await observer.get("/indicators?from=2018-05-16&to=2019-05-15")
            #expect(
                compare.status == .ok && compare.body.contains("Općina Ključ") && compare.body.contains("Grad Ljubuški")
            )
            let all = try await observer.get("/indicators.json?from=2018-05-16&to=2019-05-15").json
            #expect((all["municipalities"] as? [[String: Any]])?.count == 4)
            #expect(
                try await app.count("audit_log", "action = 'indicators.view'") == 5,
                "page, CSV, JSON, comparison, its JSON; refusals are not views")
        }
    }

    @Test(arguments: Backend.all)
    func visitsAreCountedOncePerPersonAndDayWithoutStaffOrBots(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, visitor) async throws -> Void in
            let jajce = try #require(try await app.environment.municipalities.find(slug: "jajce"))
            let chrome: HTTPFields = [.userAgent: "Mozilla/5.0 (Linux; Android 14) Chrome/131 Mobile"]
            for path in ["/jajce/", "/jajce/events", "/jajce/news"] { _ = try await visitor.get(path, headers: chrome) }
            _ = try await visitor.sibling(address: "198.51.100.90").get("/jajce/", headers: chrome)
            _ = try await visitor.sibling(address: "198.51.100.91").get(
                "/jajce/", headers: [.userAgent: "Googlebot/2.1"])
            let staff = visitor.sibling(address: "198.51.100.92")
            try await staff.signInStaff(app, role: .officer, slug: "jajce")
            _ = try await staff.get("/jajce/", headers: chrome)
            #expect(
                try await app.environment.ledger.total(
                    VisitCounter.visit, municipalityID: jajce.id, from: .distantPast, to: .distantFuture) == 2)
            #expect(try await app.count("site_visits") == 2)
            #expect(try await app.count("visit_salts") == 1)
            // The next day the same person counts again, under a new salt; yesterday's hashes are gone.
            app.clock.advance(by: 86_400)
            _ = try await visitor.get("/jajce/", headers: chrome)
            #expect(
                try await app.environment.ledger.total(
                    VisitCounter.visit, municipalityID: jajce.id, from: .distantPast, to: .distantFuture) == 3)
            #expect(try await app.count("site_visits") == 1)
            #expect(try await app.count("visit_salts") == 1)
            #expect(
                try await app.count(
                    "ledger", "kind = 'diaspora_visit' AND (attributes LIKE '%198.51%' OR source_id LIKE '%198.51%')")
                    == 0)
        }
    }
}
