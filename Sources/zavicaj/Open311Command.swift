import ArgumentParser
import Inquiries
import Platform

struct Open311: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open311 GeoReport v2 clients.", subcommands: [Key.self])

    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "API keys of Open311 clients.", subcommands: [Add.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Issue a key for a client and print it (shown only this once).")
            @Option(help: "Municipality slug, e.g. jajce.") var municipality: String
            @Option(help: "Name of the client application.") var name: String

            func run() async throws {
                try await withEnvironment { env in
                    let place = try await zavicaj.municipality(slug: municipality, env)
                    do {
                        print(try await Open311Keys(env).issue(municipality: place, name: name, actor: .system("cli")))
                    } catch let error as AppError {
                        throw explained(error, env)
                    }
                }
            }
        }
    }
}
