import ArgumentParser
import Federation
import Foundation
import Platform
import ZavicajServer

/// `zavicaj bench federation`: two deployments on this machine, each its own server and database.
/// The same JMBG look-up measured side by side: a registrar's search of their own deployment's
/// books, and a registrar of the other deployment searching them through a signed, logged message.
struct FederationBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "federation", abstract: "Look-ups per second between two local deployments, and the latency added."
    )
    @OptionGroup var options: BenchOptions

    func run() async throws {
        let options = options
        try await options.withServer { keeper, keeperPort in
            try await options.withServer { asker, askerPort in
                let (peer, jmbg) = try await Self.connect(asker: asker.environment, keeper: keeper.environment)
                let local = try await Self.token(keeper.environment, role: .registrar, slug: "jajce")
                let remote = try await Self.token(asker.environment, role: .registrar, slug: "kakanj")
                try await options.measure(
                    "local search", port: keeperPort,
                    LoadRequest(
                        path: "/api/v1/registry/search?jmbg=\(jmbg)", headers: [("Authorization", "Bearer \(local)")]))
                try await options.measure(
                    "search through a peer", port: askerPort,
                    LoadRequest(
                        path: "/api/v1/kakanj/federation/peers/\(peer)/search?jmbg=\(jmbg)&purpose=bench",
                        headers: [("Authorization", "Bearer \(remote)")]))
            }
        }
    }

    /// Each trusts the other; the keeper's Jajce opens its births to the asker; a JMBG to look up.
    static func connect(asker: AppEnvironment, keeper: AppEnvironment) async throws -> (peer: String, jmbg: String) {
        let peer = try await PeerTrust(asker, actor: .system("bench")).add(baseURL: keeper.settings.baseURL, name: "B")
        let back = try await PeerTrust(keeper, actor: .system("bench")).add(baseURL: asker.settings.baseURL, name: "A")
        let jajce = try await keeper.municipalities.all().first { $0.slug == "jajce" }!
        try await keeper.database.sql.raw(
            """
            INSERT INTO federation_grants (municipality_id, peer_id, book, permission, granted_by, granted_at)
            VALUES (\(bind: jajce.id), \(bind: back.id), 'births', 'search', 'bench', \
            \(bind: Timestamp.text(keeper.clock.now())))
            """
        ).run()
        let jmbg = try await keeper.database.sql.raw(
            """
            SELECT i.jmbg FROM registry_index i JOIN registry_entries e ON e.id = i.entry_id \
            WHERE e.municipality_id = \(bind: jajce.id) AND e.book = 'births' AND i.jmbg IS NOT NULL LIMIT 1
            """
        ).first()!.decode(column: "jmbg", as: String.self)
        return (peer.id, jmbg)
    }

    static func token(_ env: AppEnvironment, role: Role, slug: String) async throws -> String {
        let account = try await env.accounts.find(email: DemoData.email(role: role, slug: slug))!
        return try await env.sessions.create(
            accountID: account.id, kind: .api, secondFactor: true, clientAddress: "bench", at: env.clock.now())
    }
}
