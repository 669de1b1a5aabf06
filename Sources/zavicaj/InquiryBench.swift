import ArgumentParser
import Foundation
import Inquiries
import Platform
import SQLKit
import ZavicajServer

/// `zavicaj bench inquiries`: seeds a municipality with many inquiries, then measures
/// submissions (the asker's POST, one durable transaction each) and the officer's inbox.
struct InquiryBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inquiries",
        abstract: "Servis 48h: submission throughput and inbox latency over a seeded database.")
    @OptionGroup var options: BenchOptions
    @Option(help: "Inquiries to seed before measuring.") var seed = 100_000

    func run() async throws {
        let options = options, seed = seed
        try await options.withServer { zavicaj, port in
            let env = zavicaj.environment
            let jajce = try await env.municipalities.find(slug: "jajce")!
            let started = Date()
            try await Self.seed(seed, into: jajce, env)
            print(String(format: "seeded %d inquiries in %.1f s", seed, Date().timeIntervalSince(started)))
            let officer = try await env.accounts.find(email: DemoData.email(role: .officer, slug: "jajce"))!
            let api = try await env.sessions.create(
                accountID: officer.id, kind: .api, secondFactor: true, clientAddress: "bench", at: env.clock.now())
            let web = try await env.sessions.create(
                accountID: officer.id, kind: .web, secondFactor: true, clientAddress: "bench", at: env.clock.now())

            var submit = LoadRequest(
                method: .POST, path: "/api/v1/jajce/inquiries", headers: [("Content-Type", "application/json")])
            // Each asker has an address of their own (one address may hold only a few unconfirmed questions).
            submit.bodyFor = { n in
                let asker = "\(n)-\(UUID().uuidString.prefix(8))"
                return #"""
                    {"category":"documents","subject":"Izvod iz MKR \#(n)",\#
                    "body":"Trebam izvod iz matične knjige rođenih za sina.","name":"Bench Asker",\#
                    "email":"asker\#(asker)@example.org","language":"de","time_zone":"Europe/Berlin"}
                    """#
            }
            try await options.measure("POST inquiry (submit)", port: port, submit)
            try await options.measure(
                "GET inbox API", port: port,
                LoadRequest(path: "/api/v1/jajce/inquiries", headers: [("Authorization", "Bearer \(api)")]))
            try await options.measure(
                "GET inbox API overdue", port: port,
                LoadRequest(path: "/api/v1/jajce/inquiries?overdue=1", headers: [("Authorization", "Bearer \(api)")]))
            try await options.measure(
                "GET inbox page", port: port,
                LoadRequest(path: "/jajce/staff/inquiries", headers: [("Cookie", "zv_session=\(web)")]))
            let total = try await env.database.sql.raw("SELECT COUNT(*) AS n FROM inquiries").first()!.decode(
                column: "n", as: Int.self)
            print("inquiries stored after the run: \(total)")
        }
    }

    /// Writes `count` inquiries of last year in two statements, spread over statuses and due dates.
    static func seed(_ count: Int, into municipality: Municipality, _ env: AppEnvironment) async throws {
        let category = try await InquiryStore(env.database.sql).categories(municipality.id).first!
        let padded = { (expression: String) in
            "CASE WHEN \(expression) < 10 THEN '0' || (\(expression)) ELSE '' || (\(expression)) END"
        }
        let day = padded("n.i % 28 + 1"), hour = padded("n.i % 24")
        try await env.database.transaction { db in
            try await db.raw(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(unsafeRaw: String(count)))
                INSERT INTO inquiries (id, municipality_id, number, category_id, department_id, status, subject, \
                language, asker_name,
                  asker_email, asker_time_zone, access_hash, reply_token, source, answer_hours, submitted_at, \
                confirmed_at, warn_at,
                  due_at, pauses, updated_at)
                SELECT 'seed-' || n.i, \(bind: municipality.id), 'JAJ-2025-' || n.i, \(bind: category.id), \
                \(bind: category.departmentID),
                  CASE n.i % 4 WHEN 0 THEN 'open' WHEN 1 THEN 'assigned' WHEN 2 THEN 'answered' ELSE 'closed' END,
                  'Pitanje ' || n.i, 'bs', 'Seed Asker', 'seed' || n.i || '@example.org', 'Europe/Vienna', 'x', \
                'seed-' || n.i, 'web', 48,
                  '2025-12-01T08:00:00.000Z', '2025-12-01T08:00:00.000Z', '2025-12-03T08:00:00.000Z',
                  '2026-12-' || \(unsafeRaw: day) || 'T' || \(unsafeRaw: hour) || ':00:00.000Z', '[]', \
                '2025-12-01T08:00:00.000Z'
                FROM n
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO inquiry_messages (id, inquiry_id, author_kind, author_name, body, internal, created_at)
                SELECT 'seed-' || id, id, 'asker', asker_name, subject || ': molim informaciju.', 0, submitted_at
                FROM inquiries WHERE id LIKE 'seed-%'
                """
            ).run()
        }
        // As autovacuum (PostgreSQL) or a maintenance run (SQLite) would after a bulk load.
        try await env.database.sql.raw("ANALYZE").run()
    }
}
