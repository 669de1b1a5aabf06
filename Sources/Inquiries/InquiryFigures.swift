import Foundation
import Platform

/// The officer's figures for a set of inquiries: received, answered, answered within the
/// deadline, median and 90th percentile time to first answer. Pure.
public struct InquiryFigures: Sendable, Equatable {
    public var received = 0
    public var answered = 0
    public var onTime = 0
    public var medianHours: Double?
    public var p90Hours: Double?

    public var onTimePercent: Int? { answered == 0 ? nil : Int((Double(onTime) * 100 / Double(answered)).rounded()) }

    public init(_ inquiries: [Inquiry]) {
        received = inquiries.count
        var hours: [Double] = []
        for inquiry in inquiries {
            guard let start = inquiry.confirmedAt, let answer = inquiry.firstAnsweredAt else { continue }
            answered += 1
            if let due = inquiry.dueAt, answer <= due { onTime += 1 }
            hours.append(answer.timeIntervalSince(start) / 3600)
        }
        hours.sort()
        medianHours = Self.percentile(hours, 0.5)
        p90Hours = Self.percentile(hours, 0.9)
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double? { nearestRankPercentile(sorted, p) }

    /// Figures per month (`YYYY-MM` in Sarajevo time) and category, plus totals.
    public typealias Breakdown = (
        months: [(String, InquiryFigures)], categories: [(String, InquiryFigures)], total: InquiryFigures
    )

    public static func breakdown(_ inquiries: [Inquiry]) -> Breakdown {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Sarajevo")!
        let byMonth = Dictionary(grouping: inquiries) { inquiry -> String in
            let parts = calendar.dateComponents([.year, .month], from: inquiry.confirmedAt ?? inquiry.submittedAt)
            return String(format: "%04d-%02d", parts.year!, parts.month!)
        }
        let byCategory = Dictionary(grouping: inquiries, by: \.categoryID)
        return (
            byMonth.sorted { $0.key < $1.key }.map { ($0.key, InquiryFigures($0.value)) },
            byCategory.sorted { $0.key < $1.key }.map { ($0.key, InquiryFigures($0.value)) },
            InquiryFigures(inquiries)
        )
    }
}
