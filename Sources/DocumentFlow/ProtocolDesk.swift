import Foundation
import Platform
import SQLKit

/// Everything that changes the protocol, each in one transaction with its history line and
/// audit entry: registering (by hand or from a capability's correspondence), routing,
/// comments, status, case files and archiving.
public struct ProtocolDesk: Sendable {
    /// Who keeps the protocol.
    static let clerks: Set<Role> = [.officer, .departmentStaff, .registrar, .municipalAdmin, .platformAdmin]
    let env: AppEnvironment
    public init(env: AppEnvironment) { self.env = env }

    /// What a new entry carries besides the clerk's fields.
    struct NewEntry: Sendable {
        var municipalityID: String, direction: OfficialDocument.Direction, channel: OfficialDocument.Channel
        var party: String, partyContact: String, subject: String, classCode: String, departmentID: String?, dueOn: Day?
        var caseID: String?, sourceType: String?, sourceID: String?, files: [CheckedAttachment]
    }

    /// Registers a document typed in by a clerk, with its files.
    public func register(
        _ entry: OfficialDocument.Entry, files: [CheckedAttachment], municipalityID: String, by account: Account,
        actor: Actor
    ) async throws -> OfficialDocument {
        try await env.database.transaction { db in
            try await insert(
                NewEntry(
                    municipalityID: municipalityID, direction: entry.direction, channel: entry.channel,
                    party: entry.party, partyContact: "",
                    subject: entry.subject, classCode: entry.classCode, departmentID: entry.departmentID,
                    dueOn: entry.dueOn,
                    caseID: nil, sourceType: nil, sourceID: nil, files: files),
                by: account.id, actorName: account.displayName, actor: actor, db)
        }
    }

    /// Registers a capability's correspondence once (the source's id is unique in the protocol),
    /// in the class set to receive that source and the case file of its key.
    func register(_ item: Correspondence, _ db: any SQLDatabase) async throws -> Bool {
        guard
            try await db.raw(
                """
                SELECT id FROM official_documents WHERE source_type = \(bind: item.sourceType) AND source_id = \
                \(bind: item.sourceID)
                """
            ).first() == nil
        else { return false }
        // An answer joins its question's case file and class; a new item takes the class set for its source.
        let existing = try await db.raw(
            """
            SELECT class_code FROM case_files WHERE municipality_id = \(bind: item.municipalityID) AND case_key = \
            \(bind: item.caseKey)
            """
        ).value("class_code", as: String.self)
        let classes = try await ProtocolStore(db).classes(item.municipalityID)
        let classCode =
            existing ?? classes.first { $0.autoSource == item.sourceType }?.code ?? classes.first?.code ?? "01"
        let caseID = try await caseFile(
            key: item.caseKey, title: item.subject, classCode: classCode, municipalityID: item.municipalityID, db)
        _ = try await insert(
            NewEntry(
                municipalityID: item.municipalityID, direction: item.direction == .incoming ? .incoming : .outgoing,
                channel: .web,
                party: item.party, partyContact: item.partyContact, subject: item.subject, classCode: classCode,
                departmentID: item.departmentID, dueOn: nil, caseID: caseID, sourceType: item.sourceType,
                sourceID: item.sourceID,
                files: []),
            by: "system", actorName: "Zavičaj", actor: .system("protocol"), db)
        return true
    }

    func insert(_ e: NewEntry, by accountID: String, actorName: String, actor: Actor, _ db: any SQLDatabase)
        async throws -> OfficialDocument
    {
        let now = env.clock.now()
        let year = Day(sarajevo: now).year
        let sequence = try await NumberSequence(db).next("protocol", municipalityID: e.municipalityID, year: year)
        let unit = try await e.departmentID.asyncMap { try await ProtocolStore(db).units(e.municipalityID)[$0] } ?? nil
        let document = OfficialDocument(
            id: Random.id(), municipalityID: e.municipalityID,
            number: OfficialDocument.number(unit: unit ?? "01", classCode: e.classCode, sequence: sequence, year: year),
            year: year, sequence: sequence, unit: unit ?? "01", classCode: e.classCode, direction: e.direction,
            party: e.party,
            subject: e.subject, channel: e.channel, status: .received, departmentID: e.departmentID, assigneeID: nil,
            dueOn: e.dueOn, caseID: e.caseID, sourceType: e.sourceType, registeredAt: now, archivedAt: nil,
            retainUntil: nil)
        try await db.raw(
            .insert(
                into: "official_documents",
                columns: [
                    "id", "municipality_id", "number", "year", "sequence", "unit", "class_code", "direction", "party",
                    "party_contact", "subject", "search_key",
                    "channel", "status", "department_id", "due_on", "case_id", "source_type", "source_id",
                    "registered_by", "registered_at", "updated_at",
                ],
                rows: [
                    [
                        document.id, e.municipalityID, document.number, year, sequence, document.unit, e.classCode,
                        e.direction.rawValue, e.party, e.partyContact,
                        e.subject, NameKey.of(e.party + " " + e.subject), e.channel.rawValue, document.status.rawValue,
                        e.departmentID, e.dueOn?.description,
                        e.caseID, e.sourceType, e.sourceID, accountID, Timestamp.text(now), Timestamp.text(now),
                    ]
                ])
        ).run()
        for file in e.files {
            try await db.raw(
                .insert(
                    into: "official_document_files",
                    columns: ["id", "document_id", "filename", "content_type", "size", "content", "added_at"],
                    rows: [
                        [
                            Random.id(), document.id, file.filename, file.kind.contentType, file.data.count, file.data,
                            Timestamp.text(now),
                        ]
                    ])
            ).run()
        }
        try await history(
            document.id, actorID: accountID == "system" ? nil : accountID, actorName: actorName, action: "registered",
            detail: "\(e.direction.rawValue) \(e.channel.rawValue)", db)
        try await AuditLog(db, clock: env.clock).record(
            actor, "protocol.register", objectType: "official_document", objectID: document.id,
            municipalityID: e.municipalityID, detail: document.number)
        return document
    }

    /// Assigns or hands the document over: to a department, a person, with a due date; a received
    /// document goes into work.
    public func route(_ d: OfficialDocument, _ r: OfficialDocument.Routing, by account: Account, actor: Actor)
        async throws
    {
        guard d.status != .archived else { throw AppError(.conflict, code: "protocol_archived") }
        try await change(
            d, by: account, actor: actor, action: d.assigneeID == nil ? "assigned" : "handed_over",
            detail: [r.departmentID, r.assigneeID ?? "", r.dueOn?.description ?? "", r.note].joined(separator: " | ")
        ) { db in
            // Assigning a document that was only received puts it into work.
            let status = d.status == .received && r.assigneeID != nil ? OfficialDocument.Status.inProgress : d.status
            try await db.raw(
                """
                UPDATE official_documents SET department_id = \(bind: r.departmentID), assignee_id = \
                \(bind: r.assigneeID), due_on = \(bind: r.dueOn?.description),
                  status = \(bind: status.rawValue),
                  updated_at = \(bind: Timestamp.text(env.clock.now())) WHERE id = \(bind: d.id)
                """
            ).run()
        }
    }

    public func comment(_ d: OfficialDocument, text raw: String?, by account: Account, actor: Actor) async throws {
        let text = try AccountRules.text(raw, field: "comment", limit: 2000)
        try await change(d, by: account, actor: actor, action: "comment", detail: text) { _ in }
    }

    /// Moves the status; archiving fixes the day until which the class keeps it.
    public func move(_ d: OfficialDocument, to status: OfficialDocument.Status, by account: Account, actor: Actor)
        async throws
    {
        guard d.status.canMove(to: status) else { throw AppError(.conflict, code: "protocol_archived") }
        let now = env.clock.now()
        let retain: Day? =
            status == .archived
            ? try await retention(d.classCode, municipalityID: d.municipalityID, on: Day(sarajevo: now)) : nil
        try await change(
            d, by: account, actor: actor, action: "status", detail: "\(d.status.rawValue) → \(status.rawValue)"
        ) { db in
            try await db.raw(
                """
                UPDATE official_documents SET status = \(bind: status.rawValue), updated_at = \
                \(bind: Timestamp.text(now)),
                  archived_at = \(bind: status == .archived ? Timestamp.text(now) : nil), retain_until = \
                \(bind: retain?.description) WHERE id = \(bind: d.id)
                """
            ).run()
        }
    }

    /// Puts the document into an existing case file of the municipality, or a new one titled `title`.
    public func file(_ d: OfficialDocument, caseID: String?, newTitle: String?, by account: Account, actor: Actor)
        async throws
    {
        let municipalityID = d.municipalityID
        try await change(d, by: account, actor: actor, action: "case", detail: caseID ?? newTitle ?? "") { db in
            var target = caseID
            if let id = caseID {
                guard try await ProtocolStore(db).caseFile(id, municipalityID: municipalityID) != nil else {
                    throw AppError.invalid("case_id", "invalid_choice")
                }
            } else {
                let title = try AccountRules.text(newTitle, field: "case_title", limit: 300)
                target = try await caseFile(
                    key: nil, title: title, classCode: d.classCode, municipalityID: municipalityID, db)
            }
            try await db.raw("UPDATE official_documents SET case_id = \(bind: target) WHERE id = \(bind: d.id)").run()
        }
    }

    /// Archives a case file and every document in it not yet archived.
    public func archive(caseID: String, municipalityID: String, by account: Account, actor: Actor) async throws {
        let store = ProtocolStore(env.database.sql)
        guard let found = try await store.caseFile(caseID, municipalityID: municipalityID), found.archivedAt == nil
        else { throw AppError.notFound }
        var search = ProtocolStore.Search()
        search.caseID = caseID
        for document in try await store.search(municipalityID, search, limit: 10_000) where document.status != .archived
        {
            try await move(document, to: .archived, by: account, actor: actor)
        }
        let now = env.clock.now()
        let retain = try await retention(found.classCode, municipalityID: municipalityID, on: Day(sarajevo: now))
        try await env.database.transaction { db in
            try await db.raw(
                """
                UPDATE case_files SET archived_at = \(bind: Timestamp.text(now)), retain_until = \
                \(bind: retain?.description) WHERE id = \(bind: caseID)
                """
            ).run()
            try await AuditLog(db, clock: env.clock).record(
                actor, "protocol.case.archive", objectType: "case_file", objectID: caseID,
                municipalityID: municipalityID, detail: found.number)
        }
    }

    // MARK: Inside

    func change(
        _ d: OfficialDocument, by account: Account, actor: Actor, action: String, detail: String,
        _ work: @escaping @Sendable (any SQLDatabase) async throws -> Void
    ) async throws {
        try await env.database.transaction { db in
            try await work(db)
            try await history(
                d.id, actorID: account.id, actorName: account.displayName, action: action, detail: detail, db)
            try await AuditLog(db, clock: env.clock).record(
                actor, "protocol.\(action)", objectType: "official_document", objectID: d.id,
                municipalityID: d.municipalityID, detail: "\(d.number): \(detail)")
        }
    }

    func history(
        _ documentID: String, actorID: String?, actorName: String, action: String, detail: String, _ db: any SQLDatabase
    ) async throws {
        // The position keeps the order of lines written in the same millisecond.
        try await db.raw(
            """
            INSERT INTO official_document_history (id, document_id, position, at, actor_id, actor_name, action, detail)
            SELECT \(bind: Random.id()), \(bind: documentID), COALESCE(MAX(position), 0) + 1, \
            \(bind: Timestamp.text(env.clock.now())), \(bind: actorID),
              \(bind: actorName), \(bind: action), \(bind: detail) FROM official_document_history WHERE document_id = \
            \(bind: documentID)
            """
        ).run()
    }

    /// The case file with `key` (an inquiry's number), made on first use; a nil key always makes a new one.
    func caseFile(key: String?, title: String, classCode: String, municipalityID: String, _ db: any SQLDatabase)
        async throws -> String
    {
        if let key,
            let id = try await db.raw(
                "SELECT id FROM case_files WHERE municipality_id = \(bind: municipalityID) AND case_key = \(bind: key)"
            ).value("id", as: String.self)
        {
            return id
        }
        let now = env.clock.now()
        let year = Day(sarajevo: now).year
        let sequence = try await NumberSequence(db).next("case", municipalityID: municipalityID, year: year)
        let id = Random.id()
        try await db.raw(
            .insert(
                into: "case_files",
                columns: ["id", "municipality_id", "number", "title", "class_code", "case_key", "opened_at"],
                rows: [
                    [
                        id, municipalityID, "\(classCode)-\(sequence)/\(String(format: "%02d", year % 100))",
                        String(title.prefix(300)), classCode,
                        key, Timestamp.text(now),
                    ]
                ])
        ).run()
        return id
    }

    func retention(_ classCode: String, municipalityID: String, on day: Day) async throws -> Day? {
        let years = try await ProtocolStore(env.database.sql).classes(municipalityID).first { $0.code == classCode }?
            .retentionYears
        return OfficialDocument.retainUntil(archivedOn: day, years: years)
    }
}
