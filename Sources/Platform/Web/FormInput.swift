import Foundation

/// A submission read field by field into typed values: each reader returns nil for a wrong field and
/// keeps its error, so `finish()` reports every wrong field at once. The page (a form) and the API
/// (a JSON body, flattened to the form's names) hand the same fields to the same rules.
///
///     var input = FormInput(form.values)
///     let name = input.text("name", limit: 200)
///     let members = input.integer("members", in: 0...9_999_999)
///     try input.finish()
///     return Association(name: name!, members: members ?? nil)
public struct FormInput {
    public let values: [String: String]
    var validation = Validation()

    public init(_ values: [String: String]) { self.values = values }

    public subscript(name: String) -> String? { values[name] }

    /// The value trimmed, "" when absent.
    public func trimmed(_ name: String) -> String {
        (values[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // The readers take the value before checking it: the check closure may not capture `self`, which
    // it mutates.

    /// Any rule of one's own; its field error is kept like the readers'.
    public mutating func check<T>(_ work: () throws -> T) throws -> T? { try validation.check(work) }

    /// Throws every field error kept, as one `AppError`.
    public func finish() throws { try validation.finish() }

    /// A required text, trimmed, at most `limit` characters.
    public mutating func text(_ name: String, limit: Int) throws -> String? {
        let raw = values[name]
        return try check { try AccountRules.text(raw, field: name, limit: limit) }
    }

    /// A text that may be empty, trimmed, at most `limit` characters.
    public mutating func optionalText(_ name: String, limit: Int) throws -> String? {
        let value = trimmed(name)
        return try check {
            guard value.count <= limit else { throw AppError.invalid(name, "too_long", ["max": String(limit)]) }
            return value
        }
    }

    public mutating func email(_ name: String) throws -> String? {
        let raw = values[name]
        return try check { try AccountRules.email(raw, field: name) }
    }

    /// One of an enum's raw values.
    public mutating func choice<T: RawRepresentable>(_ name: String, _ type: T.Type = T.self) throws -> T?
    where T.RawValue == String {
        let value = values[name].flatMap(T.init(rawValue:))
        return try check {
            guard let value else {
                throw AppError.invalid(name, "invalid_choice")
            }
            return value
        }
    }

    /// A required date (YYYY-MM-DD).
    public mutating func day(_ name: String, code: String = "invalid_date") throws -> Day? {
        let raw = trimmed(name)
        return try check {
            guard let day = Day(text: raw) else { throw AppError.invalid(name, code) }
            return day
        }
    }

    /// A date that may be left empty: `.some(nil)` when empty, nil when wrong.
    public mutating func optionalDay(_ name: String, code: String = "invalid_date") throws -> Day?? {
        let raw = trimmed(name)
        return try check {
            guard !raw.isEmpty else { return nil }
            guard let day = Day(text: raw) else { throw AppError.invalid(name, code) }
            return day
        }
    }

    /// A local time in Sarajevo as a `datetime-local` field sends it (YYYY-MM-DDTHH:MM).
    public mutating func localTime(_ name: String) throws -> Date? {
        let instant = LocalTime.parse(values[name])
        return try check {
            guard let instant else { throw AppError.invalid(name, "datetime_invalid") }
            return instant
        }
    }

    /// A whole number in `range`, or `.some(nil)` when left empty and not required.
    public mutating func integer(
        _ name: String, in range: ClosedRange<Int>, required: Bool = false, code: String = "positive_number"
    ) throws -> Int?? {
        let raw = trimmed(name)
        return try check {
            if raw.isEmpty, !required { return nil }
            guard let number = Int(raw), range.contains(number) else { throw AppError.invalid(name, code) }
            return number
        }
    }

    /// An `https://` (or `http://` when `plain` is allowed) link, or "" when left empty.
    public mutating func link(_ name: String, limit: Int = 300, plain: Bool = true, code: String = "website_invalid")
        throws -> String?
    {
        let value = trimmed(name)
        return try check {
            guard value.isEmpty || value.hasPrefix("https://") || (plain && value.hasPrefix("http://")),
                value.count <= limit
            else { throw AppError.invalid(name, code) }
            return value
        }
    }

    /// A text per language (`prefix_bs`, `prefix_en`, …); see `LocalizedText.read`.
    public mutating func localized(_ prefix: String, limit: Int, required: Bool = true) throws -> LocalizedText? {
        let values = values
        return try check { try LocalizedText.read(prefix, from: values, limit: limit, required: required) }
    }
}
