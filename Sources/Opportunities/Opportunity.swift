import Foundation
import Platform

/// A project the municipality offers for partnership (PPP) in economy, culture, education, health…
public struct Project: Sendable, Decodable {
    public enum Sector: String, CaseIterable, Sendable, Decodable {
        case economy, culture, education, health, agriculture, tourism, infrastructure
    }
    public enum Model: String, CaseIterable, Sendable, Decodable {
        case ppp, coFinancing = "co_financing", donation, volunteering, knowledgeTransfer = "knowledge_transfer"
    }
    public enum Status: String, CaseIterable, Sendable, Decodable { case open, preparing, running, completed }
    public var id: String, municipalityID: String, sector: Sector
    @Translations public var title: LocalizedText
    @Translations public var description: LocalizedText
    public var location: String, budgetFening: Int?, model: Model, status: Status, contact: String

    public static func check(_ input: [String: String], municipalityID: String) throws -> Project {
        func choice<T: RawRepresentable>(_ field: String) throws -> T where T.RawValue == String {
            guard let value = input[field].flatMap(T.init(rawValue:)) else {
                throw AppError.invalid(field, "invalid_choice")
            }
            return value
        }
        let title = try LocalizedText.read("title", from: input, limit: 300)
        let description = try LocalizedText.read("description", from: input, limit: 10_000)
        return Project(
            id: Random.id(), municipalityID: municipalityID, sector: try choice("sector"), title: title,
            description: description, location: try AccountRules.text(input["location"], field: "location", limit: 200),
            budgetFening: try Money.parseKM(input["budget"], field: "budget"), model: try choice("model"),
            status: try choice("status"),
            contact: try AccountRules.text(input["contact"], field: "contact", limit: 300))
    }
}

/// A member's interest in a project, followed by the office through its stages.
public struct Interest: Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case invest, partner, volunteer, transferKnowledge = "transfer_knowledge"
    }
    public enum Stage: String, CaseIterable, Sendable { case new, contacted, inTalks = "in_talks", agreed, closed }
}

/// Business premises offered to diaspora companies.
public struct Premises: Sendable, Decodable {
    public var name: String, address: String, areaM2: Int, terms: String, availableFrom: Day

    public static func check(_ input: [String: String]) throws -> Premises {
        guard let area = Int(input["area_m2"] ?? ""), (1...1_000_000).contains(area) else {
            throw AppError.invalid("area_m2", "opportunity_number_invalid")
        }
        guard let from = Day(text: input["available_from"] ?? "") else {
            throw AppError.invalid("available_from", "invalid_date")
        }
        return Premises(
            name: try AccountRules.text(input["name"], field: "name", limit: 200),
            address: try AccountRules.text(input["address"], field: "address", limit: 300),
            areaM2: area, terms: try AccountRules.text(input["terms"], field: "terms", limit: 2000), availableFrom: from
        )
    }
}

/// What a knowledge-transfer programme achieved: jobs opened or households with a higher income,
/// each dated and with its evidence.
public struct KnowledgeOutcome: Sendable {
    public enum Kind: String, CaseIterable, Sendable { case jobs, households }
    public var kind: Kind, quantity: Int, happenedOn: Day, evidence: String

    public static let jobs = LedgerKind("kt_jobs", labelKey: "ledger_kt_jobs")
    public static let households = LedgerKind("kt_households", labelKey: "ledger_kt_households")
    public var ledgerKind: LedgerKind { kind == .jobs ? Self.jobs : Self.households }

    public static func check(_ input: [String: String], today: Day) throws -> KnowledgeOutcome {
        guard let kind = input["outcome_kind"].flatMap(Kind.init(rawValue:)) else {
            throw AppError.invalid("outcome_kind", "invalid_choice")
        }
        guard let quantity = Int(input["quantity"] ?? ""), (1...100_000).contains(quantity) else {
            throw AppError.invalid("quantity", "opportunity_number_invalid")
        }
        guard let day = Day(text: input["happened_on"] ?? ""), day <= today else {
            throw AppError.invalid("happened_on", "invalid_date")
        }
        return KnowledgeOutcome(
            kind: kind, quantity: quantity, happenedOn: day,
            evidence: try AccountRules.text(input["evidence"], field: "evidence", limit: 2000))
    }
}
