import Foundation
import Platform

/// The rules for what a registrar enters. Pure: no I/O.
public enum RegistryRules {
    /// Checks every field of `book`; returns the cleaned fields and the warnings the registrar must
    /// confirm before the entry is saved. A JMBG is optional with a stated reason; when given its
    /// length, date and control digit are strict, while a birth date, sex or register region that
    /// disagrees with it is a warning: old and foreign-issued numbers do disagree (jmbg.md).
    public static func check(_ book: RegistryBook, _ input: [String: String], today: Day) throws -> (
        fields: [String: String], warnings: [String]
    ) {
        var fields: [String: String] = [:]
        var warnings: [String] = []
        // Every field is checked, so the registrar sees at once all that is wrong with the entry.
        var form = FormInput(input)
        for field in book.fields {
            let value = form.trimmed(field.name)
            if value.isEmpty {
                _ = try form.check { if field.required { throw AppError.invalid(field.name, "required") } }
                continue
            }
            fields[field.name] = try form.check { try normalized(value, field, today: today) }
        }
        for field in book.fields
        where field.kind == .jmbg && form.trimmed(field.name).isEmpty && form.trimmed("\(field.name)_missing").isEmpty {
            _ = try form.check { throw AppError.invalid(field.name, "jmbg_or_reason") }
        }
        try form.finish()
        for field in book.fields where field.kind == .jmbg && fields[field.name] != nil {
            fields["\(field.name)_missing"] = nil
        }
        for (jmbgField, dateField) in book.birthDates {
            guard let text = fields[jmbgField] else { continue }
            let jmbg = try JMBG(text, today: today.components)
            let birth = jmbg.birthDate
            if let date = fields[dateField], Day(text: date) != Day(birth.year!, birth.month!, birth.day!) {
                warnings.append("registry_warning_jmbg_birth_date")
            }
            if !jmbg.knownRegion { warnings.append("registry_warning_jmbg_region") }
            if jmbgField == "jmbg", let sex = fields["sex"], sex != jmbg.sex.rawValue {
                warnings.append("registry_warning_jmbg_sex")
            }
        }
        return (fields, warnings.reduce(into: []) { if !$0.contains($1) { $0.append($1) } })
    }

    static func normalized(_ value: String, _ field: RegistryField, today: Day) throws -> String {
        switch field.kind {
        case .text:
            guard value.count <= 200 else { throw AppError.invalid(field.name, "too_long", ["max": "200"]) }
            return value
        case .date:
            guard let day = Day(text: value) else { throw AppError.invalid(field.name, "invalid_date") }
            guard day <= today else { throw AppError.invalid(field.name, "date_in_future") }
            return day.description
        case .time:
            let parts = value.split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2, (0...23).contains(parts[0]), (0...59).contains(parts[1]) else {
                throw AppError.invalid(field.name, "invalid_time")
            }
            return String(format: "%02d:%02d", parts[0], parts[1])
        case .jmbg:
            do {
                return try JMBG(value, today: today.components).digits
            } catch {
                throw AppError.invalid(field.name, error.rawValue)
            }
        case .sex:
            guard value == "male" || value == "female" else { throw AppError.invalid(field.name, "invalid_choice") }
            return value
        case .absence:
            guard JMBGAbsence(rawValue: value) != nil else { throw AppError.invalid(field.name, "invalid_choice") }
            return value
        }
    }

    /// Volume, page and number as typed; each a positive whole number.
    public static func reference(volume: String?, page: String?, number: String?) throws -> BookReference {
        BookReference(
            volume: try positive(volume, "volume"), page: try positive(page, "page"),
            number: try positive(number, "number"))
    }

    /// A new entry's full place: its registry area and the book's year (1800 to this year) besides volume, page and
    /// number.
    public static func reference(
        area: String?, year: String?, volume: String?, page: String?, number: String?, today: Day
    ) throws -> BookReference {
        let area = (area ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !area.isEmpty else { throw AppError.invalid("area", "required") }
        guard area.count <= 100 else { throw AppError.invalid("area", "too_long", ["max": "100"]) }
        guard let year = year.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
            (1800...today.year).contains(year)
        else {
            throw AppError.invalid("book_year", "registry_book_year", ["max": String(today.year)])
        }
        let place = try reference(volume: volume, page: page, number: number)
        return BookReference(area: area, year: year, volume: place.volume, page: place.page, number: place.number)
    }

    static func positive(_ raw: String?, _ field: String) throws -> Int {
        guard let value = raw.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), value > 0, value < 100_000
        else {
            throw AppError.invalid(field, "positive_number")
        }
        return value
    }
}
