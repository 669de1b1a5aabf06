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

    /// A project as typed into the staff form, every wrong field reported at once. Pure.
    public static func check(_ values: [String: String], municipalityID: String) throws -> Project {
        var input = FormInput(values)
        let sector = try input.choice("sector", Sector.self)
        let title = try input.localized("title", limit: 300)
        let description = try input.localized("description", limit: 10_000)
        let location = try input.text("location", limit: 200)
        let budget = try input.check { try Money.parseKM(values["budget"], field: "budget") }
        let model = try input.choice("model", Model.self), status = try input.choice("status", Status.self)
        let contact = try input.text("contact", limit: 300)
        try input.finish()
        return Project(
            id: Random.id(), municipalityID: municipalityID, sector: sector!, title: title!,
            description: description!, location: location!, budgetFening: budget!, model: model!, status: status!,
            contact: contact!)
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

    /// Premises as typed into the staff form, every wrong field reported at once. Pure.
    public static func check(_ values: [String: String]) throws -> Premises {
        var input = FormInput(values)
        let name = try input.text("name", limit: 200), address = try input.text("address", limit: 300)
        let area = try input.integer("area_m2", in: 1...1_000_000, required: true, code: "opportunity_number_invalid")
        let terms = try input.text("terms", limit: 2000)
        let from = try input.day("available_from")
        try input.finish()
        return Premises(name: name!, address: address!, areaM2: area!!, terms: terms!, availableFrom: from!)
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

    /// An outcome as typed, every wrong field reported at once; it cannot have happened after today. Pure.
    public static func check(_ values: [String: String], today: Day) throws -> KnowledgeOutcome {
        var input = FormInput(values)
        let kind = try input.choice("outcome_kind", Kind.self)
        let quantity = try input.integer(
            "quantity", in: 1...100_000, required: true, code: "opportunity_number_invalid")
        let day = try input.day("happened_on")
        if let day { _ = try input.check { if day > today { throw AppError.invalid("happened_on", "invalid_date") } } }
        let evidence = try input.text("evidence", limit: 2000)
        try input.finish()
        return KnowledgeOutcome(kind: kind!, quantity: quantity!!, happenedOn: day!, evidence: evidence!)
    }
}
