import Foundation

/// Wall-clock times as staff type them (`<input type="datetime-local">`, `2027-05-20T09:30`),
/// read and written in a named zone — the municipality's, Europe/Sarajevo, unless told.
public enum LocalTime {
    public static let sarajevo = "Europe/Sarajevo"

    /// The instant of a local `YYYY-MM-DDTHH:MM` in `zone`, or nil when it is not one.
    public static func parse(_ text: String?, zone: String = sarajevo) -> Date? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), text.count >= 16 else { return nil }
        let parts = text.split(separator: "T")
        guard parts.count == 2, let day = Day(text: String(parts[0])) else { return nil }
        let clock = parts[1].split(separator: ":").compactMap { Int($0) }
        guard clock.count >= 2, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: sarajevo)!
        return calendar.date(
            from: DateComponents(year: day.year, month: day.month, day: day.day, hour: clock[0], minute: clock[1]))
    }

    /// `YYYY-MM-DDTHH:MM` of `date` in `zone`: the value a form shows again.
    public static func text(_ date: Date, zone: String = sarajevo) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: sarajevo)!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }
}
