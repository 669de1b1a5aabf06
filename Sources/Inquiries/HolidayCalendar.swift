import Foundation
import Platform
import Synchronization

/// A municipality's office calendar: the state's, the entity's and (in FBiH) the canton's rules,
/// computed for any year, never typed in. Bajram dates come from the Umm al-Qura calendar unless
/// an admin has entered the date the Islamic Community announced (it can differ by a day).
public struct HolidayCalendar: Sendable, Hashable {
    public let entity: Entity
    public let canton: Canton?
    /// Announced bajram dates that replace the computed ones, by holiday key and year.
    public var bajramOverrides: [String: [Int: Day]]
    /// One-off days off decided by the municipality.
    public var extraDays: [Day: String]
    /// Days a rule makes off on which the office works after all: a government that did not
    /// declare Good Friday that year, a holiday a municipal statute makes a working day (RS, čl. 6).
    public var workingDays: [Day: String]

    public init(
        entity: Entity, canton: Canton? = nil, bajramOverrides: [String: [Int: Day]] = [:],
        extraDays: [Day: String] = [:],
        workingDays: [Day: String] = [:]
    ) {
        self.entity = entity; self.canton = entity == .fbih ? canton : nil
        self.bajramOverrides = bajramOverrides; self.extraDays = extraDays; self.workingDays = workingDays
    }

    /// One day of the year's list: what it is, whether the office closes, and the rule's source.
    public struct Observed: Sendable, Hashable {
        public let day: Day
        public let key: String
        public let observance: HolidayRule.Observance
        public let source: String
    }

    /// The rules that apply here, state first. A canton whose law replaces the entity's list keeps
    /// its own (West Herzegovina); otherwise the canton adds to the entity's.
    public var rules: [HolidayRule] {
        let cantonal = canton.map(HolidayRules.canton) ?? (rules: [], replacesEntity: false)
        return HolidayRules.state + (cantonal.replacesEntity ? [] : HolidayRules.entity(entity)) + cantonal.rules
    }

    /// The days the office is closed in `year`, each with the catalog key of its name. Computed once
    /// per calendar and year: the Islamic dates go through ICU, and every deadline asks day by day.
    public func holidays(in year: Int) -> [Day: String] {
        var days: [Day: String] = [:]
        for item in observed(in: year)
        where item.observance == .officeClosed && days[item.day] == nil && workingDays[item.day] == nil {
            days[item.day] = item.key
        }
        return days
    }

    public func isHoliday(_ day: Day) -> Bool { holidays(in: day.year)[day] != nil }

    /// Every day of `year` the rules name, office-closing days and believers' days, in date order.
    public func observed(in year: Int) -> [Observed] {
        let key = YearKey(calendar: self, year: year)
        if let known = Self.computed.withLock({ $0[key] }) { return known }
        let days = compute(year)
        Self.computed.withLock { cache in
            if cache.count > 1000 { cache.removeAll() }  // settings change rarely; keep the cache small
            cache[key] = days
        }
        return days
    }

    struct YearKey: Hashable { let calendar: HolidayCalendar; let year: Int }
    static let computed = Mutex<[YearKey: [Observed]]>([:])

    func compute(_ year: Int) -> [Observed] {
        var out: [Observed] = []
        for rule in rules {
            let run = days(of: rule.when, rule.key, in: year)
            guard !run.isEmpty else { continue }
            var all = run.map { Observed(day: $0, key: rule.key, observance: rule.observance, source: rule.source) }
            if rule.observance == .officeClosed, let moved = Self.moved(run, rule.sunday) {
                all.append(Observed(day: moved, key: rule.key, observance: .officeClosed, source: rule.source))
            }
            out += all
        }
        for (day, name) in extraDays where day.year == year {
            out.append(Observed(day: day, key: name, observance: .officeClosed, source: "municipality"))
        }
        return out.sorted { ($0.day, $0.observance.rawValue) < ($1.day, $1.observance.rawValue) }
    }

    /// The day a Sunday moves the holiday to, if any.
    static func moved(_ run: [Day], _ rule: HolidayRule.SundayRule) -> Day? {
        guard let last = run.last else { return nil }
        switch rule {
        case .stays:
            return nil
        case .secondDayToMonday:
            return run.count == 2 && last.weekday == 1 ? last.adding(days: 1) : nil
        case .dayAfterIsOff:
            return run.contains { $0.weekday == 1 } ? last.adding(days: 1) : nil
        }
    }

    func days(of when: HolidayRule.When, _ key: String, in year: Int) -> [Day] {
        switch when {
        case .fixed(let month, let day, let length):
            return (0..<length).map { Day(year, month, day).adding(days: $0) }
        case .catholicEaster(let offset, let length):
            return (0..<length).map { Self.catholicEaster(year).adding(days: offset + $0) }
        case .orthodoxEaster(let offset, let length):
            return (0..<length).map { Self.orthodoxEaster(year).adding(days: offset + $0) }
        case .islamic(let month, let day):
            return bajramOverrides[key]?[year].map { [$0] }
                ?? Self.islamic(month: month, day: day, inGregorianYear: year)
        case .once(let day):
            return day.year == year ? [day] : []
        }
    }

    /// Gregorian Easter (Meeus/Jones/Butcher).
    public static func catholicEaster(_ year: Int) -> Day {
        let a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4
        let f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1
        return Day(year, month, day)
    }

    /// Orthodox Easter: Meeus' Julian algorithm, then 13 days to the Gregorian calendar (valid 1900–2099).
    public static func orthodoxEaster(_ year: Int) -> Day {
        let a = year % 4, b = year % 7, c = year % 19
        let d = (19 * c + 15) % 30, e = (2 * a + 4 * b - d + 34) % 7
        let month = (d + e + 114) / 31, day = (d + e + 114) % 31 + 1
        return Day(year, month, day).adding(days: 13)
    }

    /// The Gregorian days in `year` on which the given Islamic month/day falls.
    static func islamic(month: Int, day: Int, inGregorianYear year: Int) -> [Day] {
        var hijri = Calendar(identifier: .islamicUmmAlQura)
        hijri.timeZone = TimeZone(identifier: "UTC")!
        let firstYear = hijri.component(.year, from: Day(year, 1, 1).date)
        return (firstYear...firstYear + 1).compactMap { hijriYear in
            hijri.date(from: DateComponents(year: hijriYear, month: month, day: day)).map { Day($0) }
        }.filter { $0.year == year }
    }
}
