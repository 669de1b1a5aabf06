import Foundation
import Platform

// The office's opportunities API: bodies (member names are the staff forms' field names, so the same
// rules check both), answers, and operations in the OpenAPI document.

struct ProjectBody: Codable {
    let sector: String?, title: [String: String]?, description: [String: String]?, location: String?
    /// In KM, e.g. "250000" or "250.000,00".
    let budget: String?
    let model: String?, status: String?, contact: String?
    /// PDF documents (plans, studies).
    let documents: [JSONFile]?

    var fields: [String: String] {
        let scalars = (try? FieldsBody.fields(of: self)) ?? [:]
        return scalars.merging(FieldsBody.localized("title", title)) { $1 }
            .merging(FieldsBody.localized("description", description)) { $1 }
    }
}

struct StageBody: Codable { let stage: String?, note: String? }
struct PremisesBody: Codable {
    let name: String?, address: String?, area_m2: Int?, terms: String?, available_from: String?
}
struct NoteBody: Codable { let note: String? }
struct ProgrammeBody: Codable { let programme_name: String?, partner: String?, programme_description: String? }
struct OutcomeBody: Codable {
    let outcome_kind: String?, quantity: Int?, happened_on: String?, evidence: String?
}

struct InterestJSON: Encodable {
    let id: String, name: String, email: String, kind: String, message: String, stage: String, notes: [String]
    init(_ r: OpportunityStore.InterestRow) {
        (id, name, email, kind, message, stage, notes) = (r.id, r.name, r.email, r.kind, r.message, r.stage, r.notes)
    }
}

struct ApplicationJSON: Encodable {
    let id: String, premises_id: String, premises: String, company: String, activity: String, email: String
    let status: String
    init(_ a: OpportunityStore.Application) {
        (id, premises_id, premises, company) = (a.id, a.premisesID, a.premises, a.company)
        (activity, email, status) = (a.activity, a.email, a.status)
    }
}

struct ProgrammeJSON: Encodable {
    let id: String, name: String, partner: String, jobs: Int, households: Int
    init(_ p: OpportunityStore.Programme) {
        (id, name, partner, jobs, households) = (p.id, p.name, p.partner, p.jobs, p.households)
    }
}

extension OpportunitiesStaffAPI {
    static let office = "(officer, department staff, admin)"

    static let operations: [APIOperation] = [
        APIOperation(
            "post", "/api/v1/{slug}/projects", summary: "Offer a project for partnership, with PDF documents \(office)",
            requiresAuth: true,
            requestSchema: .object(
                [
                    "sector": .string(oneOf: Project.Sector.self), "title": .texts(300), "description": .texts(10_000),
                    "location": .string(maxLength: 200), "budget": .string("In KM; empty when not known"),
                    "model": .string(oneOf: Project.Model.self), "status": .string(oneOf: Project.Status.self),
                    "contact": .string(maxLength: 300), "documents": .array(of: JSONFile.schema, maxItems: 5),
                ], required: ["sector", "title", "description", "location", "model", "status", "contact"]),
            responses: [201: "The project", 422: "Invalid field"]),
        APIOperation(
            "get", "/api/v1/{slug}/projects/{id}/interests",
            summary: "Members' interest in a project with its stage and notes \(office)", requiresAuth: true,
            responses: [200: "Interests", 404: "Unknown project"]),
        APIOperation(
            "post", "/api/v1/{slug}/projects/{id}/interests/{interest}",
            summary: "Move an interest to a stage with a note \(office)", requiresAuth: true,
            requestSchema: .object(
                ["stage": .string(oneOf: Interest.Stage.self), "note": .string(maxLength: 2000)], required: ["stage"]),
            responses: [200: "Interests", 404: "Unknown", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/premises", summary: "Offer business premises \(office)", requiresAuth: true,
            requestSchema: .object(
                [
                    "name": .string(maxLength: 200), "address": .string(maxLength: 300),
                    "area_m2": .integer(minimum: 1, maximum: 1_000_000), "terms": .string(maxLength: 2000),
                    "available_from": .string(format: "date"),
                ], required: ["name", "address", "area_m2", "terms", "available_from"]),
            responses: [201: "Offered", 422: "Invalid field"]),
        APIOperation(
            "get", "/api/v1/{slug}/premises/applications", summary: "Applications for premises \(office)",
            requiresAuth: true, responses: [200: "Applications"]),
        APIOperation(
            "post", "/api/v1/{slug}/premises/applications/{id}/approve",
            summary: "Let the premises to the applicant; others waiting are refused; each is mailed \(office)",
            requiresAuth: true, requestSchema: .object(["note": .string(maxLength: 2000)]),
            responses: [200: "The application", 404: "Unknown", 409: "Already decided or let"]),
        APIOperation(
            "post", "/api/v1/{slug}/premises/applications/{id}/reject",
            summary: "Refuse an application; the applicant is mailed \(office)", requiresAuth: true,
            requestSchema: .object(["note": .string(maxLength: 2000)]),
            responses: [200: "The application", 404: "Unknown", 409: "Already decided"]),
        APIOperation(
            "get", "/api/v1/{slug}/knowledge",
            summary: "Knowledge-transfer programmes with jobs and households \(office)",
            requiresAuth: true, responses: [200: "Programmes"]),
        APIOperation(
            "post", "/api/v1/{slug}/knowledge", summary: "Start a knowledge-transfer programme \(office)",
            requiresAuth: true,
            requestSchema: .object(
                [
                    "programme_name": .string(maxLength: 200), "partner": .string(maxLength: 200),
                    "programme_description": .string(maxLength: 2000),
                ], required: ["programme_name"]),
            responses: [201: "Started", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/knowledge/{id}/outcomes",
            summary: "Record jobs opened or households with a higher income, with evidence \(office)",
            requiresAuth: true,
            requestSchema: .object(
                [
                    "outcome_kind": .string(oneOf: KnowledgeOutcome.Kind.self),
                    "quantity": .integer(minimum: 1, maximum: 100_000),
                    "happened_on": .string("Not after today", format: "date"), "evidence": .string(maxLength: 2000),
                ], required: ["outcome_kind", "quantity", "happened_on", "evidence"]),
            responses: [200: "The programme", 404: "Unknown programme", 422: "Invalid field"]),
    ]
}
