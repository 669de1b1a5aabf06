import Foundation
import Platform
import SQLKit

/// The protocol's tables in SQL: classes, unit codes, documents, files, history, case files.
public struct ProtocolStore: Sendable {
    let db: any SQLDatabase
    public init(_ db: any SQLDatabase) { self.db = db }

    // MARK: Classes and units

    public func classes(_ municipalityID: String) async throws -> [DocumentClass] {
        try await db.raw("SELECT * FROM protocol_classes WHERE municipality_id = \(bind: municipalityID) ORDER BY code")
            .rows(DocumentClass.self)
    }

    /// Adds or replaces a class; a source goes to one class only.
    public func save(_ c: DocumentClass) async throws {
        if let source = c.autoSource {
            try await db.raw(
                """
                UPDATE protocol_classes SET auto_source = NULL WHERE municipality_id = \(bind: c.municipalityID) AND \
                auto_source = \(bind: source)
                """
            ).run()
        }
        try await db.raw(
            "DELETE FROM protocol_classes WHERE municipality_id = \(bind: c.municipalityID) AND code = \(bind: c.code)"
        ).run()
        try await db.raw(
            .insert(
                into: "protocol_classes",
                columns: ["municipality_id", "code", "names", "retention_years", "auto_source"],
                rows: [[c.municipalityID, c.code, c.names.json, c.retentionYears, c.autoSource]])
        ).run()
    }

    /// Each department's unit code (the first part of a protocol number).
    public func units(_ municipalityID: String) async throws -> [String: String] {
        let rows = try await db.raw(
            "SELECT department_id, code FROM protocol_units WHERE municipality_id = \(bind: municipalityID)"
        ).rows(UnitRow.self)
        return Dictionary(rows.map { ($0.departmentID, $0.code) }, uniquingKeysWith: { first, _ in first })
    }

    private struct UnitRow: Decodable { let departmentID: String, code: String }

    public func setUnit(_ code: String, department: String, municipalityID: String) async throws {
        try await db.raw("DELETE FROM protocol_units WHERE department_id = \(bind: department)").run()
        try await db.raw(
            """
            INSERT INTO protocol_units (department_id, municipality_id, code) VALUES (\(bind: department), \
            \(bind: municipalityID), \(bind: code))
            """
        ).run()
    }

    // MARK: Documents

    public func document(_ id: String, municipalityID: String) async throws -> OfficialDocument? {
        try await db.raw(
            "SELECT * FROM official_documents WHERE id = \(bind: id) AND municipality_id = \(bind: municipalityID)"
        ).row(OfficialDocument.self)
    }

    public struct Search: Sendable {
        public var number: String?, text: String?, status: OfficialDocument.Status?, from: Day?, to: Day?
        public var assigneeID: String?, departmentIDs: [String]?, caseID: String?, openOnly = false
        public init() {}
    }

    /// Newest first. Text matches the party and the subject without case or diacritics.
    public func search(_ municipalityID: String, _ s: Search, limit: Int = 200, offset: Int = 0) async throws
        -> [OfficialDocument]
    {
        var query = SQLQueryString("SELECT * FROM official_documents WHERE municipality_id = \(bind: municipalityID)")
        var filters: [(String, (any Encodable & Sendable)?)] = [
            ("number =", s.number?.trimmingCharacters(in: .whitespaces)), ("status =", s.status?.rawValue),
            ("registered_at >=", s.from.map { Timestamp.text($0.date) }),
            ("registered_at <", s.to.map { Timestamp.text($0.adding(days: 1).date) }),
            ("assignee_id =", s.assigneeID), ("case_id =", s.caseID),
        ]
        filters += NameKey.of(s.text ?? "").split(separator: " ").map { ("search_key LIKE", "%\($0)%") }
        query.appendFilters(filters)
        if s.openOnly { query.appendInterpolation(unsafeRaw: " AND status IN ('received', 'in_progress')") }
        if let departments = s.departmentIDs {
            query.appendInterpolation(unsafeRaw: " AND assignee_id IS NULL AND department_id IN ('-'")
            for id in departments { query.appendInterpolation(unsafeRaw: ", "); query.appendInterpolation(bind: id) }
            query.appendInterpolation(unsafeRaw: ")")
        }
        query.appendInterpolation(
            unsafeRaw: " ORDER BY registered_at DESC, sequence DESC LIMIT \(limit) OFFSET \(max(0, offset))")
        return try await db.raw(query).rows(OfficialDocument.self)
    }

    /// One line of a document's history: who did what, when.
    public struct HistoryLine: Sendable, Decodable {
        @Instant public var at: Date
        public let actor: String, action: String, detail: String
        enum CodingKeys: String, CodingKey { case at, action, detail, actor = "actorName" }
    }

    public func history(of documentID: String) async throws -> [HistoryLine] {
        try await db.raw(
            "SELECT * FROM official_document_history WHERE document_id = \(bind: documentID) ORDER BY position"
        ).rows(HistoryLine.self)
    }

    public struct FileInfo: Sendable, Decodable { public let id: String, filename: String, size: Int }

    public func files(of documentID: String) async throws -> [FileInfo] {
        try await db.raw(
            """
            SELECT id, filename, size FROM official_document_files WHERE document_id = \(bind: documentID) ORDER BY \
            added_at, id
            """
        ).rows(FileInfo.self)
    }

    public struct StoredFile: Sendable, Decodable { public let filename: String, contentType: String, content: Data }

    public func file(_ id: String, of documentID: String) async throws -> StoredFile? {
        try await db.raw(
            """
            SELECT filename, content_type, content FROM official_document_files WHERE id = \(bind: id) AND \
            document_id = \(bind: documentID)
            """
        ).row(StoredFile.self)
    }

    // MARK: Case files

    public struct CaseFile: Sendable, Decodable {
        public let id: String, number: String, title: String, classCode: String
        @Instant public var openedAt: Date
        @OptionalInstant public var archivedAt: Date?
        public let retainUntil: Day?, documents: Int
    }

    public func cases(_ municipalityID: String) async throws -> [CaseFile] {
        try await db.raw(
            """
            SELECT c.*, (SELECT CAST(COUNT(*) AS BIGINT) FROM official_documents d WHERE d.case_id = c.id) AS documents
            FROM case_files c WHERE c.municipality_id = \(bind: municipalityID) ORDER BY c.opened_at DESC, c.id LIMIT \
            500
            """
        ).rows(CaseFile.self)
    }

    public func caseFile(_ id: String, municipalityID: String) async throws -> CaseFile? {
        try await db.raw(
            """
            SELECT c.*, (SELECT CAST(COUNT(*) AS BIGINT) FROM official_documents d WHERE d.case_id = c.id) AS documents
            FROM case_files c WHERE c.id = \(bind: id) AND c.municipality_id = \(bind: municipalityID)
            """
        ).row(CaseFile.self)
    }
}
