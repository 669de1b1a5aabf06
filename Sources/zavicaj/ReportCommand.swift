import ArgumentParser
import Foundation
import Indicators
import Platform
import ZavicajServer

/// `zavicaj report --municipality jajce --from 2018-05-16 --to 2019-05-15 --format csv|json`:
/// the indicators page's figures on standard output.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The partner indicators of a municipality for a period, as CSV or JSON.")
    @Option(help: "Municipality slug, e.g. jajce.") var municipality: String
    @Option(help: "First day, YYYY-MM-DD.") var from: String
    @Option(help: "Last day, YYYY-MM-DD (included).") var to: String
    @Option(help: "csv or json.") var format = "csv"

    func validate() throws {
        guard Day(text: from) != nil, Day(text: to) != nil else {
            throw ValidationError("--from and --to take dates as YYYY-MM-DD")
        }
        guard ["csv", "json"].contains(format) else { throw ValidationError("--format is csv or json") }
    }

    func run() async throws {
        try await withEnvironment { env in
            let place = try await zavicaj.municipality(slug: municipality, env)
            let report = try await IndicatorService(env: env, indicators: Capabilities.all.indicators).reports(
                [place], from: Day(text: from)!, to: Day(text: to)!)[0]
            try await env.audit.record(
                .system("cli report"), "indicators.report", objectType: "municipality", objectID: place.id,
                municipalityID: place.id,
                detail: "\(from)…\(to) \(format)")
            if format == "csv" {
                print(IndicatorExport.csv([(place.slug, report)]), terminator: "")
            } else {
                print(String(decoding: try IndicatorExport.json([(place.slug, report)]), as: UTF8.self))
            }
        }
    }
}
