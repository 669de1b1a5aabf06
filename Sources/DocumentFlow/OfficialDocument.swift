import Foundation
import Platform

/// A document entered in the municipality's protocol (urudžbeni zapisnik): incoming, outgoing or
/// internal, numbered `unit-class-sequence/yy` (e.g. `02-13-1234/26`), routed and tracked.
public struct OfficialDocument: Sendable, Decodable {
    public enum Direction: String, Sendable, CaseIterable, Decodable {
        case incoming, outgoing, internalNote = "internal"
    }
    public enum Channel: String, Sendable, CaseIterable, Decodable { case post, email, counter, web }
    public enum Status: String, Sendable, CaseIterable, Decodable {
        case received, inProgress = "in_progress", answered, archived

        /// Archived is final; everything else may move on, or back to work.
        public func canMove(to next: Status) -> Bool { self != .archived && next != self }
    }

    public var id: String
    public var municipalityID: String
    public var number: String
    public var year: Int
    public var sequence: Int
    public var unit: String
    public var classCode: String
    public var direction: Direction
    public var party: String
    public var subject: String
    public var channel: Channel
    public var status: Status
    public var departmentID: String?
    public var assigneeID: String?
    public var dueOn: Day?
    public var caseID: String?
    public var sourceType: String?
    @Instant public var registeredAt: Date
    @OptionalInstant public var archivedAt: Date?
    public var retainUntil: Day?

    /// `02-13-1234/26`: the unit, the class, the year's sequence, the year's last two digits.
    public static func number(unit: String, classCode: String, sequence: Int, year: Int) -> String {
        "\(unit)-\(classCode)-\(sequence)/\(String(format: "%02d", year % 100))"
    }
}

/// A class of the protocol (klasifikacija): its code, its name, how long its documents are kept
/// after archiving (nil: permanently), and which automatically registered source it receives.
public struct DocumentClass: Sendable, Decodable {
    public var municipalityID: String
    public var code: String
    @Translations public var names: LocalizedText
    public var retentionYears: Int?
    public var autoSource: String?

    public static func check(_ input: [String: String], municipalityID: String, sources: [String] = []) throws
        -> DocumentClass
    {
        var form = FormInput(input)
        let code = form.trimmed("class_code")
        _ = try form.check {
            guard code.count >= 1, code.count <= 6, code.allSatisfy(\.isNumber) else {
                throw AppError.invalid("class_code", "protocol_code_invalid")
            }
        }
        let names = try form.localized("class_name", limit: 200)
        let retention = try form.integer("retention_years", in: 1...100, code: "protocol_retention_invalid")
        let source = (input["auto_source"] ?? "").isEmpty ? nil : input["auto_source"]
        _ = try form.check {
            if let source, !sources.contains(source) { throw AppError.invalid("auto_source", "invalid_choice") }
        }
        try form.finish()
        return DocumentClass(
            municipalityID: municipalityID, code: code, names: names!, retentionYears: retention!, autoSource: source)
    }
}

extension OfficialDocument {
    /// What a clerk types when registering a document by hand. Pure.
    public struct Entry: Sendable {
        public var direction: Direction, channel: Channel, party: String, subject: String, classCode: String
        public var departmentID: String?, dueOn: Day?

        public static func check(_ input: [String: String], classes: [DocumentClass], departments: [Department]) throws
            -> Entry
        {
            var v = FormInput(input)
            let direction = try v.choice("direction", Direction.self), channel = try v.choice("channel", Channel.self)
            let party = try v.text("party", limit: 200), subject = try v.text("subject", limit: 500)
            let code = try v.check { () throws -> String in
                guard let code = input["class_code"], classes.contains(where: { $0.code == code }) else {
                    throw AppError.invalid("class_code", "invalid_choice")
                }
                return code
            }
            let department = try v.check { try Self.department(input["department_id"], departments) }
            let due = try v.optionalDay("due_on")
            try v.finish()
            return Entry(
                direction: direction!, channel: channel!, party: party!, subject: subject!, classCode: code!,
                departmentID: department!, dueOn: due!)
        }

        static func department(_ raw: String?, _ departments: [Department]) throws -> String? {
            guard let raw, !raw.isEmpty else { return nil }
            guard departments.contains(where: { $0.id == raw }) else {
                throw AppError.invalid("department_id", "unknown_department")
            }
            return raw
        }

    }

    /// Assigning or handing over: a department (of this municipality), a person of it, a due date.
    public struct Routing: Sendable {
        public var departmentID: String, assigneeID: String?, dueOn: Day?, note: String

        public static func check(_ input: [String: String], departments: [Department], staff: [Account]) throws
            -> Routing
        {
            var form = FormInput(input)
            let department = try form.check {
                guard let department = try Entry.department(input["department_id"], departments) else {
                    throw AppError.invalid("department_id", "unknown_department")
                }
                return department
            }
            let assignee = try form.check { () throws -> String? in
                guard let raw = input["assignee_id"], !raw.isEmpty else { return nil }
                guard staff.contains(where: { $0.id == raw }) else {
                    throw AppError.invalid("assignee_id", "invalid_choice")
                }
                return raw
            }
            let due = try form.optionalDay("due_on")
            try form.finish()
            return Routing(
                departmentID: department!, assigneeID: assignee!, dueOn: due!,
                note: String(form.trimmed("note").prefix(2000)))
        }
    }

    /// When an archived document may be destroyed: the archiving day plus the class's years; nil keeps it for ever.
    public static func retainUntil(archivedOn day: Day, years: Int?) -> Day? {
        years.map { Day(day.year + $0, day.month, min(day.day, day.month == 2 ? 28 : day.day)) }
    }
}
