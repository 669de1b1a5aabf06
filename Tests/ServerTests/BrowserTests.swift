import Foundation
import Platform
import TestSupport
import Testing
import ZavicajServer

/// A real browser against the running server: register, log in, switch language,
/// and axe-core on every page visited (no serious or critical violations).
@Suite struct BrowserTests {
    @Test(.needs(.chromium, .chromedriver, .selenium, .axe)) func personRegistersLogsInAndSwitchesLanguageInChromium()
        async throws
    {
        let script = Tools.packageRoot.appendingPathComponent("Tests/Tools/browser_check.py").path
        let (status, output) = try await LiveServer.run(
            .sqlite,
            prepare: { env in
                // A member abroad whose address is already confirmed (the browser cannot open mail).
                let now = env.clock.now()
                try await env.accounts.insert(
                    Account(
                        id: Random.id(), email: "clan@example.org",
                        passwordHash: AccountService(env).hash("clan-lozinka-2026"),
                        displayName: "Član Dijaspore", language: .bs, timeZone: "Europe/Berlin", role: nil,
                        municipalityID: nil,
                        departmentID: nil, emailConfirmedAt: now, createdAt: now))
            }
        ) { base, _ in
            (try? Tools.run(Tools.python, [script, base])) ?? (-1, "could not start python")
        }
        #expect(status == 0, "\(output)")
    }

    /// Every page each role reaches by following links, checked by axe-core at phone size:
    /// no serious or critical violation, no link to an error page, nothing wider than the phone.
    @Test(.needs(.chromium, .chromedriver, .selenium, .axe)) func everyPageOfEveryRolePassesAxe() async throws {
        let script = Tools.packageRoot.appendingPathComponent("Tests/Tools/axe_walk.py").path
        let (status, output) = try await LiveServer.run(.sqlite, prepare: { env in try await Self.roles(env) }) {
            base, roles in
            (try? Tools.run(Tools.python, [script, base, roles])) ?? (-1, "could not start python")
        }
        #expect(status == 0, "\(output)")
        // The pages walked per role, for the run's log: what the green result covers.
        if status == 0 {
            print("axe walk: \(output.split(whereSeparator: \.isNewline).joined(separator: " ").prefix(400))")
        }
    }

    /// A web session for each role at Jajce and for a member abroad, with where each starts.
    static func roles(_ env: AppEnvironment) async throws -> String {
        let now = env.clock.now()
        let member = Account(
            id: Random.id(), email: "clan@example.org", passwordHash: "-", displayName: "Član Dijaspore",
            language: .bs, timeZone: "Europe/Berlin", role: nil, municipalityID: nil, departmentID: nil,
            emailConfirmedAt: now, createdAt: now)
        try await env.accounts.insert(member)
        func session(_ account: Account?) async throws -> Any {
            guard let account else { return NSNull() }
            return try await env.sessions.create(
                accountID: account.id, kind: .web, secondFactor: true, clientAddress: "127.0.0.1", at: now)
        }
        var roles: [String: Any] = [
            "anonymous": ["token": NSNull(), "start": ["/", "/account/login", "/account/register", "/verify"]],
            "member": ["token": try await session(member), "start": ["/", "/account/"]],
        ]
        for role in Role.allCases {
            let account = try await env.accounts.find(email: DemoData.email(role: role, slug: "jajce"))
            roles[role.rawValue] = ["token": try await session(account), "start": ["/staff", "/account/"]]
        }
        let slugs = try await env.municipalities.all().map(\.slug)
        let setup: [String: Any] = ["slugs": slugs, "roles": roles]
        return String(decoding: try JSONSerialization.data(withJSONObject: setup), as: UTF8.self)
    }
}
