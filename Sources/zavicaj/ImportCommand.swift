import ArgumentParser
import Diaspora
import Foundation
import Platform

/// `zavicaj import members FILE.csv --municipality kljuc`: an existing diaspora list into the
/// registry, with a progress bar and a report line for every row refused.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Import existing lists.", subcommands: [Members.self])

    struct Members: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                """
                Members from CSV (header: \
                email,name,country,city[,since,profession,sector,skills,languages,interests,language]).
                """
        )
        @Argument(help: "The CSV file (UTF-8).") var file: String
        @Option(help: "Municipality slug, e.g. kljuc.") var municipality: String
        @Option(help: "Language of the report: bs, hr, sr-Latn, sr-Cyrl, en, de.") var language = "bs"

        func run() async throws {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let language = Language(rawValue: language) ?? .bs
            try await withEnvironment { env in
                let place = try await zavicaj.municipality(slug: municipality, env)
                let report = try await MemberImport(env).run(
                    text, into: place, language: language, actor: .system("cli import")
                ) { done, total in
                    guard done == total || done % 100 == 0, total > 0 else { return }
                    let filled = done * 30 / total
                    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
                    FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total)".utf8))
                }
                FileHandle.standardError.write(Data("\n".utf8))
                for problem in report.rejected { print("line \(problem.line): \(problem.field): \(problem.message)") }
                print(
                    """
                    added \(report.added), already in the registry \(report.alreadyThere), refused \
                    \(report.rejected.count)
                    """
                )
            }
        }
    }
}
