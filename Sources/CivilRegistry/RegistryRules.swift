import Foundation
import Platform

/// The rules for what a registrar enters. Pure: no I/O.
public enum RegistryRules {
    /// Checks every field of `book`; returns the cleaned fields and warnings for the registrar
    /// (a JMBG whose sex digits disagree with the entry is shown, not silently fixed).
    public static func check(_ book: RegistryBook, _ input: [String: String], today: Day) throws -> (fields: [String: String], warnings: [String]) {
        var fields: [String: String] = [:]
        var warnings: [String] = []
        for field in book.fields {
            let value = (input[field.name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty {
                if field.required { throw AppError.invalid(field.name, "required") }
                continue
            }
            fields[field.name] = try normalized(value, field, today: today)
        }
        for (jmbgField, dateField) in [("jmbg", "birth_date")] {
            guard let text = fields[jmbgField], let date = fields[dateField] else { continue }
            let jmbg = try JMBG(text, today: today.components)
            let birth = jmbg.birthDate
            if Day(text: date) != Day(birth.year!, birth.month!, birth.day!) { throw AppError.invalid(jmbgField, "jmbg_birth_date") }
            if let sex = fields["sex"], sex != jmbg.sex.rawValue { warnings.append("registry_warning_jmbg_sex") }
        }
        return (fields, warnings)
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
            guard parts.count == 2, (0...23).contains(parts[0]), (0...59).contains(parts[1]) else { throw AppError.invalid(field.name, "invalid_time") }
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
        }
    }

    /// Volume, page and number as typed; each a positive whole number.
    public static func reference(volume: String?, page: String?, number: String?) throws -> BookReference {
        func positive(_ raw: String?, _ field: String) throws -> Int {
            guard let value = raw.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), value > 0, value < 100_000 else {
                throw AppError.invalid(field, "positive_number")
            }
            return value
        }
        return BookReference(volume: try positive(volume, "volume"), page: try positive(page, "page"), number: try positive(number, "number"))
    }
}
