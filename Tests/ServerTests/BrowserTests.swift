import Foundation
import Hummingbird
import Logging
import Platform
import Testing
import TestSupport
import ZavicajServer

/// A real browser against the running server: register, log in, switch language,
/// and axe-core on every page visited (no serious or critical violations).
@Suite struct BrowserTests {
    @Test func personRegistersLogsInAndSwitchesLanguageInChromium() async throws {
        guard Tools.which("chromedriver") != nil, Tools.which("chromium") != nil || Tools.which("chromium-browser") != nil else {
            Tools.missing("Chromium", "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
            return
        }
        guard Tools.pythonHas("selenium"), Tools.pythonHas("axe_selenium_python") else {
            Tools.missing("selenium", "\(Tools.python) lacks selenium or axe-selenium-python")
            return
        }
        let port = Tools.freePort()
        let location = try await Backend.sqlite.location()
        var configuration = ServerConfiguration(host: "127.0.0.1", port: port, database: location)
        configuration.runMailDispatcher = false
        configuration.settings = Settings(baseURL: "http://127.0.0.1:\(port)", passwordCost: 4)
        var logger = Logger(label: "browser-test")
        logger.logLevel = .critical
        let zavicaj = try await Zavicaj.build(configuration, logger: logger)
        let (started, ready) = AsyncStream.makeStream(of: Void.self)
        let app = zavicaj.application(onServerRunning: { _ in ready.yield() })
        let result = try await withThrowingTaskGroup(of: (Int32, String)?.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []); return nil }
            for await _ in started { break }
            let script = Tools.packageRoot.appendingPathComponent("Tests/Tools/browser_check.py").path
            // The browser runs off the cooperative pool, so the server keeps its threads.
            let outcome = await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(returning: (try? Tools.run(Tools.python, [script, "http://127.0.0.1:\(port)"])) ?? (-1, "could not start python"))
                }
            }
            group.cancelAll()
            return outcome
        }
        let (status, output) = try #require(result)
        #expect(status == 0, "\(output)")
    }
}
