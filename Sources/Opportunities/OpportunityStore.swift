import Foundation
import Platform
import SQLKit

/// Projects, interests and their pipeline, premises and applications, knowledge-transfer outcomes.
public struct OpportunityStore: Sendable {
    let env: AppEnvironment
    var db: any SQLDatabase { env.database.sql }
    public init(env: AppEnvironment) { self.env = env }

    public static let interest = LedgerKind("project_interest", labelKey: "ledger_project_interest")
    public static let premisesLet = LedgerKind("premises_let", labelKey: "ledger_premises_let")

    // MARK: Projects

    /// A project as the office types it, with its PDF documents; every wrong field is reported at once.
    public func create(
        _ values: [String: String], documents: [(filename: String, data: Data)], municipalityID: String, actor: Actor
    ) async throws -> Project {
        var input = FormInput(values)
        let project = try input.check { try Project.check(values, municipalityID: municipalityID) }
        let files = try input.check {
            let files = try AttachmentKind.check(documents, field: "documents")
            guard files.allSatisfy({ $0.kind == .pdf }) else { throw AppError.invalid("documents", "project_pdf_only") }
            return files
        }
        try input.finish()
        try await insert(project!, documents: files!, actor: actor)
        return project!
    }

    public func insert(_ p: Project, documents: [CheckedAttachment], actor: Actor) async throws {
        try await env.database.transaction { db in
            try await db.raw(
                .insert(
                    into: "projects",
                    columns: [
                        "id", "municipality_id", "sector", "title", "description", "location", "budget_fening", "model",
                        "status", "contact", "created_at",
                    ],
                    rows: [
                        [
                            p.id, p.municipalityID, p.sector.rawValue, p.title.json, p.description.json, p.location,
                            p.budgetFening, p.model.rawValue,
                            p.status.rawValue, p.contact, Timestamp.text(env.clock.now()),
                        ]
                    ])
            ).run()
            for file in documents {
                try await db.raw(
                    .insert(
                        into: "project_documents",
                        columns: ["id", "project_id", "filename", "content_type", "content"],
                        rows: [[Random.id(), p.id, file.filename, file.kind.contentType, file.data]])
                ).run()
            }
            try await AuditLog(db, clock: env.clock).record(
                actor, "project.create", objectType: "project", objectID: p.id, municipalityID: p.municipalityID,
                detail: p.title[.bs])
        }
    }

    public func projects(_ municipalityID: String) async throws -> [Project] {
        try await db.raw(
            "SELECT * FROM projects WHERE municipality_id = \(bind: municipalityID) ORDER BY created_at DESC, id"
        ).rows(Project.self)
    }

    public func project(_ id: String, municipalityID: String) async throws -> Project? {
        try await db.raw("SELECT * FROM projects WHERE id = \(bind: id) AND municipality_id = \(bind: municipalityID)")
            .row(Project.self)
    }

    public struct DocumentInfo: Sendable, Decodable { public let id: String, filename: String }

    public func documents(_ projectID: String) async throws -> [DocumentInfo] {
        try await db.raw(
            "SELECT id, filename FROM project_documents WHERE project_id = \(bind: projectID) ORDER BY filename"
        ).rows(DocumentInfo.self)
    }

    public struct StoredDocument: Sendable, Decodable {
        public let filename: String, contentType: String, content: Data
    }

    public func document(_ id: String, of projectID: String) async throws -> StoredDocument? {
        try await db.raw("SELECT * FROM project_documents WHERE id = \(bind: id) AND project_id = \(bind: projectID)")
            .row(StoredDocument.self)
    }

    /// A member's interest: once per project and kind; one `project_interest` in the ledger.
    public func express(_ kind: Interest.Kind, message raw: String?, project: Project, account: Account, actor: Actor)
        async throws
    {
        let message = try AccountRules.text(raw, field: "message", limit: 2000)
        let now = env.clock.now()
        try await env.database.transaction { db in
            guard
                try await db.raw(
                    """
                    SELECT id FROM project_interests WHERE project_id = \(bind: project.id) AND account_id = \
                    \(bind: account.id) AND kind = \(bind: kind.rawValue)
                    """
                ).first() == nil
            else { throw AppError(.conflict, code: "interest_duplicate", field: "kind") }
            let id = Random.id()
            try await db.raw(
                .insert(
                    into: "project_interests",
                    columns: [
                        "id", "project_id", "account_id", "name", "email", "kind", "message", "stage", "created_at",
                        "updated_at",
                    ],
                    rows: [
                        [
                            id, project.id, account.id, account.displayName, account.email, kind.rawValue, message,
                            Interest.Stage.new.rawValue,
                            Timestamp.text(now), Timestamp.text(now),
                        ]
                    ])
            ).run()
            try await Ledger(db).record(
                LedgerEntry(
                    municipalityID: project.municipalityID, kind: Self.interest, occurredAt: now,
                    sourceType: "project_interest",
                    sourceID: id, attributes: ["kind": kind.rawValue, "sector": project.sector.rawValue]))
            try await AuditLog(db, clock: env.clock).record(
                actor, "project.interest", objectType: "project", objectID: project.id,
                municipalityID: project.municipalityID, detail: kind.rawValue)
        }
    }

    public struct InterestRow: Sendable, Decodable {
        public let id: String, name: String, email: String, kind: String, message: String, stage: String
        public var notes: [String] = []
        enum CodingKeys: CodingKey { case id, name, email, kind, message, stage }
    }

    private struct NoteRow: Decodable { let interestID: String, at: String, byName: String, note: String }

    public func interests(_ projectID: String) async throws -> [InterestRow] {
        var notes: [String: [String]] = [:]
        for row in try await db.raw(
            """
            SELECT n.interest_id, n.at, n.by_name, n.stage, n.note FROM project_interest_notes n JOIN \
            project_interests i ON i.id = n.interest_id
            WHERE i.project_id = \(bind: projectID) ORDER BY n.at, n.id
            """
        ).rows(NoteRow.self) {
            notes[row.interestID, default: []].append("\(row.at.prefix(10)) \(row.byName): \(row.note)")
        }
        return try await db.raw(
            "SELECT * FROM project_interests WHERE project_id = \(bind: projectID) ORDER BY created_at, id"
        ).rows(InterestRow.self).map { row in
            var row = row
            row.notes = notes[row.id] ?? []
            return row
        }
    }

    /// The office moves an interest to a stage with a note, kept in its history.
    public func follow(
        _ interestID: String, project: Project, stage: Interest.Stage, note raw: String?, by account: Account,
        actor: Actor
    ) async throws {
        let note = String((raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(2000))
        let now = env.clock.now()
        try await env.database.transaction { db in
            let moved = try await db.raw(
                """
                UPDATE project_interests SET stage = \(bind: stage.rawValue), updated_at = \(bind: Timestamp.text(now))
                WHERE id = \(bind: interestID) AND project_id = \(bind: project.id) RETURNING id
                """
            ).all()
            guard !moved.isEmpty else { throw AppError.notFound }
            try await db.raw(
                .insert(
                    into: "project_interest_notes", columns: ["id", "interest_id", "at", "by_name", "stage", "note"],
                    rows: [[Random.id(), interestID, Timestamp.text(now), account.displayName, stage.rawValue, note]])
            ).run()
            try await AuditLog(db, clock: env.clock).record(
                actor, "project.follow", objectType: "project_interest", objectID: interestID,
                municipalityID: project.municipalityID, detail: stage.rawValue)
        }
    }

    // MARK: Premises

    public func insert(_ p: Premises, municipalityID: String, actor: Actor) async throws {
        let id = Random.id()
        try await db.raw(
            .insert(
                into: "premises",
                columns: [
                    "id", "municipality_id", "name", "address", "area_m2", "terms", "available_from", "created_at",
                ],
                rows: [
                    [
                        id, municipalityID, p.name, p.address, p.areaM2, p.terms, p.availableFrom.description,
                        Timestamp.text(env.clock.now()),
                    ]
                ])
        ).run()
        try await env.audit.record(
            actor, "premises.create", objectType: "premises", objectID: id, municipalityID: municipalityID,
            detail: p.name)
    }

    /// Premises as listed: the place, and to whom it is let.
    public struct ListedPremises: Sendable, Decodable {
        public let id: String, premises: Premises, letTo: String?
        enum CodingKeys: CodingKey { case id, letTo }
        public init(from decoder: any Decoder) throws {
            let columns = try decoder.container(keyedBy: CodingKeys.self)
            id = try columns.decode(String.self, forKey: .id)
            letTo = try columns.decodeIfPresent(String.self, forKey: .letTo)
            premises = try Premises(from: decoder)
        }
    }

    public func premises(_ municipalityID: String) async throws -> [ListedPremises] {
        try await db.raw("SELECT * FROM premises WHERE municipality_id = \(bind: municipalityID) ORDER BY name")
            .rows(ListedPremises.self)
    }

    public func apply(
        premisesID: String, municipalityID: String, input: [String: String], account: Account, actor: Actor
    ) async throws {
        guard let found = try await premises(municipalityID).first(where: { $0.id == premisesID }) else {
            throw AppError.notFound
        }
        guard found.letTo == nil else { throw AppError(.conflict, code: "premises_let") }
        var form = FormInput(input)
        let checkedCompany = try form.text("company", limit: 200),
            checkedActivity = try form.text("activity", limit: 300)
        try form.finish()
        let (company, activity) = (checkedCompany!, checkedActivity!)
        let message = String(form.trimmed("message").prefix(2000))
        try await env.database.transaction { db in
            guard
                try await db.raw(
                    """
                    SELECT id FROM premises_applications WHERE premises_id = \(bind: premisesID) AND account_id = \
                    \(bind: account.id)
                    """
                ).first() == nil
            else {
                throw AppError(.conflict, code: "premises_applied", field: "company")
            }
            let id = Random.id()
            try await db.raw(
                .insert(
                    into: "premises_applications",
                    columns: [
                        "id", "premises_id", "account_id", "name", "email", "company", "activity", "message",
                        "status", "created_at",
                    ],
                    rows: [
                        [
                            id, premisesID, account.id, account.displayName, account.email, company, activity, message,
                            "submitted",
                            Timestamp.text(env.clock.now()),
                        ]
                    ])
            ).run()
            try await AuditLog(db, clock: env.clock).record(
                actor, "premises.apply", objectType: "premises", objectID: premisesID, municipalityID: municipalityID,
                detail: company)
        }
    }

    public struct Application: Sendable, Decodable {
        public let id: String, premises: String, company: String, activity: String, email: String, status: String
        public let premisesID: String, letTo: String?
        enum CodingKeys: String, CodingKey {
            case id, company, activity, email, status, premisesID, letTo, premises = "premisesName"
        }
    }

    public func applications(_ municipalityID: String) async throws -> [Application] {
        try await db.raw(
            """
            SELECT a.*, p.name AS premises_name, p.let_to FROM premises_applications a JOIN premises p ON \
            p.id = a.premises_id
            WHERE p.municipality_id = \(bind: municipalityID) ORDER BY a.created_at DESC, a.id
            """
        ).rows(Application.self)
    }

    /// Approving lets the premises to the company (others waiting are refused); each decision is mailed.
    public func decide(
        _ applicationID: String, approve: Bool, note raw: String?, municipality: Municipality, actor: Actor
    ) async throws {
        let note = String((raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(2000))
        let now = env.clock.now()
        try await env.database.transaction { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT a.*, p.name AS premises_name, p.let_to FROM premises_applications a JOIN premises p ON p.id \
                    = a.premises_id
                    WHERE a.id = \(bind: applicationID) AND p.municipality_id = \(bind: municipality.id) AND a.status \
                    = 'submitted'
                    """
                ).row(Application.self)
            else { throw AppError.notFound }
            let (premisesID, company) = (row.premisesID, row.company)
            if approve, row.letTo != nil {
                throw AppError(.conflict, code: "premises_let")
            }
            try await db.raw(
                """
                UPDATE premises_applications SET status = \(bind: approve ? "approved" : "rejected"), decision_note = \
                \(bind: note), decided_at = \(bind: Timestamp.text(now))
                WHERE id = \(bind: applicationID)
                """
            ).run()
            if approve {
                try await db.raw("UPDATE premises SET let_to = \(bind: company) WHERE id = \(bind: premisesID)").run()
                try await Ledger(db).record(
                    LedgerEntry(
                        municipalityID: municipality.id, kind: Self.premisesLet, occurredAt: now,
                        sourceType: "premises_application",
                        sourceID: applicationID))
            }
            let catalog = env.catalogs[.fallback]
            let arguments = [
                "premises": row.premises, "note": note,
                "municipality": municipality.names[.fallback],
            ]
            try await MailQueue(db, clock: env.clock).enqueue(
                to: row.email,
                subject: catalog.text(
                    approve ? "premises_mail_approved_subject" : "premises_mail_rejected_subject", arguments),
                body: catalog.text(approve ? "premises_mail_approved_body" : "premises_mail_rejected_body", arguments))
            try await AuditLog(db, clock: env.clock).record(
                actor, approve ? "premises.approve" : "premises.reject", objectType: "premises_application",
                objectID: applicationID, municipalityID: municipality.id, detail: company)
        }
    }

    // MARK: Knowledge transfer

    public func addProgramme(_ input: [String: String], municipalityID: String, actor: Actor) async throws {
        let name = try AccountRules.text(input["programme_name"], field: "programme_name", limit: 200)
        let id = Random.id()
        try await db.raw(
            .insert(
                into: "knowledge_programmes",
                columns: ["id", "municipality_id", "name", "partner", "description", "created_at"],
                rows: [
                    [
                        id, municipalityID, name, String((input["partner"] ?? "").prefix(200)),
                        String((input["programme_description"] ?? "").prefix(2000)),
                        Timestamp.text(env.clock.now()),
                    ]
                ])
        ).run()
        try await env.audit.record(
            actor, "knowledge.programme", objectType: "knowledge_programme", objectID: id,
            municipalityID: municipalityID, detail: name)
    }

    public struct Programme: Sendable, Decodable {
        public let id: String, name: String, partner: String, jobs: Int, households: Int
    }

    public func programmes(_ municipalityID: String) async throws -> [Programme] {
        try await db.raw(
            """
            SELECT p.id, p.name, p.partner,
              CAST(COALESCE(SUM(CASE WHEN o.kind = 'jobs' THEN o.quantity ELSE 0 END), 0) AS BIGINT) AS jobs,
              CAST(COALESCE(SUM(CASE WHEN o.kind = 'households' THEN o.quantity ELSE 0 END), 0) AS BIGINT) AS households
            FROM knowledge_programmes p LEFT JOIN knowledge_outcomes o ON o.programme_id = p.id
            WHERE p.municipality_id = \(bind: municipalityID) GROUP BY p.id, p.name, p.partner ORDER BY p.name
            """
        ).rows(Programme.self)
    }

    /// An outcome with its date and evidence; it counts in the ledger on the day it happened.
    public func record(
        _ o: KnowledgeOutcome, programmeID: String, municipalityID: String, by account: Account, actor: Actor
    ) async throws {
        guard try await programmes(municipalityID).contains(where: { $0.id == programmeID }) else {
            throw AppError.notFound
        }
        let id = Random.id()
        try await env.database.transaction { db in
            try await db.raw(
                .insert(
                    into: "knowledge_outcomes",
                    columns: [
                        "id", "programme_id", "kind", "quantity", "happened_on", "evidence", "recorded_by",
                        "recorded_at",
                    ],
                    rows: [
                        [
                            id, programmeID, o.kind.rawValue, o.quantity, o.happenedOn.description, o.evidence,
                            account.id,
                            Timestamp.text(env.clock.now()),
                        ]
                    ])
            ).run()
            try await Ledger(db).record(
                LedgerEntry(
                    municipalityID: municipalityID, kind: o.ledgerKind,
                    occurredAt: o.happenedOn.date.addingTimeInterval(43_200),
                    quantity: o.quantity, sourceType: "knowledge_outcome", sourceID: id,
                    attributes: ["programme_id": programmeID]))
            try await AuditLog(db, clock: env.clock).record(
                actor, "knowledge.outcome", objectType: "knowledge_programme", objectID: programmeID,
                municipalityID: municipalityID, detail: "\(o.kind.rawValue) \(o.quantity)")
        }
    }
}
