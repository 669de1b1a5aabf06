import Foundation
import Testing

/// Outside tools the tests use. A missing tool is skipped loudly on a developer's
/// machine and fails the run in CI (`CI=true`), where .ci/run installs everything.
public enum Tools {
    public static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Records that a tool is missing: prints a banner, and in CI ends the run red.
    public static func missing(_ tool: String, _ why: String) {
        banner(tool, why)
        if inCI { fatalError("\(tool) is required when CI=true: \(why)") }
    }

    /// Whether every tool is here. A missing one prints the banner; the test is then reported as
    /// skipped, except in CI, where it runs and fails on the missing tool (`Tools.path`).
    public static func present(_ tools: [Tool]) -> Bool {
        let missing = tools.filter { !$0.isInstalled }
        for tool in missing { banner(tool.rawValue, tool.install) }
        return missing.isEmpty || inCI
    }

    /// Where a needed program is; a missing one fails the test with how to install it.
    public static func path(_ tool: Tool) throws -> String {
        guard let path = tool.program.flatMap({ which($0) }) else { throw Tool.Missing(tool: tool) }
        return path
    }

    static func banner(_ tool: String, _ why: String) {
        let line = String(repeating: "!", count: 78)
        FileHandle.standardError.write(Data("\n\(line)\n!! SKIPPING \(tool): \(why)\n\(line)\n".utf8))
    }

    /// The package's root folder (where Package.swift is).
    public static var packageRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }

    /// The Python with the test clients: `ZAVICAJ_PYTHON`, else `.venv/bin/python`, else `python3`.
    public static var python: String {
        if let python = ProcessInfo.processInfo.environment["ZAVICAJ_PYTHON"], !python.isEmpty { return python }
        let venv = packageRoot.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : which("python3") ?? "/usr/bin/python3"
    }

    public static func pythonHas(_ module: String) -> Bool {
        (try? run(python, ["-c", "import \(module)"]).status) == 0
    }

    public static func which(_ name: String, extra: [String] = []) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":").map(String.init) + extra {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a program to completion and returns its exit status and output.
    @discardableResult
    public static func run(
        _ program: String, _ arguments: [String], input: String? = nil,
        keepErrors: Bool = true
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = keepErrors ? pipe : FileHandle.nullDevice
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs a program that leaves a daemon behind (pg_ctl start) through the shell,
    /// output to /dev/null: the daemon keeps no pipe of ours open, and `system` reaps the child.
    public static func runDetached(_ program: String, _ arguments: [String]) -> Int32 {
        let quoted = ([program] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return system(quoted.joined(separator: " ") + " </dev/null >/dev/null 2>&1")
    }

    /// A loopback port for a test server: below Linux's ephemeral range (32768–60999, ip_local_port_range),
    /// so no outgoing connection of the run holds it, and free now (a bind to it succeeds).
    public static func freePort() -> Int {
        while true {
            let port = Int.random(in: 20000...32000)
            if let socket = bound(port) {
                close(socket)
                return port
            }
        }
    }

    /// A TCP socket bound to 127.0.0.1:`port`, or nil when the port is taken. The caller closes it.
    public static func bound(_ port: Int) -> Int32? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    /// Starts `run` (a server; it calls `ready` once it listens) in a task of its own and returns that
    /// task once the server listens. A server that ends first (a port taken meanwhile) throws its error
    /// here: waiting for `ready` alone would wait forever.
    public static func serve(
        _ run: @escaping @Sendable (_ ready: @escaping @Sendable () -> Void) async throws -> Void
    ) async throws -> Task<Void, any Error> {
        let (started, ready) = AsyncStream.makeStream(of: Void.self)
        let server = Task {
            defer { ready.finish() }
            try await run { ready.yield() }
        }
        for await _ in started { return server }
        try await server.value
        throw ServerDidNotStart()
    }

    public struct ServerDidNotStart: Error {}
}

/// Runs `work` for 0..<count all at once and returns the results (in no particular order):
/// parallel requests, as a crowd or several instances send them.
public func inParallel<T: Sendable>(_ count: Int, _ work: @escaping @Sendable (Int) async throws -> T) async throws
    -> [T]
{
    try await withThrowingTaskGroup(of: T.self) { group in
        for index in 0..<count { group.addTask { try await work(index) } }
        return try await group.reduce(into: [T]()) { $0.append($1) }
    }
}

extension Tools {
    /// Runs blocking `work` (a child process, a pipe) on a thread of its own, off the cooperative pool.
    public static func offThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }
}

/// A program or Python module (in `Tools.python`) that a test drives.
public enum Tool: String, Sendable, CaseIterable {
    case qpdf, pdftotext, pdftoppm, zbarimg, chromium, chromedriver, swiftFormat = "swift-format"
    case aiosmtpd, georeport, selenium, axe = "axe_selenium_python", schemathesis, openAPIValidator =
        "openapi-spec-validator"

    public struct Missing: Error, CustomStringConvertible {
        let tool: Tool
        public var description: String { "\(tool.rawValue) is required: \(tool.install)" }
    }

    /// The program to look for on PATH (nil for a Python module).
    var program: String? {
        switch self {
        case .qpdf, .pdftotext, .pdftoppm, .zbarimg, .chromedriver, .swiftFormat: rawValue
        case .chromium: Tools.which("chromium") == nil ? "chromium-browser" : "chromium"
        case .aiosmtpd, .georeport, .selenium, .axe, .schemathesis, .openAPIValidator: nil
        }
    }

    var isInstalled: Bool {
        switch self {
        case .schemathesis, .openAPIValidator:
            FileManager.default.isExecutableFile(atPath: Tools.besidePython(rawValue))
        default: program.map { Tools.which($0) != nil } ?? Tools.pythonHas(rawValue)
        }
    }

    var install: String {
        switch self {
        case .qpdf: "apt-get install qpdf"
        case .pdftotext, .pdftoppm: "apt-get install poppler-utils"
        case .zbarimg: "apt-get install zbar-tools"
        case .chromium, .chromedriver: "apt-get install chromium chromium-driver"
        case .swiftFormat: "it comes with the Swift toolchain (6.0 and later)"
        default: "\(Tools.python) lacks it: .venv/bin/pip install \(rawValue.replacingOccurrences(of: "_", with: "-"))"
        }
    }
}

extension Tools {
    /// A console script installed beside the test Python (schemathesis, openapi-spec-validator).
    public static func besidePython(_ name: String) -> String {
        URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent(name).path
    }
}

extension Trait where Self == ConditionTrait {
    /// The test needs these outside tools: skipped (and reported so) without them, except in CI.
    public static func needs(_ tools: Tool...) -> Self {
        .enabled("needs \(tools.map(\.rawValue).joined(separator: ", "))") { Tools.present(tools) }
    }
}
