import ArgumentParser
import Foundation
import Indicators
import Inquiries
import Platform
import SQLKit
import ZavicajServer

/// `zavicaj bench country --database postgres://…`: a whole country on one PostgreSQL (143
/// municipalities, 2 M members, 5 M questions with their messages, 10 M ledger rows, 5 M mails,
/// 1 M registry entries), then each hot path's p50/p99 and the indexes its queries used.
struct CountryBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "country", abstract: "A country on one PostgreSQL: hot paths over 143 seeded municipalities.")
    @OptionGroup var options: BenchOptions
    @Option(help: "Share of the full country to seed (0.01 for a quick look).") var scale = 1.0
    @Option(help: "Timed runs of each path called directly (claim, scan, cursor, reports).") var runs = 50
    @Flag(help: "Measure an already seeded database again instead of seeding it.") var reuse = false

    func validate() throws {
        guard options.database?.hasPrefix("postgres") == true else {
            throw ValidationError("--database postgres://… is required: the country runs on PostgreSQL")
        }
    }

    func run() async throws {
        let (options, scale, runs, reuse) = (options, scale, runs, reuse)
        try await options.withServer { zavicaj, port in
            let env = zavicaj.environment
            let seeded = try await env.database.sql.raw(
                "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'bench_places'"
            ).value("n", as: Int.self)
            if seeded == 0 {
                let started = Date()
                try await CountrySeed(env: env, scale: scale).run { label, rows in
                    print(
                        String(format: "seeded %9d %@ (%.0f s so far)", rows, label, Date().timeIntervalSince(started)))
                }
            } else if !reuse {
                throw ValidationError("this database holds a seeded country already: add --reuse to measure it again")
            }
            let paths = CountryPaths(env: env, port: port, options: options, runs: runs)
            try await paths.measureAll()
        }
    }
}

/// The hot paths, each timed and watched for the indexes it used.
struct CountryPaths {
    let env: AppEnvironment
    let port: Int
    let options: BenchOptions
    let runs: Int

    func measureAll() async throws {
        let officer = try await cookie(.officer)
        let registrar = try await cookie(.registrar)
        let watch = IndexWatch(db: env.database.sql)
        try await watch.around("portal /jajce/") { try await http("/jajce/", nil) }
        try await watch.around("member search, country") { try await http("/jajce/staff/members?country=AT", officer) }
        try await watch.around("member search, name") {
            try await http("/jajce/staff/members?name=prezime4242", officer)
        }
        try await watch.around("member CSV export") { try await once("/jajce/staff/members.csv", officer) }
        try await watch.around("staff inbox (page)") { try await http("/jajce/staff/inquiries", officer) }
        try await watch.around("registrar search, name, every municipality") {
            try await http("/jajce/staff/registry?name=Ime+Prezime4242", registrar)
        }
        try await watch.around("registrar search, JMBG") {
            try await http("/jajce/staff/registry?jmbg=0000000424242", registrar)
        }
        try await watch.around("mail claim (20)") { try await timed { try await claimMail() } }
        try await watch.around("escalation scan") {
            try await timed {
                _ = try await InquiryStore(env.database.sql).escalationDue(at: env.clock.now(), limit: 100)
            }
        }
        let middle = try await middleOfFeed()
        try await watch.around("protocol intake cursor (100)") { try await timed { try await intake(after: middle) } }
        let municipalities = try await env.municipalities.all()
        let jajce = municipalities.filter { $0.slug == "jajce" }
        try await watch.around("indicators, 12 months, one municipality") {
            try await timed(runs: min(runs, 20)) { try await report(jajce) }
        }
        try await watch.around("indicators, 12 months, all \(municipalities.count)") {
            try await timed(runs: 3) { try await report(municipalities) }
        }
    }

    func cookie(_ role: Role) async throws -> [(String, String)] {
        let account = try await env.accounts.find(email: DemoData.email(role: role, slug: "jajce"))!
        let token = try await env.sessions.create(
            accountID: account.id, kind: .web, secondFactor: true, clientAddress: "bench", at: env.clock.now())
        return [("Cookie", "zv_session=\(token)")]
    }

    func http(_ path: String, _ headers: [(String, String)]?) async throws -> String {
        let result = try await LoadGenerator(
            port: port, request: LoadRequest(path: path, headers: headers ?? []), connections: options.connections,
            seconds: options.seconds
        ).run()
        return result.summary(path: "\(options.connections) connections")
    }

    /// One request at a time, `runs / 10` times (an export is one officer's click, not a crowd).
    func once(_ path: String, _ headers: [(String, String)]) async throws -> String {
        var times: [Double] = []
        for _ in 0..<max(3, runs / 10) {
            let result = try await LoadGenerator(
                port: port, request: LoadRequest(path: path, headers: headers), connections: 1, seconds: 0.001
            ).run()
            times += result.latencies
        }
        return Self.summary(times)
    }

    func timed(runs: Int? = nil, _ work: () async throws -> Void) async throws -> String {
        var times: [Double] = []
        for _ in 0..<(runs ?? self.runs) {
            let start = Date()
            try await work()
            times.append(Date().timeIntervalSince(start))
        }
        return Self.summary(times)
    }

    static func summary(_ seconds: [Double]) -> String {
        let t = Timings(milliseconds: seconds.map { $0 * 1000 })
        return String(format: "p50 %7.2f ms   p99 %7.2f ms   %d runs", t.at(0.5), t.at(0.99), t.count)
    }

    /// The claim alone, then the claimed mail handed back (so every run finds the same queue).
    func claimMail() async throws {
        let dispatcher = MailDispatcher(
            database: env.database, transport: OutboxTransport(logger: nil), sender: "bench@zavicaj.test",
            clock: env.clock, logger: .init(label: "bench"))
        let claimed = try await dispatcher.claim(batch: MailDispatcher.batch, now: env.clock.now())
        for mail in claimed.mails {
            try await env.database.sql.raw(
                "UPDATE mails SET claimed_until = NULL, claim_token = NULL WHERE id = \(bind: mail.id)"
            ).run()
        }
    }

    /// The seeded question halfway through the feed.
    func middleOfFeed() async throws -> FeedCursor {
        let seeded =
            try await env.database.sql.raw("SELECT COUNT(*) AS n FROM inquiries WHERE id LIKE 'ci-%'")
            .value("n", as: Int.self) ?? 0
        return try await env.database.sql.raw(
            "SELECT confirmed_at AS at, id FROM inquiries WHERE id = \(bind: "ci-\(seeded / 2)")"
        ).row(FeedCursor.self) ?? .start
    }

    /// The protocol's read of confirmed questions after `cursor`, as the intake job catching up does.
    func intake(after cursor: FeedCursor) async throws {
        let feed = Capabilities.all.correspondence.first { $0.sourceType == "inquiry" }!
        _ = try await feed.read(cursor, Timestamp.text(env.clock.now()), Job.batch, env.database.sql)
    }

    func report(_ municipalities: [Municipality]) async throws {
        let (from, to) = IndicatorReport.lastTwelveMonths(before: Day(sarajevo: env.clock.now()))
        _ = try await IndicatorService(env: env, indicators: Capabilities.all.indicators).reports(
            municipalities, from: from, to: to)
    }
}

/// Which indexes a path's queries walked and which large tables they read whole, from PostgreSQL's
/// own counters (`pg_stat_user_indexes`, `pg_stat_user_tables`). A backend reports its counters when
/// it goes idle, at the latest 10 s later, so the watch waits that long after each path.
final class IndexWatch {
    let db: any SQLDatabase
    var last: [String: Int]?
    init(db: any SQLDatabase) { self.db = db }

    struct Counter: Decodable { let name: String, scans: Int }

    func counters() async throws -> [String: Int] {
        let rows = try await db.raw(
            """
            SELECT 'index ' || indexrelname AS name, idx_scan AS scans FROM pg_stat_user_indexes
            UNION ALL SELECT 'whole ' || relname, seq_scan FROM pg_stat_user_tables WHERE n_live_tup > 10000
            """
        ).rows(Counter.self)
        return Dictionary(rows.map { ($0.name, $0.scans) }, uniquingKeysWith: +)
    }

    func around(_ label: String, _ work: () async throws -> String) async throws {
        if last == nil {
            try await Task.sleep(for: .seconds(11))
            last = try await counters()
        }
        let before = last ?? [:]
        let figures = try await work()
        try await Task.sleep(for: .seconds(11))
        let after = try await counters()
        last = after
        let used = after.filter { $0.value > before[$0.key] ?? 0 }.keys.sorted()
        let whole = used.filter { $0.hasPrefix("whole ") }.map { String($0.dropFirst(6)) }
        let indexes = used.filter { $0.hasPrefix("index ") }.map { String($0.dropFirst(6)) }
        print(label.padding(toLength: 44, withPad: " ", startingAt: 0) + " " + figures)
        print("    indexes: \(indexes.joined(separator: ", "))")
        if !whole.isEmpty { print("    READ WHOLE: \(whole.joined(separator: ", "))") }
    }
}
