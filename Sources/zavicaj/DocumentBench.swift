import ArgumentParser
import CivilRegistry
import Foundation
import Platform
import SQLKit
import ZavicajServer

/// `zavicaj bench documents`: how fast a registrar issues documents — render the PDF, seal it,
/// and store it with its audit, ledger and mail rows in one transaction — and, apart, how much
/// of that is rendering and sealing alone.
struct DocumentBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "documents", abstract: "E-matičar: documents issued per second (render, sign, store).")
    @OptionGroup var options: BenchOptions
    @Option(help: "Documents to issue.") var count = 400
    @Option(help: "Registrars issuing at the same time.") var concurrency = 1

    func run() async throws {
        let (count, concurrency) = (count, concurrency)
        try await options.withServer { zavicaj, _ in
            let env = zavicaj.environment
            let ljubuski = try await env.municipalities.find(slug: "ljubuski")!
            let registrar = try await env.accounts.find(email: DemoData.email(role: .registrar, slug: "ljubuski"))!
            let desk = ExtractDesk(env, municipality: ljubuski, registrar: registrar, actor: .system("bench"))
            let entries = try await Self.births(env, limit: count)
            guard entries.count == count else {
                throw ValidationError("the demo books hold only \(entries.count) births")
            }

            // Rendering and sealing alone, no database.
            let key = try await KeyRing(env.database.sql, clock: env.clock).current()
            let renderStart = Date()
            var bytes = 0
            for (index, entry) in entries.enumerated() {
                let issue = ExtractContent.Issue(
                    number: "LJU-IZ-2026-\(index)", code: ShortCode.make(), kind: index % 2 == 0 ? .birth : .ciecA,
                    language: index % 3 == 0 ? .srCyrl : .bs, issuer: ljubuski, keeper: ljubuski,
                    registrarName: registrar.displayName,
                    issuedAt: env.clock.now(), verifyURL: "http://bench/verify/x")
                bytes += try ExtractDesk.render(
                    entry, issue, request: nil, key: key, catalog: env.catalogs[issue.language], by: registrar.id
                ).pdf.count
            }
            let render = Date().timeIntervalSince(renderStart)
            print(
                String(
                    format: "render + seal: %d documents in %.2f s = %.0f/s, %.2f ms each, %d bytes on average",
                    count, render, Double(count) / render, render * 1000 / Double(count), bytes / count))

            // The whole issue: each request waiting in the queue, issued from the keeping municipality's book.
            let requests = try await Self.requests(for: entries, at: ljubuski, env)
            let start = Date()
            var latencies: [Double] = []
            try await withThrowingTaskGroup(of: [Double].self) { group in
                for lane in 0..<concurrency {
                    group.addTask {
                        var mine: [Double] = []
                        for index in stride(from: lane, to: requests.count, by: concurrency) {
                            let t = Date()
                            _ = try await desk.issue(requests[index], entryID: entries[index].id, language: nil)
                            mine.append(Date().timeIntervalSince(t) * 1000)
                        }
                        return mine
                    }
                }
                for try await lane in group { latencies += lane }
            }
            let elapsed = Date().timeIntervalSince(start)
            let timings = Timings(milliseconds: latencies)
            print(
                String(
                    format:
                        """
                        issue (read entry, render, seal, store, audit, ledger, mail): %d documents in %.2f s = %.0f/s \
                        with %d registrar(s); p50 %.2f ms, p99 %.2f ms
                        """,
                    count, elapsed, Double(count) / elapsed, concurrency, timings.at(0.5), timings.at(0.99)))
        }
    }

    /// Birth entries from every municipality's demo books.
    static func births(_ env: AppEnvironment, limit: Int) async throws -> [RegistryEntry] {
        let ids = try await env.database.sql.raw(
            "SELECT id FROM registry_entries WHERE book = 'births' ORDER BY id LIMIT \(unsafeRaw: String(limit))"
        ).values("id", as: String.self)
        var entries: [RegistryEntry] = []
        for id in ids { if let entry = try await RegistryStore(env.database.sql).entry(id) { entries.append(entry) } }
        return entries
    }

    /// One waiting request per entry, from one member abroad.
    static func requests(for entries: [RegistryEntry], at municipality: Municipality, _ env: AppEnvironment)
        async throws -> [ExtractRequest]
    {
        let now = env.clock.now()
        let member = Account(
            id: Random.id(), email: "bench-\(Random.token(bytes: 4))@example.org", passwordHash: "-",
            displayName: "Bench Member",
            language: .de, timeZone: "Europe/Vienna", role: nil, municipalityID: nil, departmentID: nil,
            emailConfirmedAt: now, createdAt: now)
        try await env.accounts.insert(member)
        var requests: [ExtractRequest] = []
        for entry in entries {
            let f = entry.current
            requests.append(
                try await ExtractService(env).submit(
                    [
                        "kind": "birth", "relation": "self", "given_name": f["given_name"] ?? "",
                        "surname": f["surname"] ?? "", "jmbg": f["jmbg"] ?? "",
                        "purpose": "Bench", "language": "bs", "delivery": "electronic", "payment": "office",
                    ], to: municipality, by: member, actor: .system("bench")))
        }
        return requests
    }
}
