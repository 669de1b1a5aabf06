import Foundation
import TestSupport
import Testing

/// Two `zavicaj serve` processes, as an operator starts them: together, on one empty database.
/// Both migrate and load the demo under the start-up lock, print their start-up lines to a pipe,
/// number questions sent to either without gaps, share one limit, and end within seconds of SIGTERM.
@Suite struct ProcessTests {
    /// The `zavicaj` binary that `swift test` built beside the tests.
    static var binary: String? {
        let candidates = ["debug", "release"].map {
            Tools.packageRoot.appendingPathComponent(".build/\($0)/zavicaj").path
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Sends the questions to both ports at once (threads in Python) and prints each answer's status and number.
    static let client = """
        import json, sys, threading, urllib.request
        ports = sys.argv[1:]
        results = []
        def ask(index, email):
            body = json.dumps({"category": "documents", "subject": f"Pitanje {index}", "body": "Tekst", "name": \
        f"Osoba {index}", "email": email}).encode()
            request = urllib.request.Request(f"http://127.0.0.1:{ports[index % 2]}/api/v1/jajce/inquiries", data=body, \
        headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=30) as answer:
                    results.append((answer.status, json.load(answer).get("number", "")))
            except urllib.error.HTTPError as error:
                results.append((error.code, ""))
        threads = [threading.Thread(target=ask, args=(i, f"person{i}@example.org")) for i in range(20)]
        threads += [threading.Thread(target=ask, args=(100 + i, "same@example.org")) for i in range(10)]
        for thread in threads: thread.start()
        for thread in threads: thread.join()
        for status, number in results: print(status, number)
        """

    @Test(arguments: Backend.all)
    func twoServeProcessesShareOneDatabase(_ backend: Backend) async throws {
        // `swift test` builds every product, the server's binary included.
        let binary = try #require(Self.binary, "the zavicaj binary is not under .build/ (swift build)")
        let url: String
        switch try await backend.location() {
        case .sqlite(let path): url = "sqlite://" + path
        case .postgres(let postgres): url = postgres
        }
        let ports = [Tools.freePort(), Tools.freePort()]
        let servers = try ports.map { try ServeProcess(binary: binary, port: $0, database: url) }
        let firstLines = await servers.asyncLines()
        #expect(firstLines.allSatisfy { $0.hasPrefix("Zavičaj on http://127.0.0.1:") }, "\(firstLines)")
        let outcome = await Tools.offThread {
            try? Tools.run(Tools.python, ["-c", Self.client] + ports.map(String.init))
        }
        let answers = (outcome?.output ?? "").split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        let numbers = answers.filter { $0.first == "201" }.compactMap { $0.count > 1 ? $0[1] : nil }.sorted()
        #expect(numbers == (1...23).map { String(format: "JAJ-2026-%06d", $0) }, "\(outcome?.output ?? "")")
        #expect(answers.filter { $0.first == "429" }.count == 7, "one address's limit of 3 a day across both processes")
        let stopped = await servers.asyncStop()
        #expect(stopped.allSatisfy { $0 == 0 }, "both ended cleanly on SIGTERM: \(stopped)")
    }
}

/// One `zavicaj serve` child process with its standard output on a pipe.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    let output = Pipe()

    init(binary: String, port: Int, database: String) throws {
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--port", String(port), "--no-history"]
        var environment = ProcessInfo.processInfo.environment
        environment["ZAVICAJ_DATABASE_URL"] = database
        environment.removeValue(forKey: "ZAVICAJ_SMTP_URL")
        process.environment = environment
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// The first line the server prints, once it has migrated and is about to listen.
    func firstLine() -> String {
        var bytes = Data()
        while let byte = try? output.fileHandleForReading.read(upToCount: 1), let first = byte.first,
            first != UInt8(ascii: "\n")
        {
            bytes.append(first)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Sends SIGTERM and returns the exit status, or -1 when it has not ended 5 s later (then it is killed).
    func stop() -> Int32 {
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            return -1
        }
        return process.terminationStatus
    }
}

extension Array where Element == ServeProcess {
    func asyncLines() async -> [String] { await Tools.offThread { self.map { $0.firstLine() } } }
    func asyncStop() async -> [Int32] { await Tools.offThread { self.map { $0.stop() } } }
}
