import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOPosix
import Platform
import SMTP
import Synchronization
import TestSupport
import Testing
import ZavicajServer

/// Several instances on one database, restarts and background work, on both databases.
@Suite struct InstanceTests {
    static var quiet: Logger {
        var logger = Logger(label: "instances")
        logger.logLevel = .critical
        return logger
    }

    /// An instance as `zavicaj serve` builds it, on an empty database, for tests that run it for real.
    static func instance(port: Int, database: DatabaseLocation, _ configure: (inout ServerConfiguration) -> Void)
        async throws -> Zavicaj
    {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: port, database: database)
        configuration.loadDemoData = false
        configuration.runBackgroundWork = false
        configuration.settings = Settings(baseURL: "http://127.0.0.1:\(port)", passwordCost: 4)
        configure(&configuration)
        return try await Zavicaj.build(configuration, logger: quiet)
    }

    @Test(arguments: Backend.all)
    func twoProcessesStartingTogetherMigrateAndLoadTheDemoOnce(_ backend: Backend) async throws {
        let location = try await backend.location()
        let clock = ManualClock(TestApp.start)
        async let first = TestApp.make(backend, database: location, clock: clock)
        async let second = TestApp.make(backend, database: location, clock: clock)
        let (a, b) = try await (first, second)
        #expect(try await a.count("municipalities") == 4)
        #expect(try await b.count("schema_migrations") == Capabilities.all.migrations.count)
        try await a.shutdown()
        try await b.shutdown()
    }

    /// Two instances on one database: numbers unique and gapless, limits shared, each mail sent
    /// once, each background job's work done once.
    @Test(arguments: Backend.all)
    func twoInstancesShareOneDatabase(_ backend: Backend) async throws {
        let location = try await backend.location()
        let clock = ManualClock(TestApp.start)
        let a = try await TestApp.make(backend, database: location, clock: clock)
        let b = try await TestApp.make(backend, database: location, clock: clock)
        try await a.withClient { clientA in
            try await b.withClient { clientB in
                let browsers = [Browser(clientA), Browser(clientB)]
                let created = try await inParallel(24) { index in
                    let page = try await browsers[index % 2].api(
                        .post, "/api/v1/jajce/inquiries",
                        json: [
                            "category": "documents", "subject": "Pitanje \(index)", "body": "Tekst",
                            "name": "Osoba \(index)", "email": "person\(index)@example.org",
                        ])
                    return (number: page.json["number"] as? String ?? "", key: page.json["access_key"] as? String ?? "")
                }
                let numbers = created.map(\.number).sorted()
                #expect(
                    numbers == (1...24).map { String(format: "JAJ-2026-%06d", $0) }, "unique and gapless across both")

                // One address's daily limit holds across both instances.
                let limited = try await inParallel(12) { index in
                    try await browsers[index % 2].api(
                        .post, "/api/v1/jajce/inquiries",
                        json: [
                            "category": "documents", "subject": "Još \(index)", "body": "Tekst", "name": "Ista",
                            "email": "same@example.org",
                        ]
                    ).status
                }
                #expect(limited.filter { $0 == .created }.count == 3)

                // The askers open their links (confirmed questions go to the protocol).
                for (index, (number, key)) in created.enumerated() {
                    _ = try await browsers[index % 2].send(
                        .get, "/api/v1/inquiries/\(number)", body: nil,
                        headers: [.init("X-Inquiry-Key")!: key], useCookies: false)
                }

                // Both instances deliver mail at once: every mail goes out exactly once.
                let delivered = Deliveries()
                let transport = CountingTransport(deliveries: delivered)
                let dispatchers = [a, b].map {
                    MailDispatcher(
                        database: $0.environment.database, transport: transport, sender: "z@zavicaj.test",
                        clock: clock.clock, logger: Self.quiet)
                }
                let queued = try await a.count("mails", "status = 'queued'")
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for dispatcher in dispatchers {
                        group.addTask { while try await dispatcher.deliverDue(batch: 5) > 0 {} }
                    }
                    try await group.waitForAll()
                }
                let sent = delivered.all
                #expect(
                    sent.count == queued && Set(sent).count == queued, "\(sent.count) deliveries of \(queued) mails")

                // Every job runs on both instances at once (once the items have settled); each question is registered
                // once.
                clock.advance(by: 121)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for app in [a, b] {
                        for job in Capabilities.all.jobs { group.addTask { _ = try await job.run(app.environment) } }
                    }
                    try await group.waitForAll()
                }
                #expect(try await a.count("official_documents", "source_type = 'inquiry'") == 24)
            }
        }
    }

    @Test(arguments: Backend.all)
    func aClaimThatLostItsMailRecordsNothing(_ backend: Backend) async throws {
        let app = try await TestApp.make(backend, demo: false)
        try await app.environment.mail.enqueue(to: "amra@example.org", subject: "Potvrda", body: "Tekst")
        let stalled = StalledTransport()
        let slow = MailDispatcher(
            database: app.environment.database, transport: stalled, sender: "z@zavicaj.test", clock: app.clock.clock,
            logger: Self.quiet)
        let fast = MailDispatcher(
            database: app.environment.database, transport: CountingTransport(deliveries: Deliveries()),
            sender: "z@zavicaj.test",
            clock: app.clock.clock, logger: Self.quiet)
        let first = Task { try await slow.deliverDue() }
        await stalled.entered()
        // The first sender's lease runs out while its server stalls; another claims and sends.
        app.clock.advance(by: MailDispatcher.lease + 1)
        #expect(try await fast.deliverDue() == 1)
        await stalled.release()
        _ = try await first.value
        let row = try #require(try await app.environment.mail.recent().first)
        #expect(row.status == "sent" && row.attempts == 1, "the stale claim did not overwrite the outcome")
        try await app.shutdown()
    }

    @Test(arguments: Backend.all)
    func theMailClaimReadsOnlyWhatWaits(_ backend: Backend) async throws {
        let app = try await TestApp.make(backend, demo: false)
        let plan: String
        switch backend {
        case .sqlite:
            plan = try await app.environment.database.sql.raw(
                """
                EXPLAIN QUERY PLAN SELECT id FROM mails WHERE status = 'queued' AND next_attempt_at <= '2026' ORDER BY \
                next_attempt_at LIMIT 20
                """
            ).all().map { try $0.decode(column: "detail", as: String.self) }.joined(separator: "\n")
        case .postgres:
            try await app.environment.database.sql.raw("SET enable_seqscan = off").run()
            plan = try await app.environment.database.sql.raw(
                """
                EXPLAIN SELECT id FROM mails WHERE status = 'queued' AND next_attempt_at <= '2026' ORDER BY \
                next_attempt_at LIMIT 20
                """
            ).all().map { try $0.decode(column: "QUERY PLAN", as: String.self) }.joined(separator: "\n")
        }
        #expect(plan.contains("mails_due"), "\(plan)")
        #expect(
            !plan.uppercased().contains("TEMP B-TREE") && !plan.contains("Sort"),
            "no sort: the index gives the order\n\(plan)")
        try await app.shutdown()
    }

    @Test(arguments: Backend.all)
    func retentionRemovesOnlyWhatIsNoLongerNeeded(_ backend: Backend) async throws {
        let app = try await TestApp.make(backend, demo: false)
        let env = app.environment
        try await env.mail.enqueue(to: "old@example.org", subject: "Staro", body: "x")
        try await MailDispatcher(
            database: env.database, transport: CountingTransport(deliveries: Deliveries()), sender: "z@zavicaj.test",
            clock: app.clock.clock, logger: Self.quiet
        ).deliverDue()
        let account = Account(
            id: Random.id(), email: "p@example.org", passwordHash: "x", displayName: "P", language: .bs,
            timeZone: "UTC", createdAt: app.clock.clock.now())
        try await env.accounts.insert(account)
        _ = try await env.sessions.create(
            accountID: account.id, kind: .web, secondFactor: true, clientAddress: "x", at: app.clock.clock.now())
        _ = try await env.rateLimiter.take("login:address:x", limit: 5, window: 900, at: app.clock.clock.now())
        try await env.audit.record(
            .system("test"), "test.entry", objectType: "test", objectID: "1", municipalityID: nil)
        app.clock.advance(by: 91 * 86_400)
        try await env.mail.enqueue(to: "new@example.org", subject: "Novo", body: "x")
        let removed = try await Retention(env).run()
        #expect(removed == 3, "the old mail, the expired session, the spent window")
        #expect(try await app.count("mails") == 1)
        #expect(try await app.count("mails", "recipient = 'new@example.org'") == 1, "mail still waiting is kept")
        #expect(try await app.count("audit_log") >= 1, "the audit log is never touched")
        try await app.shutdown()
    }

    /// SIGTERM (here SIGUSR2, so the test process itself is safe) ends a running instance, background
    /// loops included, and the database pool closes last. The grace here is long, so the run ends only
    /// if every loop woke from its sleep (an hour for retention) and finished on its own: nothing is cancelled.
    @Test func aSignalEndsTheServerAndItsBackgroundWork() async throws {
        let port = Tools.freePort()
        let zavicaj = try await Self.instance(port: port, database: try await Backend.sqlite.location()) {
            $0.runBackgroundWork = true
        }
        let running = try await Tools.serve { ready in
            try await zavicaj.run(signals: [.sigusr2], shutdownGrace: .seconds(600), onServerRunning: { _ in ready() })
        }
        kill(getpid(), SIGUSR2)
        try await running.value
        await #expect(throws: (any Error).self, "the pool is closed") { try await zavicaj.environment.database.ping() }
    }

    /// Stopping while a mail is half-way through a stalled SMTP conversation: the delivery is
    /// cancelled, not waited out, and the mail is back in the queue as it was, for any instance to send.
    @Test func stoppingMidDeliveryPutsTheMailBack() async throws {
        let server = try await SilentServer.start()
        let location = try await Backend.sqlite.location()
        let zavicaj = try await Self.instance(port: Tools.freePort(), database: location) {
            $0.smtp = SMTPConfiguration(host: "127.0.0.1", port: server.port)
            $0.runBackgroundWork = true
        }
        try await zavicaj.environment.mail.enqueue(to: "amra@example.org", subject: "Potvrda", body: "Tekst")
        let running = Task {
            try await zavicaj.run(signals: [.sigwinch], shutdownGrace: .milliseconds(200), cancellationGrace: nil)
        }
        for await _ in server.connected { break }
        kill(getpid(), SIGWINCH)
        try await running.value
        let reopened = try await TestApp.make(.sqlite, database: location, demo: false)
        let mail = try #require(try await reopened.environment.mail.recent().first)
        #expect(mail.status == "queued" && mail.attempts == 0)
        #expect(
            try await reopened.count("mails", "claimed_until IS NULL AND claim_token IS NULL") == 1,
            "no lease left to wait out")
        try await reopened.shutdown()
        try await server.close()
    }

    /// A server whose port another program holds fails to start, and says so, rather than leaving
    /// whoever waits for it waiting forever (the test helpers wait this way for every live server).
    @Test func aServerWhosePortIsTakenFailsToStart() async throws {
        let port = Tools.freePort()
        let holder = try #require(Tools.bound(port))
        defer { close(holder) }
        #expect(listen(holder, 1) == 0)
        let zavicaj = try await Self.instance(port: port, database: try await Backend.sqlite.location()) { _ in }
        await #expect(throws: (any Error).self) {
            _ = try await Tools.serve { ready in
                try await zavicaj.run(signals: [], shutdownGrace: .seconds(5), onServerRunning: { _ in ready() })
            }
        }
    }

    /// A client that sends half a request and then nothing is disconnected after the idle timeout.
    @Test func aSilentClientIsDisconnected() async throws {
        let port = Tools.freePort()
        let zavicaj = try await Self.instance(port: port, database: try await Backend.sqlite.location()) {
            $0.idleTimeout = .milliseconds(500)
        }
        let running = try await Tools.serve { ready in
            try await zavicaj.run(signals: [.sigusr1], shutdownGrace: .seconds(600), onServerRunning: { _ in ready() })
        }
        // Half a request, then silence: the server hangs up (recv returns no bytes); the client gives up after 30 s.
        let client = """
            import socket, sys
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            s.sendall(b"GET /healthz HTTP/1.1\\r\\nHost: zavicaj.test\\r\\n")
            s.settimeout(30)
            print("closed" if s.recv(100) == b"" else "answered")
            """
        let outcome = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: try? Tools.run(Tools.python, ["-c", client, String(port)]))
            }
        }
        #expect(outcome?.output.trimmingCharacters(in: .whitespacesAndNewlines) == "closed", "\(outcome?.output ?? "")")
        kill(getpid(), SIGUSR1)
        try await running.value
    }

    @Test func aStalledSMTPServerTimesOut() async throws {
        let server = try await SilentServer.start()
        var configuration = SMTPConfiguration(host: "127.0.0.1", port: server.port)
        configuration.replyTimeout = .milliseconds(300)
        configuration.deadline = .seconds(2)
        let message = MailMessage(from: "z@zavicaj.test", to: "amra@example.org", subject: "x", body: "y")
        await #expect(throws: SMTPError.timedOut("greeting")) {
            try await SMTPClient(configuration: configuration).send(message, date: Date(), messageID: "1@zavicaj")
        }
        try await server.close()
    }
}

/// Every delivery a test's transports made, by Message-ID.
final class Deliveries: Sendable {
    let ids = Mutex<[String]>([])
    var all: [String] { ids.withLock { $0 } }
}

/// Records every delivery and says the mail was sent.
struct CountingTransport: MailTransport {
    let deliveries: Deliveries
    func deliver(_ message: MailMessage, date: Date, messageID: String) async throws -> Bool {
        deliveries.ids.withLock { $0.append(messageID) }
        return true
    }
}

/// A transport whose server stalls until the test releases it.
actor StalledTransport: MailTransport {
    private var arrived: CheckedContinuation<Void, Never>?
    private var hasArrived = false
    private var gate: CheckedContinuation<Void, Never>?

    func deliver(_ message: MailMessage, date: Date, messageID: String) async throws -> Bool {
        hasArrived = true
        arrived?.resume()
        arrived = nil
        await withCheckedContinuation { gate = $0 }
        return true
    }

    /// Returns once a delivery has started.
    func entered() async {
        if hasArrived { return }
        await withCheckedContinuation { arrived = $0 }
    }

    func release() {
        gate?.resume()
        gate = nil
    }
}
