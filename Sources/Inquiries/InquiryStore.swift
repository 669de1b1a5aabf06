import Foundation
import Hummingbird
import Platform
import SQLKit

/// Filters of the officer's inbox (the page and `GET /api/v1/{slug}/inquiries`).
public struct InboxFilter: Sendable {
    public var statuses: [InquiryStatus] = [.open, .assigned, .waitingOnAsker]
    public var categoryID: String?
    public var departmentID: String?
    public var assigneeID: String?
    public var overdueAt: Date?
    public var limit = 100
    public var offset = 0
    public init() {}
}

extension InboxFilter {
    /// Reads the inbox filters from a query string (the page and the API share them).
    static func read(_ request: Request, now: Date) throws -> InboxFilter {
        var filter = InboxFilter()
        if let status = request.query("status") {
            if status == "all" {
                filter.statuses = []
            } else {
                guard let parsed = InquiryStatus(rawValue: status) else {
                    throw AppError.invalid("status", "invalid_choice")
                }
                filter.statuses = [parsed]
            }
        }
        filter.categoryID = request.query("category")
        filter.departmentID = request.query("department")
        filter.assigneeID = request.query("assignee")
        if request.query("overdue") == "1" || request.query("overdue") == "true" { filter.overdueAt = now }
        if let page = request.query("page").flatMap(Int.init), page > 1 { filter.offset = (page - 1) * filter.limit }
        return filter
    }
}

/// SQL for inquiries, their messages, attachments, categories, settings and templates.
public struct InquiryStore: Sendable {
    let db: any SQLDatabase
    public init(_ db: any SQLDatabase) { self.db = db }

    // MARK: Settings and categories

    /// The municipality's settings; its holidays follow the municipality's entity and canton.
    public func settings(_ municipalityID: String) async throws -> InquirySettings {
        let place = try await db.raw("SELECT entity, canton FROM municipalities WHERE id = \(bind: municipalityID)")
            .row(Jurisdiction.self)
        let (entity, canton) = (place?.entity ?? .fbih, place?.canton)
        guard
            let row = try await db.raw("SELECT * FROM inquiry_settings WHERE municipality_id = \(bind: municipalityID)")
                .row(SettingsRow.self)
        else {
            var standard = InquirySettings.standard
            (standard.entity, standard.canton) = (entity, canton)
            return standard
        }
        return InquirySettings(
            entity: entity, canton: canton, mode: row.clockMode, answerHours: row.answerHours,
            officeDepartmentID: row.officeDepartmentID,
            bajramOverrides: InquirySettings.overrides(from: row.bajramOverrides),
            extraDays: InquirySettings.extraDays(from: row.extraDays),
            workingDays: InquirySettings.extraDays(from: row.workingDays))
    }

    private struct Jurisdiction: Decodable { let entity: Entity, canton: Canton? }

    private struct SettingsRow: Decodable {
        let clockMode: ClockMode, answerHours: Int, officeDepartmentID: String?
        let bajramOverrides: String, extraDays: String, workingDays: String
    }

    public func save(_ s: InquirySettings, for municipalityID: String) async throws {
        // entity is the municipality's now, and opens/closes belonged to the retired office-hours
        // mode: written only because the table has them.
        try await db.raw(
            """
            INSERT INTO inquiry_settings (municipality_id, entity, clock_mode, opens, closes, answer_hours, \
            office_department_id,
              bajram_overrides, extra_days, working_days)
            VALUES (\(bind: municipalityID), \(bind: s.entity.rawValue), \(bind: s.mode.rawValue), 0, 24,
              \(bind: s.answerHours), \(bind: s.officeDepartmentID), \(bind: s.overridesJSON), \
            \(bind: s.extraDaysJSON), \(bind: s.workingDaysJSON))
            ON CONFLICT (municipality_id) DO UPDATE SET entity = excluded.entity, clock_mode = excluded.clock_mode,
              answer_hours = excluded.answer_hours,
              office_department_id = excluded.office_department_id, bajram_overrides = excluded.bajram_overrides,
              extra_days = excluded.extra_days, working_days = excluded.working_days
            """
        ).run()
    }

    public func categories(_ municipalityID: String, activeOnly: Bool = true) async throws -> [InquiryCategory] {
        try await db.raw(
            """
            SELECT * FROM inquiry_categories WHERE municipality_id = \(bind: municipalityID)
            \(unsafeRaw: activeOnly ? "AND active = 1" : "") ORDER BY position, code
            """
        ).rows(InquiryCategory.self)
    }

    public func save(_ c: InquiryCategory) async throws {
        try await db.raw(
            """
            INSERT INTO inquiry_categories (id, municipality_id, code, department_id, names, answer_hours, active, \
            position)
            VALUES (\(bind: c.id), \(bind: c.municipalityID), \(bind: c.code), \(bind: c.departmentID), \
            \(bind: c.names.json),
              \(bind: c.answerHours), \(bind: c.active ? 1 : 0), \(bind: c.position))
            ON CONFLICT (id) DO UPDATE SET code = excluded.code, department_id = excluded.department_id, names = \
            excluded.names,
              answer_hours = excluded.answer_hours, active = excluded.active, position = excluded.position
            """
        ).run()
    }

    // MARK: Numbers

    /// Takes `count` numbers of the year and returns the first; runs inside the submitting
    /// transaction, so a rolled-back submission gives its numbers back.
    public func nextSequence(_ municipalityID: String, year: Int, count: Int = 1) async throws -> Int {
        let row = try await db.raw(
            """
            INSERT INTO inquiry_sequences (municipality_id, year, last) VALUES (\(bind: municipalityID), \
            \(bind: year), \(bind: count))
            ON CONFLICT (municipality_id, year) DO UPDATE SET last = inquiry_sequences.last + \(bind: count)
            RETURNING last
            """
        ).value("last", as: Int.self)
        return row! - count + 1
    }

    // MARK: Inquiries

    /// Writes new inquiries, each with the digest of its access key, in one statement.
    public func insert(_ inquiries: [(inquiry: Inquiry, accessHash: String)]) async throws {
        guard !inquiries.isEmpty else { return }
        let rows: [[any Encodable & Sendable]] = inquiries.map { q, hash in
            [
                q.id, q.municipalityID, q.number, q.categoryID, q.departmentID, q.assigneeID, q.status.rawValue,
                q.subject,
                q.language.rawValue, q.askerAccountID, q.askerName, q.askerEmail, q.askerTimeZone, hash, q.replyToken,
                q.source,
                q.answerHours, Timestamp.text(q.submittedAt), q.confirmedAt.map(Timestamp.text),
                q.warnAt.map(Timestamp.text),
                q.dueAt.map(Timestamp.text), Self.pausesJSON(q.pauses), q.latitude, q.longitude, q.address,
                Timestamp.text(q.updatedAt),
            ]
        }
        try await db.raw(
            .insert(
                into: "inquiries",
                columns: [
                    "id", "municipality_id", "number", "category_id", "department_id", "assignee_id", "status",
                    "subject", "language",
                    "asker_account_id", "asker_name", "asker_email", "asker_time_zone", "access_hash", "reply_token",
                    "source", "answer_hours",
                    "submitted_at", "confirmed_at", "warn_at", "due_at", "pauses", "latitude", "longitude", "address",
                    "updated_at",
                ], rows: rows)
        ).run()
    }

    /// Writes back everything that moves after submission.
    public func update(_ q: Inquiry) async throws {
        try await db.raw(
            """
            UPDATE inquiries SET category_id = \(bind: q.categoryID), department_id = \(bind: q.departmentID),
              assignee_id = \(bind: q.assigneeID), status = \(bind: q.status.rawValue), confirmed_at = \
            \(bind: q.confirmedAt.map(Timestamp.text)),
              warn_at = \(bind: q.warnAt.map(Timestamp.text)), due_at = \(bind: q.dueAt.map(Timestamp.text)), pauses = \
            \(bind: Self.pausesJSON(q.pauses)),
              waiting_since = \(bind: q.waitingSince.map(Timestamp.text)), first_answered_at = \
            \(bind: q.firstAnsweredAt.map(Timestamp.text)),
              closed_at = \(bind: q.closedAt.map(Timestamp.text)), merged_into = \(bind: q.mergedInto), rating = \
            \(bind: q.rating),
              rating_comment = \(bind: q.ratingComment), updated_at = \(bind: Timestamp.text(q.updatedAt))
            WHERE id = \(bind: q.id)
            """
        ).run()
    }

    public func find(number: String) async throws -> Inquiry? {
        try await db.raw("SELECT * FROM inquiries WHERE number = \(bind: number)").row(Inquiry.self)
    }

    public func find(id: String) async throws -> Inquiry? {
        try await db.raw("SELECT * FROM inquiries WHERE id = \(bind: id)").row(Inquiry.self)
    }

    public func find(replyToken: String) async throws -> Inquiry? {
        try await db.raw("SELECT * FROM inquiries WHERE reply_token = \(bind: replyToken)").row(Inquiry.self)
    }

    public func accessHash(of inquiryID: String) async throws -> String? {
        try await db.raw("SELECT access_hash FROM inquiries WHERE id = \(bind: inquiryID)").value("access_hash")
    }

    /// How many questions to `email` since `since` still wait for the address to be confirmed.
    public func asked(by accountID: String) async throws -> [Inquiry] {
        try await db.raw(
            "SELECT * FROM inquiries WHERE asker_account_id = \(bind: accountID) ORDER BY submitted_at DESC"
        )
        .rows(Inquiry.self)
    }

    /// The inbox: confirmed inquiries of one municipality, least time left first.
    public func inbox(_ municipalityID: String, _ filter: InboxFilter) async throws -> [Inquiry] {
        var query = SQLQueryString("SELECT * FROM inquiries WHERE municipality_id = ")
        query.appendInterpolation(bind: municipalityID)
        // Confirmed inquiries have a deadline; testing due_at lets the index range skip the unconfirmed.
        query.appendInterpolation(unsafeRaw: " AND due_at IS NOT NULL")
        if !filter.statuses.isEmpty {
            query.appendInterpolation(unsafeRaw: " AND status IN (")
            for (index, status) in filter.statuses.enumerated() {
                if index > 0 { query.appendInterpolation(unsafeRaw: ", ") }
                query.appendInterpolation(bind: status.rawValue)
            }
            query.appendInterpolation(unsafeRaw: ")")
        }
        query.appendFilters([
            ("category_id =", filter.categoryID), ("department_id =", filter.departmentID),
            ("assignee_id =", filter.assigneeID),
        ])
        if let now = filter.overdueAt {
            query.appendInterpolation(unsafeRaw: " AND status IN ('open', 'assigned') AND due_at < ")
            query.appendInterpolation(bind: Timestamp.text(now))
        }
        // Inquiries still owed an answer: least time left first. Finished ones: latest change first.
        let owed = !filter.statuses.isEmpty && filter.statuses.allSatisfy { $0.clockRuns || $0 == .waitingOnAsker }
        query.appendInterpolation(unsafeRaw: owed ? " ORDER BY due_at, id" : " ORDER BY updated_at DESC, id DESC")
        query.appendInterpolation(unsafeRaw: " LIMIT \(max(1, min(filter.limit, 500))) OFFSET \(max(0, filter.offset))")
        return try await db.raw(query).rows(Inquiry.self)
    }

    /// Inquiries of a municipality confirmed in [from, to), for the officer's figures.
    public func confirmed(_ municipalityID: String, from: Date, to: Date) async throws -> [Inquiry] {
        try await db.raw(
            """
            SELECT * FROM inquiries WHERE municipality_id = \(bind: municipalityID) AND status NOT IN ('spam', 'merged')
              AND confirmed_at >= \(bind: Timestamp.text(from)) AND confirmed_at < \(bind: Timestamp.text(to))
            """
        ).rows(Inquiry.self)
    }

    /// Inquiries still owed an answer that have reached a warning step not yet sent: the earliest of
    /// each step from its own partial index (`inquiries_to_warn`, `inquiries_to_breach`).
    public func escalationDue(at now: Date, limit: Int) async throws -> [Inquiry] {
        let stamp = Timestamp.text(now), limit = String(limit)
        return try await db.raw(
            """
            SELECT * FROM inquiries WHERE id IN (
              SELECT id FROM (SELECT id FROM inquiries WHERE \(unsafeRaw: Self.stepPending("warned_at"))
                AND warn_at <= \(bind: stamp) ORDER BY warn_at LIMIT \(unsafeRaw: limit)) warn
              UNION SELECT id FROM (SELECT id FROM inquiries WHERE \(unsafeRaw: Self.stepPending("breached_at"))
                AND due_at <= \(bind: stamp) ORDER BY due_at LIMIT \(unsafeRaw: limit)) breach)
            ORDER BY due_at LIMIT \(unsafeRaw: limit)
            """
        ).rows(Inquiry.self)
    }

    /// The rows a step's partial index holds: still owed a first answer, the step not yet sent. The
    /// query repeats the index's condition word for word, which SQLite needs to choose the index.
    static func stepPending(_ column: String) -> String {
        "\(column) IS NULL AND first_answered_at IS NULL AND status IN ('open', 'assigned')"
    }

    /// Marks a warning step as sent; false when another run already did (so nobody is told twice).
    public func claim(_ step: EscalationStep, of inquiryID: String, at now: Date) async throws -> Bool {
        let column = step == .breach ? "breached_at" : "warned_at"
        let rows = try await db.raw(
            """
            UPDATE inquiries SET \(unsafeRaw: column) = \(bind: Timestamp.text(now))
            WHERE id = \(bind: inquiryID) AND \(unsafeRaw: column) IS NULL RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    static func pausesJSON(_ pauses: [Pause]) -> String {
        let pairs = pauses.map { [Timestamp.text($0.from), Timestamp.text($0.to)] }
        return String(decoding: (try? JSONEncoder().encode(pairs)) ?? Data("[]".utf8), as: UTF8.self)
    }

    // MARK: Messages and attachments

    public func insert(_ m: InquiryMessage) async throws { try await insert([m]) }

    public func insert(_ messages: [InquiryMessage]) async throws {
        guard !messages.isEmpty else { return }
        let rows: [[any Encodable & Sendable]] = messages.map { m in
            [
                m.id, m.inquiryID, m.author.rawValue, m.authorID, m.authorName, m.body, m.isInternal ? 1 : 0,
                Timestamp.text(m.createdAt),
            ]
        }
        try await db.raw(
            .insert(
                into: "inquiry_messages",
                columns: [
                    "id", "inquiry_id", "author_kind", "author_id", "author_name",
                    "body", "internal", "created_at",
                ], rows: rows)
        ).run()
    }

    public func messages(of inquiryID: String, includeInternal: Bool) async throws -> [InquiryMessage] {
        try await db.raw(
            """
            SELECT * FROM inquiry_messages WHERE inquiry_id = \(bind: inquiryID) \
            \(unsafeRaw: includeInternal ? "" : "AND internal = 0")
            ORDER BY created_at, id
            """
        ).rows(InquiryMessage.self)
    }

    /// Moves a duplicate's thread under the inquiry it was merged into.
    public func moveThread(from duplicateID: String, to targetID: String) async throws {
        try await db.raw(
            "UPDATE inquiry_messages SET inquiry_id = \(bind: targetID) WHERE inquiry_id = \(bind: duplicateID)"
        ).run()
        try await db.raw(
            "UPDATE inquiry_attachments SET inquiry_id = \(bind: targetID) WHERE inquiry_id = \(bind: duplicateID)"
        ).run()
    }

    public func insert(_ file: CheckedAttachment, inquiryID: String, messageID: String) async throws {
        try await db.raw(
            """
            INSERT INTO inquiry_attachments (id, inquiry_id, message_id, filename, content_type, size, content)
            VALUES (\(bind: Random.id()), \(bind: inquiryID), \(bind: messageID), \(bind: file.filename),
              \(bind: file.kind.contentType), \(bind: file.data.count), \(bind: file.data))
            """
        ).run()
    }

    public func attachments(of inquiryID: String) async throws -> [AttachmentInfo] {
        try await db.raw(
            """
            SELECT id, message_id, filename, content_type, size FROM inquiry_attachments WHERE inquiry_id = \
            \(bind: inquiryID) ORDER BY filename, id
            """
        ).rows(AttachmentInfo.self)
    }

    public func attachmentContent(_ id: String, of inquiryID: String) async throws -> (AttachmentInfo, Data)? {
        guard
            let row = try await db.raw(
                """
                SELECT * FROM inquiry_attachments WHERE id = \(bind: id) AND inquiry_id = \(bind: inquiryID)
                """
            ).first()
        else { return nil }
        return (try row.read(AttachmentInfo.self), try row.read(Content.self).content)
    }

    private struct Content: Decodable { let content: Data }

    // MARK: Templates

    public func templates(_ municipalityID: String) async throws -> [ReplyTemplate] {
        try await db.raw(
            "SELECT * FROM inquiry_templates WHERE municipality_id = \(bind: municipalityID) ORDER BY name"
        ).rows(ReplyTemplate.self)
    }

    public func insertTemplate(_ t: ReplyTemplate, municipalityID: String, at now: Date) async throws {
        try await db.raw(
            """
            INSERT INTO inquiry_templates (id, municipality_id, name, bodies, created_at)
            VALUES (\(bind: t.id), \(bind: municipalityID), \(bind: t.name), \(bind: t.bodies.json), \
            \(bind: Timestamp.text(now)))
            """
        ).run()
    }
}

/// The clock's pauses, stored as JSON pairs of instants (`InquiryStore.pausesJSON`).
@propertyWrapper
public struct PauseList: Decodable, Sendable, Equatable {
    public var wrappedValue: [Pause]
    public init(wrappedValue: [Pause]) { self.wrappedValue = wrappedValue }
    public init(from decoder: any Decoder) throws {
        let pairs = try JSONColumn<[[Instant]]>(from: decoder).wrappedValue
        wrappedValue = try pairs.map { pair in
            guard pair.count == 2 else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "not a pause"))
            }
            return Pause(from: pair[0].wrappedValue, to: pair[1].wrappedValue)
        }
    }
}
