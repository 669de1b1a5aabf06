import Foundation
import Inquiries
import Platform
import Testing

@Suite struct HolidayCalendarTests {
    @Test(arguments: [
        (2019, Day(2019, 4, 21)), (2024, Day(2024, 3, 31)), (2025, Day(2025, 4, 20)), (2026, Day(2026, 4, 5)),
        (2027, Day(2027, 3, 28)), (2028, Day(2028, 4, 16)),
    ])
    func catholicEaster(_ year: Int, _ expected: Day) {
        #expect(HolidayCalendar.catholicEaster(year) == expected)
    }

    @Test(arguments: [
        (2019, Day(2019, 4, 28)), (2024, Day(2024, 5, 5)), (2025, Day(2025, 4, 20)), (2026, Day(2026, 4, 12)),
        (2027, Day(2027, 5, 2)), (2028, Day(2028, 4, 16)),
    ])
    func orthodoxEaster(_ year: Int, _ expected: Day) {
        #expect(HolidayCalendar.orthodoxEaster(year) == expected)
    }

    /// Dates announced by the Islamic Community in BiH for these years: days off for believers.
    @Test(arguments: [
        (2019, Day(2019, 6, 4), Day(2019, 8, 11)), (2024, Day(2024, 4, 10), Day(2024, 6, 16)),
        (2025, Day(2025, 3, 30), Day(2025, 6, 6)), (2026, Day(2026, 3, 20), Day(2026, 5, 27)),
    ])
    func bajrams(_ year: Int, _ ramazanski: Day, _ kurban: Day) {
        let observed = HolidayCalendar(entity: .fbih).observed(in: year)
        #expect(
            observed.contains {
                $0.day == ramazanski && $0.key == "holiday_ramazanski_bajram" && $0.observance == .believers
            })
        #expect(
            observed.contains { $0.day == kurban && $0.key == "holiday_kurban_bajram" && $0.observance == .believers })
    }

    @Test func announcedDateReplacesTheComputedOne() {
        let calendar = HolidayCalendar(
            entity: .fbih, bajramOverrides: ["holiday_ramazanski_bajram": [2026: Day(2026, 3, 21)]])
        let bajram = calendar.observed(in: 2026).filter { $0.key == "holiday_ramazanski_bajram" }.map(\.day)
        #expect(bajram == [Day(2026, 3, 21)])
    }

    /// RS: religious holidays are days off for believers only (Zakon o praznicima RS, čl. 7); the office is open.
    @Test func religiousHolidaysLeaveTheOfficeOpen() {
        let rs = HolidayCalendar(entity: .rs), fbih = HolidayCalendar(entity: .fbih)
        for day in [Day(2026, 1, 7), Day(2026, 4, 10), Day(2026, 4, 13), Day(2026, 3, 20), Day(2026, 12, 25)] {
            #expect(!rs.isHoliday(day) && !fbih.isHoliday(day), "\(day)")
            #expect(
                rs.observed(in: 2026).contains { $0.day == day && $0.observance == .believers },
                "\(day) listed for believers")
        }
        let withDayOff = HolidayCalendar(entity: .fbih, extraDays: [Day(2026, 12, 31): "Dan općine"])
        #expect(withDayOff.isHoliday(Day(2026, 12, 31)))
    }

    /// A year without the government's Good Friday decision: the municipality marks the day as worked.
    @Test func aRuledDayOffCanBeWorkedAfterAll() {
        let ljubuski = HolidayCalendar(
            entity: .fbih, canton: .westHerzegovina, workingDays: [Day(2027, 3, 26): "Vlada nije donijela odluku"])
        #expect(!ljubuski.isHoliday(Day(2027, 3, 26)) && ljubuski.isHoliday(Day(2027, 3, 29)))
        let clock = AnswerClock(mode: .workingDays, holidays: ljubuski)
        #expect(
            clock.deadline(from: AnswerClockTests.at("2027-03-26 16:00"), hours: 48)
                == AnswerClockTests.at("2027-03-31 16:00"))
    }

    @Test func aCantonOutsideFBiHIsIgnored() {
        #expect(HolidayCalendar(entity: .rs, canton: .westHerzegovina).canton == nil)
    }

    // MARK: The published lists, day by day

    static func days(_ list: String) -> Set<Day> { Set(list.split(separator: " ").map { Day(text: String($0))! }) }

    /// FBiH 2026 as the ministry published it (1–2 Jan, 1 Mar with Monday 2 Mar by the government's
    /// decision, 1–2 May, 25 Nov); 2027 and 2028 by the same law: 2 May 2027 and 2 Jan 2028 fall on
    /// a Sunday, so the day after is off; 1 March and 25 November are never moved.
    static let fbih = days(
        """
        2026-01-01 2026-01-02 2026-03-01 2026-03-02 2026-05-01 2026-05-02 2026-11-25 \
        2027-01-01 2027-01-02 2027-03-01 2027-05-01 2027-05-02 2027-05-03 2027-11-25 \
        2028-01-01 2028-01-02 2028-01-03 2028-03-01 2028-05-01 2028-05-02 2028-11-25
        """)
    /// Županija Zapadnohercegovačka (Narodne novine ŽZH 9/04): its own list, no Sunday moves, only 1 May,
    /// Good Friday by the government's decision.
    static let westHerzegovina = days(
        """
        2026-01-01 2026-01-06 2026-04-03 2026-04-06 2026-05-01 2026-05-30 2026-06-04 2026-08-15 2026-11-01 2026-11-02 2026-11-18 2026-12-25 2026-12-26 \
        2027-01-01 2027-01-06 2027-03-26 2027-03-29 2027-05-01 2027-05-30 2027-05-27 2027-08-15 2027-11-01 2027-11-02 2027-11-18 2027-12-25 2027-12-26 \
        2028-01-01 2028-01-06 2028-04-14 2028-04-17 2028-05-01 2028-05-30 2028-06-15 2028-08-15 2028-11-01 2028-11-02 \
        2028-11-18 2028-12-25 2028-12-26
        """)
    /// RS (Sl. glasnik RS 43/07, čl. 4): the second day on a Sunday moves to Monday (3 May 2027, 3 Jan 2028).
    static let rs = days(
        """
        2026-01-01 2026-01-02 2026-01-09 2026-05-01 2026-05-02 2026-05-09 2026-11-21 \
        2027-01-01 2027-01-02 2027-01-09 2027-05-01 2027-05-02 2027-05-03 2027-05-09 2027-11-21 \
        2028-01-01 2028-01-02 2028-01-03 2028-01-09 2028-05-01 2028-05-02 2028-05-09 2028-11-21
        """)
    /// Brčko District (Sl. glasnik BD 19/02, 19/22, čl. 5): any holiday on a Sunday makes the next day off.
    static let brcko = days(
        """
        2026-01-01 2026-01-02 2026-03-08 2026-03-09 2026-05-01 2026-05-02 \
        2027-01-01 2027-01-02 2027-03-08 2027-05-01 2027-05-02 2027-05-03 \
        2028-01-01 2028-01-02 2028-01-03 2028-03-08 2028-05-01 2028-05-02
        """)

    @Test(arguments: [
        ("Jajce", HolidayCalendar(entity: .fbih, canton: .centralBosnia), fbih),
        ("Ključ", HolidayCalendar(entity: .fbih, canton: .unaSana), fbih),
        ("Kakanj", HolidayCalendar(entity: .fbih, canton: .zenicaDoboj), fbih),
        ("Ljubuški", HolidayCalendar(entity: .fbih, canton: .westHerzegovina), westHerzegovina),
        ("RS", HolidayCalendar(entity: .rs), rs),
        ("Brčko", HolidayCalendar(entity: .brcko), brcko),
    ])
    func everyDayOf2026To2028(_ place: String, _ calendar: HolidayCalendar, _ closed: Set<Day>) {
        var day = Day(2026, 1, 1)
        while day.year <= 2028 {
            #expect(calendar.isHoliday(day) == closed.contains(day), "\(place) \(day)")
            day = day.adding(days: 1)
        }
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

    static func clock(_ canton: Canton?, entity: Entity = .fbih) -> AnswerClock {
        AnswerClock(mode: .workingDays, holidays: HolidayCalendar(entity: entity, canton: canton))
    }
    let kakanj = clock(.zenicaDoboj), ljubuski = clock(.westHerzegovina)

    /// The example: asked on Wednesday 2 December, due on Friday 4 December (not Wednesday 9th).
    @Test func fortyEightHoursAreTwoWorkingDays() {
        #expect(kakanj.deadline(from: Self.at("2026-12-02 10:00"), hours: 48) == Self.at("2026-12-04 10:00"))
        // Friday afternoon: the weekend does not count.
        #expect(kakanj.deadline(from: Self.at("2026-11-20 14:00"), hours: 48) == Self.at("2026-11-24 14:00"))
        // Asked on a Saturday: the clock starts on Monday at midnight.
        #expect(kakanj.deadline(from: Self.at("2026-11-21 09:00"), hours: 48) == Self.at("2026-11-25 00:00"))
    }

    @Test func calendarHoursAreExactSecondsEvenAcrossDaylightSaving() {
        let clock = AnswerClock(mode: .calendarHours, holidays: HolidayCalendar(entity: .fbih))
        let start = Self.at("2027-03-26 16:00")  // the clocks go forward on Sunday 28 March
        #expect(clock.deadline(from: start, hours: 48) == start.addingTimeInterval(48 * 3600))
        #expect(clock.deadline(from: start, hours: 48) == Self.at("2027-03-28 17:00"))
    }

    /// Friday 2027-03-26 16:00: Catholic Good Friday, then Easter Sunday with the switch to summer time.
    @Test func goodFridayEasterAndTheSwitchToSummerTime() {
        // Ljubuški: Good Friday and Easter Monday are off; the clock runs from Tuesday.
        #expect(ljubuski.deadline(from: Self.at("2027-03-26 16:00"), hours: 48) == Self.at("2027-04-01 00:00"))
        // Kakanj: 8 h on Friday, all of Monday, 16 h on Tuesday.
        #expect(kakanj.deadline(from: Self.at("2027-03-26 16:00"), hours: 48) == Self.at("2027-03-30 16:00"))
    }

    @Test func aQuestionBeforeACantonalHoliday() {
        // 18 November is the canton's day in Ljubuški only.
        #expect(ljubuski.deadline(from: Self.at("2026-11-17 10:00"), hours: 48) == Self.at("2026-11-20 10:00"))
        #expect(kakanj.deadline(from: Self.at("2026-11-17 10:00"), hours: 48) == Self.at("2026-11-19 10:00"))
        // All Saints falls on a Sunday in 2026 and is not moved; All Souls on Monday is off in Ljubuški.
        #expect(ljubuski.deadline(from: Self.at("2026-10-30 12:00"), hours: 48) == Self.at("2026-11-04 12:00"))
        #expect(kakanj.deadline(from: Self.at("2026-10-30 12:00"), hours: 48) == Self.at("2026-11-03 12:00"))
    }

    @Test func acrossTheYearEndHolidays() {
        // Christmas is off in Ljubuški; in Kakanj it is a day off for believers only.
        #expect(ljubuski.deadline(from: Self.at("2026-12-24 12:00"), hours: 48) == Self.at("2026-12-29 12:00"))
        #expect(kakanj.deadline(from: Self.at("2026-12-24 12:00"), hours: 48) == Self.at("2026-12-28 12:00"))
        #expect(kakanj.deadline(from: Self.at("2026-12-30 12:00"), hours: 48) == Self.at("2027-01-04 12:00"))
        // 2 January 2028 is a Sunday: Monday the 3rd is off in FBiH, RS and Brčko alike.
        for clock in [kakanj, Self.clock(nil, entity: .rs), Self.clock(nil, entity: .brcko)] {
            #expect(clock.deadline(from: Self.at("2027-12-31 12:00"), hours: 48) == Self.at("2028-01-05 12:00"))
        }
    }

    @Test func pausesWhileWaitingOnTheAskerDoNotCount() {
        let start = Self.at("2026-11-18 08:00")
        let pause = Pause(from: Self.at("2026-11-18 12:00"), to: Self.at("2026-11-19 12:00"))
        #expect(kakanj.deadline(from: start, hours: 8, pauses: [pause]) == Self.at("2026-11-19 16:00"))
        #expect(kakanj.counted(from: start, to: Self.at("2026-11-19 16:00"), pauses: [pause]) == 8 * 3600)
    }
}
