import Foundation
import Hummingbird
import Platform

/// `/api/v1` for taking part, as the pages: what is open (consultations, proposals, surveys), and a
/// signed-in person's comment, proposal, support and survey answers, each saying whether they live
/// abroad or here.
struct ParticipationAPI: Sendable {
    let env: AppEnvironment
    var store: ParticipationStore { ParticipationStore(env: env) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let api = router.municipalityGroup(env, prefix: "api/v1/")
        api.get("participation") { _, context in
            let municipality = try context.pathMunicipality
            return try Response.json(
                ParticipationJSON(
                    consultations: try await store.consultations(municipality.id).map(ItemJSON.init),
                    proposals: try await store.proposals(municipality.id).map(ProposalJSON.init),
                    surveys: try await store.surveys(municipality.id).map(ItemJSON.init)))
        }
        api.post("proposals") { request, context in
            let (municipality, account) = try await person(context)
            let body = try await JSONBody.decode(ProposalBody.self, request)
            let id = try await store.propose(
                ["group": body.group ?? "", "title": body.title ?? "", "text": body.text ?? ""],
                municipalityID: municipality.id, account: account, actor: context.actor)
            return try Response.json(
                ProposalJSON(try await found(try await store.proposals(municipality.id, id: id).first)),
                status: .created)
        }
        api.post("proposals/:id/support") { request, context in
            let (municipality, account) = try await person(context)
            let body = try await JSONBody.decode(GroupBody.self, request)
            let p = try await found(try await store.proposals(municipality.id, id: context.parameters.get("id")).first)
            try await store.support(
                p, municipalityID: municipality.id, group: body.group, account: account, actor: context.actor)
            return try Response.json(
                ProposalJSON(try await found(try await store.proposals(municipality.id, id: p.id).first)))
        }
        api.post("consultations/:id/comments") { request, context in
            let (municipality, account) = try await person(context)
            let body = try await JSONBody.decode(CommentBody.self, request)
            let c = try await found(
                try await store.consultation(context.parameters.get("id") ?? "", municipalityID: municipality.id))
            try await store.comment(
                on: c, municipalityID: municipality.id, group: body.group, text: body.text, account: account,
                actor: context.actor)
            return Response(status: .created)
        }
        api.post("surveys/:id/answers") { request, context in
            let (municipality, account) = try await person(context)
            let body = try await JSONBody.decode(SurveyAnswerBody.self, request)
            let s = try await found(try await store.surveys(municipality.id, id: context.parameters.get("id")).first)
            // The answers as the survey page's fields: q0, q1, … (several values for a multiple choice).
            var fields: [String: [String]] = ["group": [body.group ?? ""]]
            for (index, values) in (body.answers ?? []).enumerated() { fields["q\(index)"] = values }
            try await store.answer(
                s, municipalityID: municipality.id, form: Form(fields: fields), account: account, actor: context.actor)
            return Response(status: .created)
        }
    }

    func person(_ context: AppRequestContext) async throws -> (Municipality, Account) {
        guard let account = context.verifiedAccount else { throw AppError.unauthorized }
        return (try context.pathMunicipality, account)
    }

    func found<T>(_ value: T?) throws -> T {
        guard let value else { throw AppError.notFound }
        return value
    }
}

struct ProposalBody: Decodable { let group: String?, title: String?, text: String? }
struct GroupBody: Decodable { let group: String? }
struct CommentBody: Decodable { let group: String?, text: String? }
struct SurveyAnswerBody: Decodable {
    let group: String?
    /// One list per question, in the survey's order (one value for a single choice or a text).
    let answers: [[String]]?
}

struct ParticipationJSON: Encodable {
    let consultations: [ItemJSON], proposals: [ProposalJSON], surveys: [ItemJSON]
}

struct ItemJSON: Encodable {
    struct Question: Encodable { let kind: String, text: String, choices: [String] }
    let id: String, title: [String: String], text: [String: String], eligible: String, closes_at: String
    let response: String?, questions: [Question]

    init(_ item: ParticipationStore.Item) {
        id = item.id
        title = item.title.values
        text = item.text.values
        eligible = item.eligible.rawValue
        closes_at = Timestamp.text(item.closesAt)
        response = item.response
        questions = item.questions.map { Question(kind: $0.kind.rawValue, text: $0.text, choices: $0.choices) }
    }
}

struct ProposalJSON: Encodable {
    let id: String, author: String, group: String, title: String, text: String, status: String, answer: String?
    let supports: [String: Int]

    init(_ p: ParticipationStore.Proposal) {
        id = p.id
        author = p.author
        group = p.group.rawValue
        title = p.title
        text = p.text
        status = p.status.rawValue
        answer = p.answer
        supports = Dictionary(uniqueKeysWithValues: p.supports.map { ($0.key.rawValue, $0.value) })
    }
}

extension ParticipationAPI {
    static let group = JSONSchema.string("Where the person lives: abroad (diaspora) or here", oneOf: Group.self)
    static let operations: [APIOperation] = [
        APIOperation(
            "get", "/api/v1/{slug}/participation",
            summary: "Consultations, proposals (with supports by group) and surveys (with their questions)",
            requiresAuth: false, responses: [200: "What one can take part in"]),
        APIOperation(
            "post", "/api/v1/{slug}/proposals", summary: "Make a proposal (signed in)", requiresAuth: true,
            requestSchema: .object(
                ["group": group, "title": .string(maxLength: 200), "text": .string(maxLength: 5000)],
                required: ["group", "title", "text"]),
            responses: [201: "Proposed", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/proposals/{id}/support", summary: "Support a proposal, once (signed in)",
            requiresAuth: true, requestSchema: .object(["group": group], required: ["group"]),
            responses: [200: "Supported", 409: "Already supported", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/consultations/{id}/comments",
            summary: "Comment on an open consultation (signed in; counted by group)", requiresAuth: true,
            requestSchema: .object(["group": group, "text": .string(maxLength: 5000)], required: ["group", "text"]),
            responses: [201: "Commented", 409: "Closed or already commented", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/surveys/{id}/answers",
            summary: "Answer an open survey, once (signed in): one list of values per question, in order",
            requiresAuth: true,
            requestSchema: .object(
                [
                    "group": group,
                    "answers": .array(of: .array(of: .string(maxLength: 2000), maxItems: 50), maxItems: 50),
                ],
                required: ["group", "answers"]),
            responses: [201: "Answered", 409: "Closed or already answered", 422: "Invalid field"]),
    ]
}
