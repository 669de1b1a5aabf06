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
            .all().map { row in
                DocumentClass(
                    municipalityID: municipalityID, code: try row.decode(column: "code", as: String.self),
                    names: LocalizedText(json: try row.decode(column: "names", as: String.self)),
                    retentionYears: try row.decode(column: "retention_years", as: Int?.self),
                    autoSource: try row.decode(column: "auto_source", as: String?.self))
            }
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
        var units: [String: String] = [:]
        for row in try await db.raw(
            "SELECT department_id, code FROM protocol_units WHERE municipality_id = \(bind: municipalityID)"
        ).all() {
            units[try row.decode(column: "department_id", as: String.self)] = try row.decode(
                column: "code", as: String.self)
        }
        return units
    }

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
        ).first().map(Self.document)
    }

    public struct Search: Sendable {
        public var number: String?, text: String?, status: OfficialDocument.Status?, from: Day?, to: Day?
        public var assigneeID: String?, departmentIDs: [String]?, caseID: String?, openOnly = false
        public init() {}
    }

    /// Newest first. Text matches the party and the subject without case or diacritics.
    public func search(_ municipalityID: String, _ s: Search, limit: Int = 200) async throws -> [OfficialDocument] {
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
        query.appendInterpolation(unsafeRaw: " ORDER BY registered_at DESC, sequence DESC LIMIT \(limit)")
        return try await db.raw(query).all().map(Self.document)
    }

    static func document(_ row: any SQLRow) throws -> OfficialDocument {
        OfficialDocument(
            id: try row.decode(column: "id", as: String.self),
            municipalityID: try row.decode(column: "municipality_id", as: String.self),
            number: try row.decode(column: "number", as: String.self),
            year: try row.decode(column: "year", as: Int.self),
            sequence: try row.decode(column: "sequence", as: Int.self),
            unit: try row.decode(column: "unit", as: String.self),
            classCode: try row.decode(column: "class_code", as: String.self),
            direction: OfficialDocument.Direction(rawValue: try row.decode(column: "direction", as: String.self))
                ?? .incoming,
            party: try row.decode(column: "party", as: String.self),
            subject: try row.decode(column: "subject", as: String.self),
            channel: OfficialDocument.Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .web,
            status: OfficialDocument.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .received,
            departmentID: try row.decode(column: "department_id", as: String?.self),
            assigneeID: try row.decode(column: "assignee_id", as: String?.self),
            dueOn: try row.decode(column: "due_on", as: String?.self).flatMap { Day(text: $0) },
            caseID: try row.decode(column: "case_id", as: String?.self),
            sourceType: try row.decode(column: "source_type", as: String?.self),
            registeredAt: Timestamp.date(try row.decode(column: "registered_at", as: String.self)) ?? .distantPast,
            archivedAt: try row.decode(column: "archived_at", as: String?.self).flatMap(Timestamp.date),
            retainUntil: try row.decode(column: "retain_until", as: String?.self).flatMap { Day(text: $0) })
    }

    public func history(of documentID: String) async throws -> [(
        at: Date, actor: String, action: String, detail: String
    )] {
        try await db.raw(
            "SELECT * FROM official_document_history WHERE document_id = \(bind: documentID) ORDER BY position"
        ).all().map { row in
            (
                Timestamp.date(try row.decode(column: "at", as: String.self)) ?? .distantPast,
                try row.decode(column: "actor_name", as: String.self),
                try row.decode(column: "action", as: String.self), try row.decode(column: "detail", as: String.self)
            )
        }
    }

    public func files(of documentID: String) async throws -> [(id: String, filename: String, size: Int)] {
        try await db.raw(
            """
            SELECT id, filename, size FROM official_document_files WHERE document_id = \(bind: documentID) ORDER BY \
            added_at, id
            """
        ).all().map {
            (
                try $0.decode(column: "id", as: String.self), try $0.decode(column: "filename", as: String.self),
                try $0.decode(column: "size", as: Int.self)
            )
        }
    }

    public func file(_ id: String, of documentID: String) async throws -> (
        filename: String, contentType: String, data: [UInt8]
    )? {
        guard
            let row = try await db.raw(
                """
                SELECT filename, content_type, content FROM official_document_files WHERE id = \(bind: id) AND \
                document_id = \(bind: documentID)
                """
            ).first()
        else { return nil }
        return (
            try row.decode(column: "filename", as: String.self),
            try row.decode(column: "content_type", as: String.self),
            [UInt8](try row.decode(column: "content", as: Data.self))
        )
    }

    // MARK: Case files

    public struct CaseFile: Sendable {
        public let id: String, number: String, title: String, classCode: String, openedAt: Date, archivedAt: Date?,
            retainUntil: Day?, documents: Int
    }

    public func cases(_ municipalityID: String) async throws -> [CaseFile] {
        try await db.raw(
            """
            SELECT c.*, (SELECT CAST(COUNT(*) AS BIGINT) FROM official_documents d WHERE d.case_id = c.id) AS documents
            FROM case_files c WHERE c.municipality_id = \(bind: municipalityID) ORDER BY c.opened_at DESC, c.id LIMIT \
            500
            """
        ).all().map(Self.caseFile)
    }

    public func caseFile(_ id: String, municipalityID: String) async throws -> CaseFile? {
        try await db.raw(
            """
            SELECT c.*, (SELECT CAST(COUNT(*) AS BIGINT) FROM official_documents d WHERE d.case_id = c.id) AS documents
            FROM case_files c WHERE c.id = \(bind: id) AND c.municipality_id = \(bind: municipalityID)
            """
        ).first().map(Self.caseFile)
    }

    static func caseFile(_ row: any SQLRow) throws -> CaseFile {
        CaseFile(
            id: try row.decode(column: "id", as: String.self),
            number: try row.decode(column: "number", as: String.self),
            title: try row.decode(column: "title", as: String.self),
            classCode: try row.decode(column: "class_code", as: String.self),
            openedAt: Timestamp.date(try row.decode(column: "opened_at", as: String.self)) ?? .distantPast,
            archivedAt: try row.decode(column: "archived_at", as: String?.self).flatMap(Timestamp.date),
            retainUntil: try row.decode(column: "retain_until", as: String?.self).flatMap { Day(text: $0) },
            documents: try row.decode(column: "documents", as: Int.self))
    }
}
