import ArgumentParser

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure requests/s and p99 latency of key pages.")
    func run() async throws {
        throw ValidationError("not yet")
    }
}
