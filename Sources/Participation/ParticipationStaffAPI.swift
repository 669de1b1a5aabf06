import Foundation
import Hummingbird
import Platform

/// `/api/v1/{slug}/…` for the staff side of taking part, as its page: open a consultation or a survey,
/// publish the answer to a closed consultation, answer a proposal. Officers, department staff, admins.
struct ParticipationStaffAPI: Sendable {
    let env: AppEnvironment
    var store: ParticipationStore { ParticipationStore(env: env) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffAPIGroup(env, roles: ParticipationStaffPages.staff)
        staff.post("consultations") { request, context in
            let body = try await JSONBody.decode(OpeningBody.self, request)
            let municipalityID = try context.staffScope.municipality.id
            let id = try await store.openConsultation(body.fields, municipalityID: municipalityID, actor: context.actor)
            return try Response.json(
                ItemJSON(try found(try await store.consultation(id, municipalityID: municipalityID))), status: .created)
        }
        staff.post("surveys") { request, context in
            let body = try await JSONBody.decode(OpeningBody.self, request)
            let municipalityID = try context.staffScope.municipality.id
            let id = try await store.openSurvey(body.fields, municipalityID: municipalityID, actor: context.actor)
            return try Response.json(
                ItemJSON(try found(try await store.surveys(municipalityID, id: id).first)), status: .created)
        }
        staff.post("consultations/:id/response") { request, context in
            let body = try await JSONBody.decode(ResponseBody.self, request)
            let municipalityID = try context.staffScope.municipality.id
            let id = context.parameters.get("id") ?? ""
            let c = try found(try await store.consultation(id, municipalityID: municipalityID))
            try await store.respond(to: c, municipalityID: municipalityID, text: body.response, actor: context.actor)
            return try Response.json(
                ItemJSON(try found(try await store.consultation(id, municipalityID: municipalityID))))
        }
        staff.post("proposals/:id/answer") { request, context in
            let body = try await JSONBody.decode(AnswerBody.self, request)
            let municipalityID = try context.staffScope.municipality.id
            let p = try found(try await store.proposals(municipalityID, id: context.parameters.get("id")).first)
            guard let status = body.status.flatMap(ProposalStatus.init(rawValue:)) else {
                throw AppError.invalid("status", "invalid_choice")
            }
            try await store.answer(
                p, municipalityID: municipalityID, status: status, text: body.answer, actor: context.actor)
            return try Response.json(ProposalJSON(try found(try await store.proposals(municipalityID, id: p.id).first)))
        }
    }

    func found<T>(_ value: T?) throws -> T {
        guard let value else { throw AppError.notFound }
        return value
    }
}

/// A consultation (with its draft) or a survey (with its questions), as the staff page's forms.
struct OpeningBody: Codable {
    let title: [String: String]?, eligible: String?, closes_at: String?
    let draft: [String: String]?
    let questions: String?

    var fields: [String: String] {
        ((try? FieldsBody.fields(of: self)) ?? [:]).merging(FieldsBody.localized("title", title)) { $1 }
            .merging(FieldsBody.localized("draft", draft)) { $1 }
    }
}

struct ResponseBody: Decodable { let response: String? }
struct AnswerBody: Decodable { let status: String?, answer: String? }

extension ParticipationStaffAPI {
    static let staff = "(officer, department staff, admin)"
    static let localTime = "Local time in Sarajevo, YYYY-MM-DDTHH:MM, in the future"
    static let operations: [APIOperation] = [
        APIOperation(
            "post", "/api/v1/{slug}/consultations", summary: "Open a public consultation on a draft \(staff)",
            requiresAuth: true,
            requestSchema: .object(
                [
                    "title": .texts(300), "eligible": .string(oneOf: Eligibility.self),
                    "closes_at": .string(localTime), "draft": .texts(50_000),
                ], required: ["title", "eligible", "closes_at", "draft"]),
            responses: [201: "Opened", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/surveys", summary: "Open a survey \(staff)", requiresAuth: true,
            requestSchema: .object(
                [
                    "title": .texts(300), "eligible": .string(oneOf: Eligibility.self),
                    "closes_at": .string(localTime),
                    "questions": .string(
                        "One question per line: `single | Question? | choice | choice`, `multiple | …`, "
                            + "`text | Question?`"
                    ),
                ], required: ["title", "eligible", "closes_at", "questions"]),
            responses: [201: "Opened", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/consultations/{id}/response",
            summary: "Publish the municipality's answer to a closed consultation \(staff)", requiresAuth: true,
            requestSchema: .object(["response": .string(maxLength: 50_000)], required: ["response"]),
            responses: [200: "The consultation", 404: "Unknown", 409: "Still open", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/proposals/{id}/answer", summary: "Answer a proposal and set its status \(staff)",
            requiresAuth: true,
            requestSchema: .object(
                ["status": .string(oneOf: ProposalStatus.self), "answer": .string(maxLength: 5000)],
                required: ["status", "answer"]),
            responses: [200: "The proposal", 404: "Unknown", 422: "Invalid field"]),
    ]
}
