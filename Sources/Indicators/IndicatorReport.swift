import Foundation
import Platform

/// One figure the partners ask for, read from the ledger's daily totals: a ledger kind, the part
/// of its dimension that counts, and whether it is broken down (by type, country, group).
public struct Indicator: Sendable {
    public enum Breakdown: Sendable { case none, dimension, afterColon }
    public let key: String
    public let kind: String
    /// Only dimensions starting with this count (`business_forum:` for forum participants).
    public let prefix: String
    public let breakdown: Breakdown

    init(_ key: String, _ kind: String, prefix: String = "", breakdown: Breakdown = .none) {
        self.key = key; self.kind = kind; self.prefix = prefix; self.breakdown = breakdown
    }

    /// Every seed figure first, in the seeds' words, then what else the platform reports.
    public static let all: [Indicator] = [
        Indicator("diaspora_visits", "diaspora_visit"),
        Indicator("communication_services", "communication_service"),
        Indicator("ematicar_services", "ematicar_service"),
        Indicator("office_services", "office_service"),
        Indicator("forum_participants", "event_participant", prefix: "business_forum:", breakdown: .afterColon),
        Indicator("radio_listeners", "radio_listeners"),
        Indicator("kt_jobs", "kt_jobs"),
        Indicator("kt_households", "kt_households"),
        Indicator("event_participants", "event_participant", breakdown: .afterColon),
        Indicator("members_registered", "diaspora_member", breakdown: .dimension),
        Indicator("associations", "association_registered"),
        Indicator("agreements", "agreement_signed"),
        Indicator("newsletters_sent", "newsletter_sent"),
        Indicator("participation", "participation", breakdown: .afterColon),
        Indicator("forum_outcomes", "forum_outcome"),
        Indicator("abroad_entries", "registry_abroad_entry"),
        Indicator("project_interest", "project_interest"),
        Indicator("premises_let", "premises_let"),
        Indicator("news_published", "news_published"),
        Indicator("press_releases", "press_release"),
    ]
}

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

    public let from: Day, to: Day
    public let figures: [Figure]
    /// Servis 48h: of the questions answered, the share answered within the deadline (percent, one decimal), nil when none.
    public let answeredOnTime: Double?

    public subscript(key: String) -> Figure? { figures.first { $0.key == key } }

    public init(monthly totals: [Ledger.MonthlyTotal], from: Day, to: Day) {
        self.from = from; self.to = to
        let months = Self.months(from: from, to: to)
        let byKind = Dictionary(grouping: totals, by: \.kind)
        figures = Indicator.all.map { indicator in
            let rows = (byKind[indicator.kind] ?? []).filter { $0.dimension.hasPrefix(indicator.prefix) }
            var byPart: [String: Int] = [:], byMonth: [String: Int] = [:]
            for row in rows {
                byMonth[row.month, default: 0] += row.total
                switch indicator.breakdown {
                case .none: break
                case .dimension: byPart[row.dimension, default: 0] += row.total
                case .afterColon:
                    byPart[String(row.dimension.split(separator: ":").last ?? ""), default: 0] += row.total
                }
            }
            return Figure(
                key: indicator.key, total: rows.reduce(0) { $0 + $1.total },
                breakdown: byPart.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { ($0.key, $0.value) },
                monthly: months.map { ($0, byMonth[$0] ?? 0) })
        }
        let answers = byKind["communication_service"] ?? []
        let all = answers.reduce(0) { $0 + $1.total },
            onTime = answers.filter { $0.dimension == "on_time" }.reduce(0) { $0 + $1.total }
        answeredOnTime = all == 0 ? nil : (Double(onTime * 1000 / all)) / 10
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
