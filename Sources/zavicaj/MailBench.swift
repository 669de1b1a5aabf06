import ArgumentParser
import Foundation
import Logging
import Platform
import SQLKit
import ZavicajServer

/// `zavicaj bench mail`: seeds two million delivered mails and a few thousand waiting, then times
/// the dispatcher's claim (the statement every instance runs every few seconds).
struct MailBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail", abstract: "Mail queue: the claim over millions of delivered mails.")
    @OptionGroup var options: BenchOptions
    @Option(help: "Delivered mails to seed.") var sent = 2_000_000
    @Option(help: "Waiting mails to seed.") var queued = 5_000
    @Option(help: "Claims to time.") var runs = 100

    func run() async throws {
        let (options, sent, queued, runs) = (options, sent, queued, runs)
        try await options.withServer { zavicaj, _ in
            let env = zavicaj.environment
            let started = Date()
            try await Self.seed(sent: sent, queued: queued, env)
            print(
                String(
                    format: "seeded %d delivered and %d waiting mails in %.1f s", sent, queued,
                    Date().timeIntervalSince(started)))
            var logger = Logger(label: "bench-mail")
            logger.logLevel = .critical
            let dispatcher = MailDispatcher(
                database: env.database, transport: OutboxTransport(logger: nil), sender: "bench@zavicaj.test",
                clock: env.clock, logger: logger)
            var claims: [Double] = [], whole: [Double] = []
            for _ in 0..<runs {
                var t = Date()
                _ = try await dispatcher.claim(batch: 20, now: env.clock.now())
                claims.append(Date().timeIntervalSince(t) * 1000)
                t = Date()
                _ = try await dispatcher.deliverDue(batch: 20)
                whole.append(Date().timeIntervalSince(t) * 1000)
            }
            try await Self.before(runs: runs, env)
            Self.report("claim 20 mails, one statement (now: partial index, by next_attempt_at)", claims)
            Self.report("claim, hand over and record 20 mails (each outcome its own durable commit)", whole)
        }
    }

    /// The claim as it was before, side by side: ordered by `created_at` over the index `(status, next_attempt_at)`
    /// that also held every delivered mail.
    static func before(runs: Int, _ env: AppEnvironment) async throws {
        try await env.database.sql.raw("CREATE INDEX bench_mails_status ON mails (status, next_attempt_at)").run()
        let now = Timestamp.text(env.clock.now())
        var times: [Double] = []
        for _ in 0..<runs {
            let t = Date()
            _ = try await env.database.sql.raw(
                """
                SELECT id FROM mails WHERE status = 'queued' AND next_attempt_at <= \(bind: now)
                  AND (claimed_until IS NULL OR claimed_until < \(bind: now)) ORDER BY created_at LIMIT 20
                """
            ).all()
            times.append(Date().timeIntervalSince(t) * 1000)
        }
        try await env.database.sql.raw("DROP INDEX bench_mails_status").run()
        report("select 20 to claim (before: by created_at, index on status)", times)
    }

    static func report(_ label: String, _ times: [Double]) {
        let t = Timings(milliseconds: times)
        print(
            String(
                format: "%@: p50 %.2f ms, p99 %.2f ms, max %.2f ms over %d runs", label, t.at(0.5), t.at(0.99), t.max,
                t.count))
    }

    /// Delivered mail spread over the last 90 days, then the waiting mail, each in one statement.
    static func seed(sent: Int, queued: Int, _ env: AppEnvironment) async throws {
        let now = Int(env.clock.now().timeIntervalSince1970)
        let time = { (offset: String) in
            env.database.dialect == .postgres
                ? "to_char(to_timestamp(\(offset)) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.000\"Z\"')"
                : "strftime('%Y-%m-%dT%H:%M:%S.000Z', \(offset), 'unixepoch')"
        }
        for (count, status, offset) in [
            (sent, "sent", "\(now) - (n.i % 7776000)"), (queued, "queued", "\(now) - (n.i % 600)"),
        ] {
            try await env.database.sql.raw(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(unsafeRaw: String(count)))
                INSERT INTO mails (id, recipient, subject, body, headers, status, attempts, next_attempt_at, \
                created_at, sent_at)
                SELECT '\(unsafeRaw: status)-' || n.i, 'bench' || n.i || '@example.org', 'Bench', 'Body', '{}', \
                '\(unsafeRaw: status)',
                  \(unsafeRaw: status == "sent" ? "1" : "0"), \(unsafeRaw: time(offset)), \(unsafeRaw: time(offset)),
                  \(unsafeRaw: status == "sent" ? time(offset) : "NULL") FROM n
                """
            ).run()
        }
    }
}
