import Foundation

/// A calendar day, free of time zones.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int
    public init(_ year: Int, _ month: Int, _ day: Int) { self.year = year; self.month = month; self.day = day }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static let gregorian: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Midnight UTC at the start of the day.
    public var date: Date { Day.gregorian.date(from: DateComponents(year: year, month: month, day: day))! }

    /// The day (in UTC) on which `date` falls.
    public init(_ date: Date) {
        let parts = Day.gregorian.dateComponents([.year, .month, .day], from: date)
        self.init(parts.year!, parts.month!, parts.day!)
    }

    public func adding(days: Int) -> Day { Day(date.addingTimeInterval(Double(days) * 86_400)) }
    /// `YYYY-MM`.
    public var yearMonth: String { String(description.prefix(7)) }
    /// The first day of the month `months` months after this day's month (before it when negative).
    public func firstOfMonth(_ months: Int) -> Day {
        let index = year * 12 + month - 1 + months
        return Day(index / 12, index % 12 + 1, 1)
    }
    /// 1 = Sunday … 7 = Saturday, as Foundation numbers them.
    public var weekday: Int { Day.gregorian.component(.weekday, from: date) }
    /// Reads `YYYY-MM-DD`, refusing dates that do not exist.
    public init?(text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        let day = Day(parts[0], parts[1], parts[2])
        guard day.adding(days: 0) == day else { return nil }
        self = day
    }

    /// The day in Sarajevo on which `date` falls (the day a municipality's office sees).
    public init(sarajevo date: Date) {
        let parts = Self.sarajevo.dateComponents([.year, .month, .day], from: date)
        self.init(parts.year!, parts.month!, parts.day!)
    }

    static let sarajevo: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Sarajevo")!
        return calendar
    }()

    public var components: DateComponents { DateComponents(year: year, month: month, day: day) }
}
