import ArgumentParser
import Federation
import Foundation
import Platform

/// `zavicaj federation …`: peers added and listed from the command line, and a message log an
/// auditor exported checked offline.
struct FederationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "federation", abstract: "Peer deployments and the message log.",
        subcommands: [Peer.self, VerifyLog.self])

    struct Peer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or list peer deployments.", subcommands: [Add.self, List.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Trust the deployment at URL, pinning the keys it publishes now.")
            @Argument(help: "The peer's base URL, e.g. https://zavicaj.canton.ba") var url: String
            @Option(help: "Its name, as registrars see it.") var name: String

            func run() async throws {
                try await withEnvironment { env in
                    do {
                        let peer = try await PeerTrust(env, actor: .system("cli")).add(baseURL: url, name: name)
                        print("Trusted \(peer.name) at \(peer.baseURL); pinned keys: \(peer.pinnedKeyIDs)")
                        print("Compare them with its operator, by telephone or in person, before granting any book.")
                    } catch let error as FederationError {
                        throw explained(error.appError, env)
                    } catch let error as AppError {
                        throw explained(error, env)
                    }
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List peers with their status and keys.")
            func run() async throws {
                try await withEnvironment { env in
                    for peer in try await PeerTrust(env, actor: .system("cli")).peers() {
                        print("\(peer.name)\t\(peer.baseURL)\t\(peer.status.rawValue)\t\(peer.pinnedKeyIDs)")
                    }
                }
            }
        }
    }

    struct VerifyLog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-log",
            abstract: "Check every signature and digest of an exported message log (exit 0 all hold, 1 not).")
        @Argument(help: "The export, from /api/v1/federation/log.") var file: String
        @Option(
            name: .customLong("keys"),
            help: """
                BASE_URL=FILE: that deployment's keys as saved from its /.well-known/zavicaj-keys.json, \
                instead of the ones in the export.
                """
        )
        var keyFiles: [String] = []

        func run() async throws {
            var export = try JSONDecoder().decode(
                MessageExport.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
            for pair in keyFiles {
                guard let equals = pair.firstIndex(of: "=") else { throw ValidationError("--keys takes BASE_URL=FILE") }
                let keys = try PeerKeys.published(
                    Data(contentsOf: URL(fileURLWithPath: String(pair[pair.index(after: equals)...]))))
                export = export.with(keys: keys, for: String(pair[..<equals]))
            }
            let problems = export.problems()
            for (id, problem) in problems.sorted(by: { $0.key < $1.key }) { print("BAD \(id): \(problem)") }
            print("\(export.messages.count - problems.count) of \(export.messages.count) messages hold.")
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }
}
