import ArgumentParser
import Foundation
import Indicators
import Platform
import SQLKit
import ZavicajServer

/// `zavicaj bench indicators`: seeds a million ledger rows over two years for the four
/// municipalities, then times the twelve-month report for one municipality and for all.
struct IndicatorBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators", abstract: "Indicators: twelve-month reports over a million ledger rows.")
    @OptionGroup var options: BenchOptions
    @Option(help: "Ledger rows to seed before measuring.") var rows = 1_000_000
    @Option(help: "Reports to time for each case.") var runs = 30

    func run() async throws {
        let (options, rows, runs) = (options, rows, runs)
        try await options.withServer { zavicaj, _ in
            let env = zavicaj.environment
            let municipalities = try await env.municipalities.all()
            let started = Date()
            try await Self.seed(rows, municipalities: municipalities.map(\.id), env)
            let daily = try await env.database.sql.raw("SELECT COUNT(*) AS n FROM ledger_daily").first()!.decode(
                column: "n", as: Int.self)
            print(
                String(
                    format: "seeded %d ledger rows (%d daily totals) in %.1f s", rows, daily,
                    Date().timeIntervalSince(started)))
            let (from, to) = IndicatorReport.lastTwelveMonths(before: Day(sarajevo: env.clock.now()))
            for (label, chosen) in [
                ("one municipality", [municipalities[0]]),
                ("all \(municipalities.count) municipalities", municipalities),
            ] {
                var times: [Double] = []
                var total = 0
                for _ in 0..<runs {
                    let t = Date()
                    let reports = try await IndicatorService(env: env, indicators: Capabilities.all.indicators).reports(
                        chosen, from: from, to: to)
                    times.append(Date().timeIntervalSince(t) * 1000)
                    total = reports.reduce(0) { $0 + ($1["diaspora_visits"]?.total ?? 0) }
                }
                let timings = Timings(milliseconds: times)
                print(
                    String(
                        format:
                            "12-month report, %@: p50 %.1f ms, p95 %.1f ms, max %.1f ms over %d runs "
                            + "(visits counted: %d)",
                        label, timings.at(0.5), timings.at(0.95), timings.max, runs, total))
            }
        }
    }

    /// Rows of the kinds the indicators read, spread over the last two years and the municipalities, then their daily
    /// totals in one statement (what `Ledger.record` keeps row by row).
    static func seed(_ count: Int, municipalities: [String], _ env: AppEnvironment) async throws {
        let kinds = Capabilities.all.indicators.map(\.kind.code)
        let kindCase =
            "CASE n.i % \(kinds.count) "
            + kinds.enumerated().map { "WHEN \($0.offset) THEN '\($0.element)'" }.joined(separator: " ") + " END"
        let municipalityCase =
            "CASE (n.i / 7) % \(municipalities.count) "
            + municipalities.enumerated().map { "WHEN \($0.offset) THEN '\($0.element)'" }.joined(separator: " ")
            + " END"
        let dimension =
            """
            CASE (n.i / 3) % 5 WHEN 0 THEN 'business_forum:diaspora' WHEN 1 THEN 'DE' WHEN 2 THEN 'on_time' WHEN 3 \
            THEN 'comment:diaspora' ELSE '' END
            """
        let start = Day(sarajevo: env.clock.now()).adding(days: -730).date.timeIntervalSince1970
        let time =
            env.database.dialect == .postgres
            ? "to_char(to_timestamp(\(Int(start)) + ((n.i * 63) % 63072000)) AT TIME ZONE 'UTC', "
                + "'YYYY-MM-DD\"T\"HH24:MI:SS.000\"Z\"')"
            : "strftime('%Y-%m-%dT%H:%M:%S.000Z', \(Int(start)) + ((n.i * 63) % 63072000), 'unixepoch')"
        try await env.database.transaction { db in
            try await db.raw(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(unsafeRaw: String(count)))
                INSERT INTO ledger (id, municipality_id, kind, occurred_at, quantity, source_type, source_id, \
                attributes, dimension)
                SELECT 'bench-' || n.i, \(unsafeRaw: municipalityCase), \(unsafeRaw: kindCase), \(unsafeRaw: time), 1, \
                'bench', 'bench-' || n.i, '{}', \(unsafeRaw: dimension) FROM n
                """
            ).run()
            for (table, period, length) in [("ledger_daily", "day", 10), ("ledger_monthly", "month", 7)] {
                try await db.raw(
                    """
                    INSERT INTO \(unsafeRaw: table) (municipality_id, kind, dimension, \(unsafeRaw: period), total)
                    SELECT municipality_id, kind, dimension, substr(occurred_at, 1, \(unsafeRaw: String(length))), \
                    SUM(quantity) FROM ledger WHERE source_type = 'bench'
                    GROUP BY municipality_id, kind, dimension, substr(occurred_at, 1, \(unsafeRaw: String(length)))
                    ON CONFLICT (municipality_id, kind, dimension, \(unsafeRaw: period)) DO UPDATE SET total = \
                    \(unsafeRaw: table).total + excluded.total
                    """
                ).run()
            }
        }
    }
}
