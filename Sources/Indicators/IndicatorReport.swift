import Foundation
import Platform

/// The figures of one municipality (or several together) for the days from `from` to `to`. Pure.
public struct IndicatorReport: Sendable {
    public struct Figure: Sendable, Equatable {
        public let key: String
        public let total: Int
        public let breakdown: [(label: String, value: Int)]
        public let monthly: [(month: String, value: Int)]
        public static func == (a: Figure, b: Figure) -> Bool {
            a.key == b.key && a.total == b.total && a.breakdown.map(\.label) == b.breakdown.map(\.label)
                && a.breakdown.map(\.value) == b.breakdown.map(\.value)
                && a.monthly.map(\.month) == b.monthly.map(\.month) && a.monthly.map(\.value) == b.monthly.map(\.value)
        }
    }

    /// A percentage an indicator declares (Servis 48h: answered within the deadline), one decimal; nil without entries.
    public struct ShareFigure: Sendable, Equatable {
        public let after: String, key: String, labelKey: String, percent: Double?
    }

    public let from: Day, to: Day
    public let figures: [Figure]
    public let shares: [ShareFigure]

    public subscript(key: String) -> Figure? { figures.first { $0.key == key } }

    public init(monthly totals: [Ledger.MonthlyTotal], from: Day, to: Day, indicators: [Indicator]) {
        self.from = from; self.to = to
        let months = Self.months(from: from, to: to)
        let byKind = Dictionary(grouping: totals, by: \.kind)
        figures = indicators.map { indicator in
            let rows = (byKind[indicator.kind.code] ?? []).filter { $0.dimension.hasPrefix(indicator.prefix) }
            var byPart: [String: Int] = [:], byMonth: [String: Int] = [:]
            for row in rows {
                byMonth[row.month, default: 0] += row.total
                switch indicator.breakdown {
                case .none: break
                case .country: byPart[row.dimension, default: 0] += row.total
                case .afterColon:
                    byPart[String(row.dimension.split(separator: ":").last ?? ""), default: 0] += row.total
                }
            }
            return Figure(
                key: indicator.key, total: rows.reduce(0) { $0 + $1.total },
                breakdown: byPart.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { ($0.key, $0.value) },
                monthly: months.map { ($0, byMonth[$0] ?? 0) })
        }
        shares = indicators.compactMap { indicator in
            indicator.share.map { share in
                let rows = byKind[indicator.kind.code] ?? []
                let all = rows.reduce(0) { $0 + $1.total }
                let hits = rows.filter { $0.dimension == share.dimension }.reduce(0) { $0 + $1.total }
                return ShareFigure(
                    after: indicator.key, key: share.key, labelKey: share.labelKey,
                    percent: all == 0 ? nil : Double(hits * 1000 / all) / 10)
            }
        }
    }

    /// `YYYY-MM` of every month the period touches.
    static func months(from: Day, to: Day) -> [String] {
        var months: [String] = [], year = from.year, month = from.month
        while (year, month) <= (to.year, to.month), months.count < 240 {
            months.append(String(format: "%04d-%02d", year, month))
            month += 1
            if month > 12 { month = 1; year += 1 }
        }
        return months
    }

    /// The default period: the twelve months up to yesterday.
    public static func lastTwelveMonths(before today: Day) -> (Day, Day) {
        let to = today.adding(days: -1)
        return (Day(to.year - 1, to.month, 1).adding(days: to.day), to)
    }
}
