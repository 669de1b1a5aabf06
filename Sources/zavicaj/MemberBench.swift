import ArgumentParser
import Foundation
import Platform
import SQLKit
import ZavicajServer

/// `zavicaj bench members`: seeds a municipality with many diaspora members, then measures the
/// officers' filtered search (the page) and the CSV export of 100,000 rows.
struct MemberBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members", abstract: "Diaspora registry: filtered search and CSV export over a seeded database.")
    @OptionGroup var options: BenchOptions
    @Option(help: "Members to seed before measuring.") var seed = 1_000_000
    @Option(help: "CSV exports to time (each up to 100,000 rows).") var exports = 5

    func run() async throws {
        let (options, seed, exports) = (options, seed, exports)
        try await options.withServer { zavicaj, port in
            let env = zavicaj.environment
            let kljuc = try await env.municipalities.find(slug: "kljuc")!
            let started = Date()
            try await Self.seed(seed, into: kljuc, env)
            print(String(format: "seeded %d members in %.1f s", seed, Date().timeIntervalSince(started)))
            let officer = try await env.accounts.find(email: DemoData.email(role: .officer, slug: "kljuc"))!
            let web = try await env.sessions.create(
                accountID: officer.id, kind: .web, secondFactor: true, clientAddress: "bench", at: env.clock.now())
            let cookie = [("Cookie", "zv_session=\(web)")]
            for query in [
                "country=AT", "country=CH&interest=investment", "name=hadzic", "name=clan+123456",
                "country=SE&skill=welding&consent=contact",
            ] {
                try await options.measure(
                    "GET members?\(query)", port: port,
                    LoadRequest(path: "/kljuc/staff/members?\(query)", headers: cookie))
            }
            var times: [Double] = []
            for _ in 0..<exports {
                // A deadline that passes during the first request: one request per run.
                let result = try await LoadGenerator(
                    port: port, request: LoadRequest(path: "/kljuc/staff/members.csv", headers: cookie), connections: 1,
                    seconds: 0.001
                ).run()
                times += result.latencies.map { $0 * 1000 }
            }
            let timings = Timings(milliseconds: times)
            let consented = try await env.database.sql.raw(
                "SELECT COUNT(*) AS n FROM diaspora_profiles WHERE consent_contact IS NOT NULL"
            ).value("n", as: Int.self)!
            let rows = min(consented, 100_000)
            print(
                String(
                    format: "CSV export: %d rows, %d runs, median %.0f ms, max %.0f ms", rows, exports,
                    timings.at(0.5), timings.max))
        }
    }

    /// Writes `count` accounts and profiles in a few statements: countries, interests, skills and consents spread as in
    /// real lists.
    static func seed(_ count: Int, into municipality: Municipality, _ env: AppEnvironment) async throws {
        let countries =
            """
            CASE n.i % 20 WHEN 0 THEN 'SE' WHEN 1 THEN 'SE' WHEN 2 THEN 'US' WHEN 3 THEN 'CA' WHEN 4 THEN 'NO' WHEN 5 \
            THEN 'CH' WHEN 6 THEN 'CH' WHEN 7 THEN 'CH' WHEN 8 THEN 'AT' WHEN 9 THEN 'AT' WHEN 10 THEN 'AT' WHEN 11 \
            THEN 'AT' ELSE 'DE' END
            """
        try await env.database.transaction { db in
            try await db.raw(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(unsafeRaw: String(count)))
                INSERT INTO accounts (id, email, password_hash, display_name, language, time_zone, created_at)
                SELECT 'bench-' || n.i, 'member' || n.i || '@example.org', '!', 'Član ' || n.i, 'bs', \
                'Europe/Vienna', '2026-01-01T00:00:00.000Z' FROM n
                """
            ).run()
            try await db.raw(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(unsafeRaw: String(count)))
                INSERT INTO diaspora_profiles (id, account_id, municipality_id, country, city, since, profession, \
                sector, skills, languages, interests,
                  associations, consent_newsletter, consent_contact, consent_directory, name_key, updated_at)
                SELECT 'bench-' || n.i, 'bench-' || n.i, \(bind: municipality.id), \(unsafeRaw: countries), 'Grad ' || \
                (n.i % 50), 1990 + n.i % 30,
                  'Zanimanje', 'Sektor', CASE n.i % 7 WHEN 0 THEN ',welding,' WHEN 1 THEN ',nursing,' WHEN 2 THEN \
                ',it,' ELSE ',trade,' END, 'bs,de',
                  CASE n.i % 6 WHEN 0 THEN ',investment,' WHEN 1 THEN ',tourism,' ELSE ',culture,' END, '',
                  NULL, CASE n.i % 2 WHEN 0 THEN '2026-01-01T00:00:00.000Z' ELSE NULL END, NULL,
                  CASE n.i % 9 WHEN 0 THEN 'hadzic amra ' ELSE 'clan ' END || n.i, '2026-01-01T00:00:00.000Z'
                FROM n
                """
            ).run()
            // The name words a member's save writes: "hadzic amra 9" or "clan 10".
            try await db.raw(
                """
                INSERT INTO diaspora_name_words (profile_id, municipality_id, word)
                SELECT id, municipality_id, CASE WHEN name_key LIKE 'hadzic%' THEN 'hadzic' ELSE 'clan' END FROM \
                diaspora_profiles WHERE id LIKE 'bench-%'
                UNION ALL SELECT id, municipality_id, 'amra' FROM diaspora_profiles WHERE id LIKE 'bench-%' AND \
                name_key LIKE 'hadzic%'
                UNION ALL SELECT id, municipality_id, substr(id, 7) FROM diaspora_profiles WHERE id LIKE 'bench-%'
                """
            ).run()
        }
        try await env.database.sql.raw("ANALYZE").run()
    }
}
