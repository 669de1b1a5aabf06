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
}
