import Foundation
import Platform
import Synchronization

/// The entity whose public holidays a municipality keeps (holidays differ between them).
public enum Entity: String, CaseIterable, Sendable {
    case fbih, rs, brcko
}

/// Public holidays of Bosnia and Herzegovina, computed by rule for any year, never typed in.
/// Bajram dates come from the Umm al-Qura calendar unless an admin has entered the date
/// the Islamic Community announced (it can differ by a day).
public struct HolidayCalendar: Sendable, Hashable {
    public let entity: Entity
    /// Announced bajram dates that replace the computed ones, by holiday key and year.
    public var bajramOverrides: [String: [Int: Day]]
    /// One-off days off decided by the municipality.
    public var extraDays: [Day: String]

    public init(entity: Entity, bajramOverrides: [String: [Int: Day]] = [:], extraDays: [Day: String] = [:]) {
        self.entity = entity; self.bajramOverrides = bajramOverrides; self.extraDays = extraDays
    }

    /// Every holiday of `year`, each with the catalog key of its name. Computed once per
    /// calendar and year: the Islamic dates go through ICU, and every deadline asks day by day.
    public func holidays(in year: Int) -> [Day: String] {
        let key = YearKey(calendar: self, year: year)
        if let known = Self.computed.withLock({ $0[key] }) { return known }
        let days = compute(year)
        Self.computed.withLock { cache in
            if cache.count > 1000 { cache.removeAll() }   // settings change rarely; keep the cache small
            cache[key] = days
        }
        return days
    }

    struct YearKey: Hashable { let calendar: HolidayCalendar; let year: Int }
    static let computed = Mutex<[YearKey: [Day: String]]>([:])

    func compute(_ year: Int) -> [Day: String] {
        var days: [Day: String] = [
            Day(year, 1, 1): "holiday_new_year", Day(year, 1, 2): "holiday_new_year",
            Day(year, 5, 1): "holiday_labour_day", Day(year, 5, 2): "holiday_labour_day",
            Day(year, 1, 7): "holiday_orthodox_christmas", Day(year, 12, 25): "holiday_catholic_christmas",
        ]
        switch entity {
        case .fbih:
            days[Day(year, 3, 1)] = "holiday_independence_day"
            days[Day(year, 11, 25)] = "holiday_statehood_day"
        case .rs:
            days[Day(year, 1, 9)] = "holiday_republic_day"
            days[Day(year, 5, 9)] = "holiday_victory_day"
            days[Day(year, 11, 21)] = "holiday_dayton_agreement"
        case .brcko:
            days[Day(year, 3, 8)] = "holiday_brcko_district_day"
        }
        let catholic = Self.catholicEaster(year), orthodox = Self.orthodoxEaster(year)
        days[catholic] = "holiday_catholic_easter"
        days[catholic.adding(days: 1)] = "holiday_catholic_easter_monday"
        days[orthodox.adding(days: -2)] = "holiday_orthodox_good_friday"
        days[orthodox] = "holiday_orthodox_easter"
        days[orthodox.adding(days: 1)] = "holiday_orthodox_easter_monday"
        for (key, month, day) in [("holiday_ramazanski_bajram", 10, 1), ("holiday_kurban_bajram", 12, 10)] {
            let dates = bajramOverrides[key]?[year].map { [$0] } ?? Self.islamic(month: month, day: day, inGregorianYear: year)
            for date in dates { days[date] = key }
        }
        for (day, name) in extraDays where day.year == year { days[day] = name }
        return days
    }

    public func isHoliday(_ day: Day) -> Bool { holidays(in: day.year)[day] != nil }

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
