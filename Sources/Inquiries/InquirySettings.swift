import Foundation
import Platform

/// How a municipality runs Servis 48h: which hours count, how long an answer may take, and which
/// department is the diaspora office (told at a breach). Its holidays are those of the
/// municipality's entity and canton (read with the settings, set on the municipality's profile).
public struct InquirySettings: Sendable, Equatable {
    public var entity: Entity
    public var canton: Canton?
    public var mode: ClockMode
    public var answerHours: Int
    public var officeDepartmentID: String?
    /// Announced bajram dates, by holiday key and year.
    public var bajramOverrides: [String: [Int: Day]]
    public var extraDays: [Day: String]
    /// Days the office works although a rule makes them off, with the reason.
    public var workingDays: [Day: String] = [:]

    public static let standard = InquirySettings(
        entity: .fbih, canton: nil, mode: .workingDays, answerHours: 48, officeDepartmentID: nil,
        bajramOverrides: [:], extraDays: [:])

    public var calendar: HolidayCalendar {
        HolidayCalendar(
            entity: entity, canton: canton, bajramOverrides: bajramOverrides, extraDays: extraDays,
            workingDays: workingDays)
    }

    public var clock: AnswerClock { AnswerClock(mode: mode, holidays: calendar) }

    // MARK: Stored form

    /// Overrides as `{"holiday_kurban_bajram": {"2027": "2027-05-16"}}`.
    var overridesJSON: String {
        let plain = bajramOverrides.mapValues { years in
            Dictionary(uniqueKeysWithValues: years.map { (String($0.key), $0.value.description) })
        }
        return Self.encode(plain)
    }

    var extraDaysJSON: String { Self.json(extraDays) }
    var workingDaysJSON: String { Self.json(workingDays) }

    static func json(_ days: [Day: String]) -> String {
        encode(Dictionary(uniqueKeysWithValues: days.map { ($0.key.description, $0.value) }))
    }

    static func overrides(from json: String) -> [String: [Int: Day]] {
        let plain = (try? JSONDecoder().decode([String: [String: String]].self, from: Data(json.utf8))) ?? [:]
        return plain.mapValues { years in
            Dictionary(
                uniqueKeysWithValues: years.compactMap { year, day in
                    Int(year).flatMap { y in Day(text: day).map { (y, $0) } }
                })
        }
    }

    static func extraDays(from json: String) -> [Day: String] {
        let plain = (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
        return Dictionary(uniqueKeysWithValues: plain.compactMap { day, name in Day(text: day).map { ($0, name) } })
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
