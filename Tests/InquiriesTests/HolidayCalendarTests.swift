import Foundation
import Inquiries
import Platform
import Testing

@Suite struct HolidayCalendarTests {
    @Test(arguments: [(2019, Day(2019, 4, 21)), (2024, Day(2024, 3, 31)), (2025, Day(2025, 4, 20)), (2026, Day(2026, 4, 5)), (2027, Day(2027, 3, 28))])
    func catholicEaster(_ year: Int, _ expected: Day) {
        #expect(HolidayCalendar.catholicEaster(year) == expected)
    }

    @Test(arguments: [(2019, Day(2019, 4, 28)), (2024, Day(2024, 5, 5)), (2025, Day(2025, 4, 20)), (2026, Day(2026, 4, 12)), (2027, Day(2027, 5, 2))])
    func orthodoxEaster(_ year: Int, _ expected: Day) {
        #expect(HolidayCalendar.orthodoxEaster(year) == expected)
    }

    /// Dates announced by the Islamic Community in BiH for these years.
    @Test(arguments: [(2019, Day(2019, 6, 4), Day(2019, 8, 11)), (2024, Day(2024, 4, 10), Day(2024, 6, 16)),
                      (2025, Day(2025, 3, 30), Day(2025, 6, 6)), (2026, Day(2026, 3, 20), Day(2026, 5, 27))])
    func bajrams(_ year: Int, _ ramazanski: Day, _ kurban: Day) {
        let holidays = HolidayCalendar(entity: .fbih).holidays(in: year)
        #expect(holidays[ramazanski] == "holiday_ramazanski_bajram", "\(year) Ramazanski bajram")
        #expect(holidays[kurban] == "holiday_kurban_bajram", "\(year) Kurban bajram")
    }

    @Test func announcedDateReplacesTheComputedOne() {
        let calendar = HolidayCalendar(entity: .fbih, bajramOverrides: ["holiday_ramazanski_bajram": [2026: Day(2026, 3, 21)]])
        let holidays = calendar.holidays(in: 2026)
        #expect(holidays[Day(2026, 3, 21)] == "holiday_ramazanski_bajram")
        #expect(holidays[Day(2026, 3, 20)] == nil)
    }

    @Test func entitiesKeepTheirOwnDays() {
        let fbih = HolidayCalendar(entity: .fbih), rs = HolidayCalendar(entity: .rs)
        #expect(fbih.isHoliday(Day(2026, 11, 25)) && !rs.isHoliday(Day(2026, 11, 25)))
        #expect(rs.isHoliday(Day(2026, 1, 9)) && !fbih.isHoliday(Day(2026, 1, 9)))
        #expect(rs.isHoliday(Day(2026, 11, 21)) && fbih.isHoliday(Day(2026, 3, 1)))
        #expect(fbih.isHoliday(Day(2026, 4, 6)), "Catholic Easter Monday")
        #expect(fbih.isHoliday(Day(2026, 4, 10)), "Orthodox Good Friday")
        let withDayOff = HolidayCalendar(entity: .fbih, extraDays: [Day(2026, 12, 31): "holiday_municipal"])
        #expect(withDayOff.isHoliday(Day(2026, 12, 31)))
    }
}

@Suite struct AnswerClockTests {
    static let sarajevo = TimeZone(identifier: "Europe/Sarajevo")!

    static func at(_ text: String) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = sarajevo
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!
    }

    let office = AnswerClock(mode: .standardOffice, holidays: HolidayCalendar(entity: .fbih))

    @Test func calendarHoursAreExactSecondsEvenAcrossDaylightSaving() {
        let clock = AnswerClock(mode: .calendarHours, holidays: HolidayCalendar(entity: .fbih))
        let start = Self.at("2026-03-28 10:00")  // the clocks go forward on 29 March
        #expect(clock.deadline(from: start, hours: 48) == start.addingTimeInterval(48 * 3600))
        #expect(clock.deadline(from: start, hours: 48) == Self.at("2026-03-30 11:00"))
    }

    @Test func workingHoursSkipNightsAndWeekends() {
        // Friday 14:00: 2 h on Friday, 8 h each on Mon–Thu makes 34 h, then 14 h more by the following Tuesday 14:00.
        #expect(office.deadline(from: Self.at("2026-11-20 14:00"), hours: 48) == Self.at("2026-12-01 14:00"))
        // Submitted at night: the clock starts when the office opens.
        #expect(office.deadline(from: Self.at("2026-11-18 22:00"), hours: 8) == Self.at("2026-11-19 16:00"))
    }

    @Test func workingHoursAcrossTheDaylightSavingSwitches() {
        // Office hours stay 08:00–16:00 local on both sides of the switch.
        #expect(office.deadline(from: Self.at("2026-03-27 12:00"), hours: 8) == Self.at("2026-03-30 12:00"))
        #expect(office.deadline(from: Self.at("2026-10-23 12:00"), hours: 8) == Self.at("2026-10-26 12:00"))
    }

    @Test func theYearEndHolidayRunIsSkipped() {
        // 24 Dec 2026 (Thursday) 12:00: 4 h, then 25 Dec, the weekend and 1–2 January are holidays or weekends.
        // 28–31 Dec give 32 h (36 in all); 12 h remain: Monday 4 January 16:00 gives 8, Tuesday 12:00 the rest.
        #expect(office.deadline(from: Self.at("2026-12-24 12:00"), hours: 48) == Self.at("2027-01-05 12:00"))
    }

    @Test func pausesWhileWaitingOnTheAskerDoNotCount() {
        let start = Self.at("2026-11-18 08:00")
        let pause = Pause(from: Self.at("2026-11-18 12:00"), to: Self.at("2026-11-19 12:00"))
        #expect(office.deadline(from: start, hours: 8, pauses: [pause]) == Self.at("2026-11-19 16:00"))
        #expect(office.counted(from: start, to: Self.at("2026-11-19 16:00"), pauses: [pause]) == 8 * 3600)
    }
}
