import Foundation
import Platform

/// Reads the ledger's totals by month once for all the municipalities asked and builds each one's report.
public struct IndicatorService: Sendable {
    let env: AppEnvironment
    /// Every capability's indicators (`CapabilitySet.indicators`).
    let indicators: [Indicator]
    public init(env: AppEnvironment, indicators: [Indicator]) {
        self.env = env
        self.indicators = indicators
    }

    public func reports(_ municipalities: [Municipality], from: Day, to: Day) async throws -> [IndicatorReport] {
        let totals = try await env.ledger.monthly(municipalities.map(\.id), from: from, to: to)
        let byMunicipality = Dictionary(grouping: totals, by: \.municipalityID)
        return municipalities.map {
            IndicatorReport(monthly: byMunicipality[$0.id] ?? [], from: from, to: to, indicators: indicators)
        }
    }
}
