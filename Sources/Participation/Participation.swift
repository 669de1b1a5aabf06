import Foundation
import Platform

/// Who takes part: a member of the diaspora or a resident of the municipality, as they say.
public enum Group: String, CaseIterable, Sendable, Codable { case diaspora, resident }

/// Who an item is open to.
public enum Eligibility: String, CaseIterable, Sendable, Decodable {
    case diaspora, residents, both
    public func admits(_ group: Group) -> Bool {
        switch self {
        case .both: return true
        case .diaspora: return group == .diaspora
        case .residents: return group == .resident
        }
    }
}

/// The rules every act of taking part follows. Pure.
public enum ParticipationRules {
    public static let participation = LedgerKind("participation", labelKey: "ledger_participation")

    /// The group the person declares, admitted by the item, before its deadline.
    public static func group(_ raw: String?, eligibility: Eligibility, closesAt: Date?, now: Date) throws -> Group {
        if let closesAt, now >= closesAt { throw AppError(.unprocessableContent, code: "participation_closed") }
        guard let group = raw.flatMap(Group.init(rawValue:)) else { throw AppError.invalid("group", "invalid_choice") }
        guard eligibility.admits(group) else { throw AppError.invalid("group", "participation_not_eligible") }
        return group
    }

    /// Title, eligibility and deadline of a consultation or survey the staff opens; nil when one of them is
    /// wrong (its error is kept in `input`, with the item's own fields').
    public static func opening(_ input: inout FormInput, now: Date) throws -> (
        title: LocalizedText, eligible: Eligibility, closesAt: Date
    )? {
        let title = try input.localized("title", limit: 300)
        let eligible = try input.choice("eligible", Eligibility.self)
        let closes = LocalTime.parse(input["closes_at"])
        _ = try input.check {
            guard let closes, closes > now else {
                throw AppError.invalid("closes_at", "participation_deadline_invalid")
            }
        }
        guard let title, let eligible, let closes else { return nil }
        return (title, eligible, closes)
    }
}

/// A survey question: one choice, several choices, or free text.
public struct SurveyQuestion: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable { case single, multiple, text }
    public var kind: Kind, text: String, choices: [String]

    /// One question per line: `single | Question? | choice | choice`, `multiple | …`, `text | Question?`.
    public static func parse(_ raw: String?) throws -> [SurveyQuestion] {
        let lines = (raw ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard !lines.isEmpty, lines.count <= 50 else { throw AppError.invalid("questions", "survey_questions_invalid") }
        return try lines.map { line in
            let parts = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count >= 2, let kind = Kind(rawValue: parts[0].lowercased()), !parts[1].isEmpty,
                parts[1].count <= 500
            else {
                throw AppError.invalid("questions", "survey_questions_invalid")
            }
            let choices = Array(parts.dropFirst(2)).filter { !$0.isEmpty }
            guard kind == .text ? choices.isEmpty : choices.count >= 2 else {
                throw AppError.invalid("questions", "survey_questions_invalid")
            }
            return SurveyQuestion(kind: kind, text: parts[1], choices: choices)
        }
    }

    /// The answer a form gives to question `index`: one choice, several, or a short text; nil when left out.
    func answer(_ form: Form, index: Int) throws -> [String]? {
        let field = "q\(index)"
        switch kind {
        case .single:
            guard let value = form[field], !value.isEmpty else { return nil }
            guard choices.contains(value) else { throw AppError.invalid(field, "invalid_choice") }
            return [value]
        case .multiple:
            let values = form.all(field).filter { !$0.isEmpty }
            guard values.allSatisfy(choices.contains) else { throw AppError.invalid(field, "invalid_choice") }
            return values.isEmpty ? nil : Array(Set(values)).sorted()
        case .text:
            let value = (form[field] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard value.count <= 2000 else { throw AppError.invalid(field, "too_long", ["max": "2000"]) }
            return value.isEmpty ? nil : [value]
        }
    }
}

/// A proposal's answer from the municipality.
public enum ProposalStatus: String, CaseIterable, Sendable, Decodable { case open, accepted, rejected, implemented }
