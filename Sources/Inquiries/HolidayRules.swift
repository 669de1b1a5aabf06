import Foundation
import Platform

/// One holiday as a law or a government decision sets it. Pure data: `HolidayCalendar` lays it out.
public struct HolidayRule: Sendable, Hashable {
    /// When it falls: a run of `length` days from a fixed date, from an Easter, or from an Islamic date.
    public enum When: Sendable, Hashable {
        case fixed(month: Int, day: Int, length: Int)
        case catholicEaster(offset: Int, length: Int)
        case orthodoxEaster(offset: Int, length: Int)
        case islamic(month: Int, day: Int)
        case once(Day)
    }
    /// Whether the office closes, or the day is off only for the believers who keep it.
    public enum Observance: String, Sendable { case officeClosed = "office_closed", believers }
    /// What happens when the holiday falls on a Sunday.
    public enum SundayRule: Sendable { case stays, secondDayToMonday, dayAfterIsOff }

    public let key: String
    public let when: When
    public let observance: Observance
    public let sunday: SundayRule
    /// The law, article and gazette (or the decision) the rule comes from, shown to the admin.
    public let source: String

    init(
        _ key: String, _ when: When, _ observance: Observance = .officeClosed, sunday: SundayRule = .stays,
        source: String
    ) {
        self.key = key; self.when = when; self.observance = observance; self.sunday = sunday; self.source = source
    }

    public static func == (a: HolidayRule, b: HolidayRule) -> Bool {
        a.key == b.key && a.when == b.when && a.source == b.source
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(key); hasher.combine(when) }
}

/// The rules of each level: state, entity and (in FBiH) canton.
public enum HolidayRules {
    /// Bosnia and Herzegovina has no state law on public holidays. State law gives believers the
    /// right to keep their religious holidays (Zakon o slobodi vjere i pravnom položaju crkava i
    /// vjerskih zajednica u BiH, Sl. glasnik BiH 5/04); the entity's law says how (FBiH: Zakon o
    /// radu, Sl. novine FBiH 26/16 — up to four days' absence a year; RS: Zakon o praznicima RS,
    /// Sl. glasnik RS 43/07, čl. 7). The office stays open on them.
    static let state: [HolidayRule] = {
        let basis =
            """
            Zakon o slobodi vjere BiH (Sl. glasnik BiH 5/04); Zakon o radu FBiH (Sl. novine FBiH 26/16); Zakon o \
            praznicima RS čl. 7
            """
        return [
            HolidayRule("holiday_orthodox_christmas", .fixed(month: 1, day: 6, length: 2), .believers, source: basis),
            HolidayRule("holiday_ramazanski_bajram", .islamic(month: 10, day: 1), .believers, source: basis),
            HolidayRule("holiday_catholic_easter", .catholicEaster(offset: -2, length: 4), .believers, source: basis),
            HolidayRule("holiday_orthodox_easter", .orthodoxEaster(offset: -2, length: 4), .believers, source: basis),
            HolidayRule("holiday_kurban_bajram", .islamic(month: 12, day: 10), .believers, source: basis),
            HolidayRule("holiday_catholic_christmas", .fixed(month: 12, day: 24, length: 2), .believers, source: basis),
        ]
    }()

    public static func entity(_ entity: Entity) -> [HolidayRule] {
        switch entity {
        case .fbih: fbih
        case .rs: rs
        case .brcko: brcko
        }
    }

    /// FBiH applies the Zakon o praznicima taken over as law of RBiH (Sl. list RBiH 2/92, 13/94; from
    /// Sl. list SFRJ 6/73): New Year and Labour Day two days each, and when one of them falls on a
    /// Sunday the first day after the two is off (the ministry's notices: 2–3 Jan 2017, 1–3 May 2021).
    /// 1 March and 25 November are kept on the day only, never moved (Sl. list RBiH 9/95; the
    /// ministry's notices for 1 March 2014 and 25 November 2024).
    static let fbih: [HolidayRule] = {
        let holidays = "Zakon o praznicima (Sl. list RBiH 2/92, 13/94)"
        return [
            HolidayRule(
                "holiday_new_year", .fixed(month: 1, day: 1, length: 2), sunday: .dayAfterIsOff, source: holidays),
            HolidayRule(
                "holiday_independence_day", .fixed(month: 3, day: 1, length: 1),
                source: "Zakon o proglašenju 1. marta Danom nezavisnosti (Sl. list RBiH 9/95)"),
            HolidayRule(
                "holiday_labour_day", .fixed(month: 5, day: 1, length: 2), sunday: .dayAfterIsOff, source: holidays),
            HolidayRule(
                "holiday_statehood_day", .fixed(month: 11, day: 25, length: 1),
                source: "Zakon o proglašenju 25. novembra Danom državnosti (Sl. list RBiH 9/95)"),
            // 1 March 2026 fell on a Sunday; the government made Monday a day off.
            HolidayRule(
                "holiday_independence_day", .once(Day(2026, 3, 2)),
                source: "Odluka Vlade FBiH, telefonska sjednica 20. 2. 2026"),
        ]
    }()

    /// Zakon o praznicima Republike Srpske (Sl. glasnik RS 43/07): čl. 3 the days, čl. 4 the second day
    /// of a two-day holiday falling on a Sunday moves to Monday, čl. 5 the offices do not work;
    /// religious holidays (čl. 7) are days off for believers only.
    static let rs: [HolidayRule] = {
        let law = "Zakon o praznicima RS (Sl. glasnik RS 43/07), čl. 3–5"
        return [
            HolidayRule(
                "holiday_new_year", .fixed(month: 1, day: 1, length: 2), sunday: .secondDayToMonday, source: law),
            HolidayRule("holiday_republic_day", .fixed(month: 1, day: 9, length: 1), source: law),
            HolidayRule(
                "holiday_labour_day", .fixed(month: 5, day: 1, length: 2), sunday: .secondDayToMonday, source: law),
            HolidayRule("holiday_victory_day", .fixed(month: 5, day: 9, length: 1), source: law),
            HolidayRule("holiday_dayton_agreement", .fixed(month: 11, day: 21, length: 1), source: law),
        ]
    }()

    /// Zakon o praznicima Brčko distrikta BiH (Sl. glasnik BD 19/02, 19/22): čl. 3 the days, čl. 5 a
    /// holiday falling on a Sunday makes the first working day after it a day off.
    static let brcko: [HolidayRule] = {
        let law = "Zakon o praznicima Brčko distrikta (Sl. glasnik BD 19/02, 19/22), čl. 3 i 5"
        return [
            HolidayRule("holiday_new_year", .fixed(month: 1, day: 1, length: 2), sunday: .dayAfterIsOff, source: law),
            HolidayRule(
                "holiday_brcko_district_day", .fixed(month: 3, day: 8, length: 1), sunday: .dayAfterIsOff, source: law),
            HolidayRule("holiday_labour_day", .fixed(month: 5, day: 1, length: 2), sunday: .dayAfterIsOff, source: law),
        ]
    }()

    /// A canton's own days, and whether its law takes the place of the entity's list for its offices.
    public static func canton(_ canton: Canton) -> (rules: [HolidayRule], replacesEntity: Bool) {
        switch canton {
        case .westHerzegovina: (westHerzegovina, true)
        default: ([], false)
        }
    }

    /// Zakon o blagdanima i neradnim danima u Županiji Zapadnohercegovačkoj (Narodne novine ŽZH 9/04):
    /// čl. 2 the days (only 1 May, not 2 May; 1–2 November; 18 November), čl. 4 nobody works, čl. 6 a
    /// day on a Sunday is not moved. Its offices keep this list, not FBiH's (25 November and 2 May are
    /// working days there unless the government decides otherwise). The cantonal government declares
    /// Catholic Good Friday a day off (Odluka Vlade ŽZH of 7 April 2023 and since).
    static let westHerzegovina: [HolidayRule] = {
        let law = "Zakon o blagdanima i neradnim danima u ŽZH (Narodne novine ŽZH 9/04), čl. 2 i 6"
        return [
            HolidayRule("holiday_new_year", .fixed(month: 1, day: 1, length: 1), source: law),
            HolidayRule("holiday_epiphany", .fixed(month: 1, day: 6, length: 1), source: law),
            HolidayRule(
                "holiday_catholic_good_friday", .catholicEaster(offset: -2, length: 1),
                source: "Odluka Vlade ŽZH (Veliki petak)"),
            HolidayRule("holiday_catholic_easter_monday", .catholicEaster(offset: 1, length: 1), source: law),
            HolidayRule("holiday_labour_day", .fixed(month: 5, day: 1, length: 1), source: law),
            HolidayRule("holiday_croatian_statehood_day", .fixed(month: 5, day: 30, length: 1), source: law),
            HolidayRule("holiday_corpus_christi", .catholicEaster(offset: 60, length: 1), source: law),
            HolidayRule("holiday_assumption", .fixed(month: 8, day: 15, length: 1), source: law),
            HolidayRule("holiday_all_saints", .fixed(month: 11, day: 1, length: 1), source: law),
            HolidayRule("holiday_all_souls", .fixed(month: 11, day: 2, length: 1), source: law),
            HolidayRule("holiday_west_herzegovina_day", .fixed(month: 11, day: 18, length: 1), source: law),
            HolidayRule("holiday_catholic_christmas", .fixed(month: 12, day: 25, length: 1), source: law),
            HolidayRule("holiday_st_stephen", .fixed(month: 12, day: 26, length: 1), source: law),
        ]
    }()
}
