import Foundation
import Platform

/// Reads the ledger's daily totals once for all the municipalities asked and builds each one's report.
public struct IndicatorService: Sendable {
    let env: AppEnvironment
    public init(env: AppEnvironment) { self.env = env }

    public func reports(_ municipalities: [Municipality], from: Day, to: Day) async throws -> [IndicatorReport] {
        let daily = try await env.ledger.daily(municipalities.map(\.id), from: from, to: to)
        let byMunicipality = Dictionary(grouping: daily, by: \.municipalityID)
        return municipalities.map { IndicatorReport(daily: byMunicipality[$0.id] ?? [], from: from, to: to) }
    }
}
