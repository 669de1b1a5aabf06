import Foundation
import Platform

/// How the time to answer is counted. "Servis 48h" promises an answer within 48 hours counted on
/// working days: the clock runs all day Monday–Friday and stops on weekends and the days the office
/// is closed by law. Counting every hour is the other choice.
public enum ClockMode: String, Sendable, Equatable, CaseIterable, Decodable {
    case workingDays = "working_days"
    case calendarHours = "calendar"
}

/// A span during which the clock stood still (the inquiry waited on the asker).
public struct Pause: Sendable, Equatable {
    public let from: Date, to: Date
    public init(from: Date, to: Date) { self.from = from; self.to = to }
}

/// When an answer is due. Pure: instants in, instant out. Working days are laid out in the
/// municipality's own zone day by day, so the asker's zone never moves a deadline.
public struct AnswerClock: Sendable {
    public let mode: ClockMode
    public let holidays: HolidayCalendar
    public let timeZone: TimeZone

    public init(
        mode: ClockMode, holidays: HolidayCalendar, timeZone: TimeZone = TimeZone(identifier: "Europe/Sarajevo")!
    ) {
        self.mode = mode; self.holidays = holidays; self.timeZone = timeZone
    }

    /// The instant at which `hours` of counted time have passed since `start`, pauses excluded.
    public func deadline(from start: Date, hours: Int, pauses: [Pause] = []) -> Date {
        deadline(from: start, seconds: Double(hours) * 3600, pauses: pauses)
    }

    /// The instant at which `seconds` of counted time have passed (the 75 % warning uses a part of the budget).
    public func deadline(from start: Date, seconds: TimeInterval, pauses: [Pause] = []) -> Date {
        var remaining = seconds
        var cursor = start
        // Walk counted windows in order; 400 days covers any real budget and guards the loop.
        for window in windows(from: start).prefix(400 * 3) {
            for piece in subtract(pauses, from: window) where piece.to > cursor {
                let begin = max(piece.from, cursor)
                let available = piece.to.timeIntervalSince(begin)
                if available >= remaining { return begin.addingTimeInterval(remaining) }
                remaining -= available
                cursor = piece.to
            }
        }
        return cursor
    }

    /// Counted time between two instants (for "time left" and the 75 % escalation).
    public func counted(from start: Date, to end: Date, pauses: [Pause] = []) -> TimeInterval {
        guard end > start else { return 0 }
        var total: TimeInterval = 0
        for window in windows(from: start) {
            if window.from >= end { break }
            for piece in subtract(pauses, from: window) {
                let begin = max(piece.from, start), finish = min(piece.to, end)
                if finish > begin { total += finish.timeIntervalSince(begin) }
            }
        }
        return total
    }

    /// The counted windows from the day of `start` onwards.
    func windows(from start: Date) -> AnySequence<Pause> {
        switch mode {
        case .calendarHours:
            return AnySequence([Pause(from: start, to: .distantFuture)])
        case .workingDays:
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let first = calendar.startOfDay(for: start)
            // A working day runs midnight to midnight local time (23 or 25 hours on a switch day).
            return AnySequence(
                (0..<(400 * 7)).lazy.compactMap { offset -> Pause? in
                    guard let day = calendar.date(byAdding: .day, value: offset, to: first),
                        let next = calendar.date(byAdding: .day, value: 1, to: day)
                    else { return nil }
                    let weekday = calendar.component(.weekday, from: day)
                    let parts = calendar.dateComponents([.year, .month, .day], from: day)
                    guard (2...6).contains(weekday), !holidays.isHoliday(Day(parts.year!, parts.month!, parts.day!))
                    else { return nil }
                    return Pause(from: day, to: next)
                })
        }
    }

    /// The parts of `window` not covered by any pause.
    func subtract(_ pauses: [Pause], from window: Pause) -> [Pause] {
        var pieces = [window]
        for pause in pauses {
            pieces = pieces.flatMap { piece -> [Pause] in
                guard pause.from < piece.to && pause.to > piece.from else { return [piece] }
                var rest: [Pause] = []
                if pause.from > piece.from { rest.append(Pause(from: piece.from, to: pause.from)) }
                if pause.to < piece.to { rest.append(Pause(from: pause.to, to: piece.to)) }
                return rest
            }
        }
        return pieces
    }
}
