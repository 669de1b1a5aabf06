import Foundation
import Platform
import SQLKit

/// Consultations, proposals and surveys in SQL. Every comment, proposal, support and answer is
/// one `participation` in the ledger with its kind and group.
public struct ParticipationStore: Sendable {
    let env: AppEnvironment
    var db: any SQLDatabase { env.database.sql }
    public init(env: AppEnvironment) { self.env = env }

    public struct Item: Sendable {
        public let id: String, title: LocalizedText, text: LocalizedText, eligible: Eligibility, closesAt: Date,
            response: String?, questions: [SurveyQuestion]
    }

    // MARK: Consultations

    public func openConsultation(_ values: [String: String], municipalityID: String, actor: Actor) async throws
        -> String
    {
        let now = env.clock.now()
        var input = FormInput(values)
        let opening = try ParticipationRules.opening(&input, now: now)
        let draft = try input.localized("draft", limit: 50_000)
        try input.finish()
        let (title, eligible, closes) = opening!
        let id = Random.id()
        try await db.raw(
            .insert(
                into: "consultations",
                columns: ["id", "municipality_id", "title", "draft", "eligible", "closes_at", "created_at"],
                rows: [
                    [
                        id, municipalityID, title.json, draft!.json, eligible.rawValue, Timestamp.text(closes),
                        Timestamp.text(now),
                    ]
                ])
        ).run()
        try await env.audit.record(
            actor, "consultation.open", objectType: "consultation", objectID: id, municipalityID: municipalityID,
            detail: title[.bs])
        return id
    }

    public func consultations(_ municipalityID: String) async throws -> [Item] {
        try await db.raw(
            "SELECT * FROM consultations WHERE municipality_id = \(bind: municipalityID) ORDER BY closes_at DESC, id"
        ).rows(ConsultationRow.self).map(\.item)
    }

    public func consultation(_ id: String, municipalityID: String) async throws -> Item? {
        try await db.raw(
            "SELECT * FROM consultations WHERE id = \(bind: id) AND municipality_id = \(bind: municipalityID)"
        ).row(ConsultationRow.self).map(\.item)
    }

    private struct ConsultationRow: Decodable {
        let id: String, eligible: Eligibility, response: String?
        @Translations var title: LocalizedText
        @Translations var draft: LocalizedText
        @Instant var closesAt: Date

        var item: Item {
            Item(
                id: id, title: title, text: draft, eligible: eligible, closesAt: closesAt, response: response,
                questions: [])
        }
    }

    public func comment(
        on c: Item, municipalityID: String, group raw: String?, text rawText: String?, account: Account, actor: Actor
    ) async throws {
        let group = try ParticipationRules.group(
            raw, eligibility: c.eligible, closesAt: c.closesAt, now: env.clock.now())
        let text = try AccountRules.text(rawText, field: "text", limit: 5000)
        try await record("comment", group: group, municipalityID: municipalityID, objectID: c.id, actor: actor) {
            db, id, now in
            try await db.raw(
                .insert(
                    into: "consultation_comments",
                    columns: ["id", "consultation_id", "account_id", "grp", "text", "created_at"],
                    rows: [[id, c.id, account.id, group.rawValue, text, now]])
            ).run()
        }
    }

    private struct CommentRow: Decodable {
        let grp: Group, text: String
        @Instant var createdAt: Date
    }

    public func comments(_ consultationID: String) async throws -> [(group: Group, text: String, at: Date)] {
        try await db.raw(
            """
            SELECT grp, text, created_at FROM consultation_comments WHERE consultation_id = \(bind: consultationID) \
            ORDER BY created_at, id
            """
        ).rows(CommentRow.self).map { ($0.grp, $0.text, $0.createdAt) }
    }

    /// The municipality's answers, published once the consultation has closed.
    public func respond(to c: Item, municipalityID: String, text raw: String?, actor: Actor) async throws {
        guard env.clock.now() >= c.closesAt else { throw AppError(.conflict, code: "consultation_still_open") }
        let text = try AccountRules.text(raw, field: "response", limit: 50_000)
        try await db.raw(
            """
            UPDATE consultations SET response = \(bind: text), responded_at = \(bind: Timestamp.text(env.clock.now())) \
            WHERE id = \(bind: c.id) AND municipality_id = \(bind: municipalityID)
            """
        ).run()
        try await env.audit.record(
            actor, "consultation.respond", objectType: "consultation", objectID: c.id, municipalityID: municipalityID)
    }

    // MARK: Proposals

    public func propose(_ input: [String: String], municipalityID: String, account: Account, actor: Actor) async throws
        -> String
    {
        var form = FormInput(input)
        let group = try form.check {
            try ParticipationRules.group(input["group"], eligibility: .both, closesAt: nil, now: env.clock.now())
        }
        let title = try form.text("title", limit: 200), text = try form.text("text", limit: 5000)
        try form.finish()
        let proposalID = Random.id()
        try await record("proposal", group: group!, municipalityID: municipalityID, objectID: proposalID, actor: actor)
        {
            db, _, now in
            try await db.raw(
                .insert(
                    into: "proposals",
                    columns: [
                        "id", "municipality_id", "account_id", "author_name", "grp", "title", "text", "status",
                        "created_at",
                    ],
                    rows: [
                        [
                            proposalID, municipalityID, account.id, account.displayName, group!.rawValue, title!,
                            text!,
                            ProposalStatus.open.rawValue, now,
                        ]
                    ])
            ).run()
        }
        return proposalID
    }

    public struct Proposal: Sendable, Decodable {
        public let id: String, author: String, group: Group, title: String, text: String, status: ProposalStatus,
            answer: String?
        public var supports: [Group: Int] = [:]
        enum CodingKeys: String, CodingKey {
            case id, title, text, status, answer, author = "authorName", group = "grp"
        }
    }

    private struct SupportTally: Decodable { let proposalID: String, grp: Group, n: Int }

    public func proposals(_ municipalityID: String, id: String? = nil) async throws -> [Proposal] {
        var query = SQLQueryString("SELECT * FROM proposals WHERE municipality_id = \(bind: municipalityID)")
        query.appendFilters([("id =", id)])
        query.appendInterpolation(unsafeRaw: " ORDER BY created_at DESC, id LIMIT 500")
        let rows = try await db.raw(query).rows(Proposal.self)
        var supports: [String: [Group: Int]] = [:]
        for row in try await db.raw(
            """
            SELECT s.proposal_id, s.grp, CAST(COUNT(*) AS BIGINT) AS n FROM proposal_supports s JOIN proposals p ON \
            p.id = s.proposal_id
            WHERE p.municipality_id = \(bind: municipalityID) GROUP BY s.proposal_id, s.grp
            """
        ).rows(SupportTally.self) {
            supports[row.proposalID, default: [:]][row.grp] = row.n
        }
        return rows.map { proposal in
            var proposal = proposal
            proposal.supports = supports[proposal.id] ?? [:]
            return proposal
        }
    }

    /// One support per person; none once the municipality has answered.
    public func support(_ p: Proposal, municipalityID: String, group raw: String?, account: Account, actor: Actor)
        async throws
    {
        guard p.status == .open else { throw AppError(.unprocessableContent, code: "participation_closed") }
        let group = try ParticipationRules.group(raw, eligibility: .both, closesAt: nil, now: env.clock.now())
        try await record("support", group: group, municipalityID: municipalityID, objectID: p.id, actor: actor) {
            db, _, now in
            guard
                try await db.raw(
                    """
                    SELECT proposal_id FROM proposal_supports WHERE proposal_id = \(bind: p.id) AND account_id = \
                    \(bind: account.id)
                    """
                ).first() == nil
            else {
                throw AppError(.conflict, code: "participation_once")
            }
            try await db.raw(
                .insert(
                    into: "proposal_supports", columns: ["proposal_id", "account_id", "grp", "created_at"],
                    rows: [[p.id, account.id, group.rawValue, now]])
            ).run()
        }
    }

    public func answer(_ p: Proposal, municipalityID: String, status: ProposalStatus, text raw: String?, actor: Actor)
        async throws
    {
        guard status != .open else { throw AppError.invalid("status", "invalid_choice") }
        let text = try AccountRules.text(raw, field: "answer", limit: 5000)
        try await db.raw(
            """
            UPDATE proposals SET status = \(bind: status.rawValue), answer = \(bind: text), answered_at = \
            \(bind: Timestamp.text(env.clock.now()))
            WHERE id = \(bind: p.id) AND municipality_id = \(bind: municipalityID)
            """
        ).run()
        try await env.audit.record(
            actor, "proposal.answer", objectType: "proposal", objectID: p.id, municipalityID: municipalityID,
            detail: status.rawValue)
    }

    // MARK: Surveys

    public func openSurvey(_ input: [String: String], municipalityID: String, actor: Actor) async throws -> String {
        var form = FormInput(input)
        let opening = try ParticipationRules.opening(&form, now: env.clock.now())
        let questions = try form.check { try SurveyQuestion.parse(input["questions"]) }
        try form.finish()
        let (title, eligible, closes) = opening!
        let id = Random.id()
        try await db.raw(
            .insert(
                into: "surveys",
                columns: ["id", "municipality_id", "title", "eligible", "closes_at", "questions", "created_at"],
                rows: [
                    [
                        id, municipalityID, title.json, eligible.rawValue, Timestamp.text(closes),
                        String(decoding: try JSONEncoder().encode(questions), as: UTF8.self),
                        Timestamp.text(env.clock.now()),
                    ]
                ])
        ).run()
        try await env.audit.record(
            actor, "survey.open", objectType: "survey", objectID: id, municipalityID: municipalityID, detail: title[.bs]
        )
        return id
    }

    private struct SurveyRow: Decodable {
        let id: String, eligible: Eligibility
        @Translations var title: LocalizedText
        @Instant var closesAt: Date
        @JSONColumn var questions: [SurveyQuestion]

        var item: Item {
            Item(
                id: id, title: title, text: LocalizedText([:]), eligible: eligible, closesAt: closesAt, response: nil,
                questions: questions)
        }
    }

    public func surveys(_ municipalityID: String, id: String? = nil) async throws -> [Item] {
        var query = SQLQueryString("SELECT * FROM surveys WHERE municipality_id = \(bind: municipalityID)")
        query.appendFilters([("id =", id)])
        query.appendInterpolation(unsafeRaw: " ORDER BY closes_at DESC, id")
        return try await db.raw(query).rows(SurveyRow.self).map(\.item)
    }

    /// One answer per person, every question answered, before the survey closes.
    public func answer(_ s: Item, municipalityID: String, form: Form, account: Account, actor: Actor) async throws {
        let group = try ParticipationRules.group(
            form["group"], eligibility: s.eligible, closesAt: s.closesAt, now: env.clock.now())
        var answers: [[String]] = []
        for (index, question) in s.questions.enumerated() {
            guard let answer = try question.answer(form, index: index) else {
                throw AppError.invalid("q\(index)", "required")
            }
            answers.append(answer)
        }
        let json = String(decoding: try JSONEncoder().encode(answers), as: UTF8.self)
        try await record("answer", group: group, municipalityID: municipalityID, objectID: s.id, actor: actor) {
            db, _, now in
            guard
                try await db.raw(
                    """
                    SELECT survey_id FROM survey_answers WHERE survey_id = \(bind: s.id) AND account_id = \
                    \(bind: account.id)
                    """
                ).first() == nil
            else {
                throw AppError(.conflict, code: "participation_once")
            }
            try await db.raw(
                .insert(
                    into: "survey_answers", columns: ["survey_id", "account_id", "grp", "answers", "created_at"],
                    rows: [[s.id, account.id, group.rawValue, json, now]])
            ).run()
        }
    }

    private struct AnswerRow: Decodable {
        let grp: Group
        @JSONColumn var answers: [[String]]
    }

    /// Per question: each choice's count by group, or the texts given.
    public func results(_ s: Item) async throws -> [(
        question: SurveyQuestion, counts: [String: [Group: Int]], texts: [String], takers: [Group: Int]
    )] {
        let rows = try await db.raw("SELECT grp, answers FROM survey_answers WHERE survey_id = \(bind: s.id)")
            .rows(AnswerRow.self).map { ($0.grp, $0.answers) }
        var takers: [Group: Int] = [:]
        for (group, _) in rows { takers[group, default: 0] += 1 }
        return s.questions.enumerated().map { index, question in
            var counts: [String: [Group: Int]] = [:], texts: [String] = []
            for (group, answers) in rows where index < answers.count {
                if question.kind == .text {
                    texts += answers[index]
                } else {
                    for choice in answers[index] { counts[choice, default: [:]][group, default: 0] += 1 }
                }
            }
            return (question, counts, texts, takers)
        }
    }

    // MARK: Inside

    /// The act, its ledger entry and its audit line in one transaction.
    func record(
        _ kind: String, group: Group, municipalityID: String, objectID: String, actor: Actor,
        _ work: @escaping @Sendable (any SQLDatabase, String, String) async throws -> Void
    ) async throws {
        let now = env.clock.now(), id = Random.id()
        try await env.database.transaction { db in
            try await work(db, id, Timestamp.text(now))
            try await Ledger(db).record(
                LedgerEntry(
                    municipalityID: municipalityID, kind: ParticipationRules.participation, occurredAt: now,
                    sourceType: kind,
                    sourceID: "\(objectID):\(id)", attributes: ["kind": kind, "group": group.rawValue],
                    dimension: "\(kind):\(group.rawValue)"))
            try await AuditLog(db, clock: env.clock).record(
                actor, "participation.\(kind)", objectType: kind, objectID: objectID, municipalityID: municipalityID,
                detail: group.rawValue)
        }
    }
}
