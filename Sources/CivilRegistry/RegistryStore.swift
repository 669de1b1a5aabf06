import Foundation
import Platform
import SQLKit

/// An entry of a registry book with its versions, newest last.
public struct RegistryEntry: Sendable {
    public let id: String
    public let municipalityID: String
    public let book: RegistryBook
    public let reference: BookReference
    public let registeredOn: String
    public var versions: [RegistryVersion]

    /// Public: an entry kept by another deployment is built from what its keeper sealed.
    public init(
        id: String, municipalityID: String, book: RegistryBook, reference: BookReference, registeredOn: String,
        versions: [RegistryVersion]
    ) {
        (self.id, self.municipalityID, self.book, self.reference) = (id, municipalityID, book, reference)
        (self.registeredOn, self.versions) = (registeredOn, versions)
    }

    /// The entry as it reads now: the fields of the latest version that has fields.
    public var current: [String: String] { versions.last?.fields ?? [:] }
}

/// One dated, signed step in an entry's life: the first entry, a correction or an annotation.
public struct RegistryVersion: Sendable, Decodable {
    public let version: Int
    public let kind: String
    @JSONColumn public var fields: [String: String]
    @JSONColumn public var annotation: [String: String]
    @Instant public var recordedAt: Date
    public let recordedBy: String
    public let recordedByName: String
    public let seal: String

    /// What the seal covers: the entry's place in the books and this version's content.
    public static func sealed(
        entryID: String, book: RegistryBook, reference: BookReference, version: Int, kind: String,
        fields: [String: String], annotation: [String: String], recordedAt: String, recordedBy: String
    ) -> [String: String] {
        var content = [
            "entry": entryID, "book": book.rawValue, "reference": reference.description, "version": String(version),
            "kind": kind, "recorded_at": recordedAt, "recorded_by": recordedBy,
        ]
        for (key, value) in fields { content["field." + key] = value }
        for (key, value) in annotation { content["annotation." + key] = value }
        return content
    }
}

extension RegistryVersion {
    /// A version read back from the content its seal covers (`RegistryVersion.sealed`); nil when
    /// that content is not a version's.
    public init?(sealed: [String: String], seal: String, recordedByName: String) {
        guard let version = sealed["version"].flatMap(Int.init), let kind = sealed["kind"],
            let recordedAt = sealed["recorded_at"].flatMap(Timestamp.date), let recordedBy = sealed["recorded_by"]
        else { return nil }
        func part(_ prefix: String) -> [String: String] {
            Dictionary(
                uniqueKeysWithValues: sealed.compactMap { key, value in
                    key.hasPrefix(prefix) ? (String(key.dropFirst(prefix.count)), value) : nil
                })
        }
        (self.version, self.kind, self.recordedBy, self.recordedByName, self.seal) = (
            version, kind, recordedBy, recordedByName, seal
        )
        // An extension keeps the memberwise initializer; it sets the wrappers' storage itself.
        self._fields = JSONColumn(wrappedValue: part("field."))
        self._annotation = JSONColumn(wrappedValue: part("annotation."))
        self._recordedAt = Instant(wrappedValue: recordedAt)
    }
}

public struct RegistryStore: Sendable {
    let db: any SQLDatabase
    public init(_ db: any SQLDatabase) { self.db = db }

    public func insertEntry(
        id: String, municipalityID: String, book: RegistryBook, reference: BookReference,
        registeredOn: String, at now: Date
    ) async throws {
        try await db.raw(
            """
            INSERT INTO registry_entries (id, municipality_id, book, area, book_year, volume, page, number, \
            registered_on, created_at)
            VALUES (\(bind: id), \(bind: municipalityID), \(bind: book.rawValue), \(bind: reference.area), \
            \(bind: reference.year),
              \(bind: reference.volume), \(bind: reference.page), \(bind: reference.number), \(bind: registeredOn), \
            \(bind: Timestamp.text(now)))
            """
        ).run()
    }

    public func exists(municipalityID: String, book: RegistryBook, reference: BookReference) async throws -> Bool {
        try await db.raw(
            """
            SELECT id FROM registry_entries WHERE municipality_id = \(bind: municipalityID) AND book = \
            \(bind: book.rawValue)
              AND area = \(bind: reference.area) AND book_year = \(bind: reference.year) AND volume = \
            \(bind: reference.volume) AND page = \(bind: reference.page) AND number = \(bind: reference.number)
            """
        ).first() != nil
    }

    public func append(_ v: RegistryVersion, to entryID: String) async throws {
        try await db.raw(
            .insert(
                into: "registry_versions",
                columns: [
                    "id", "entry_id", "version", "kind", "fields", "annotation", "recorded_at", "recorded_by",
                    "recorded_by_name", "seal",
                ],
                rows: [
                    [
                        Random.id(), entryID, v.version, v.kind, Self.json(v.fields), Self.json(v.annotation),
                        Timestamp.text(v.recordedAt),
                        v.recordedBy, v.recordedByName, v.seal,
                    ]
                ])
        ).run()
    }

    /// Replaces the entry's search rows with the people of its current fields.
    public func reindex(
        _ entryID: String, municipalityID: String, people: [(jmbg: String?, nameKey: String, birthDate: String?)]
    ) async throws {
        try await db.raw("DELETE FROM registry_index WHERE entry_id = \(bind: entryID)").run()
        guard !people.isEmpty else { return }
        try await db.raw(
            .insert(
                into: "registry_index", columns: ["entry_id", "municipality_id", "jmbg", "name_key", "birth_date"],
                rows: people.map { [entryID, municipalityID, $0.jmbg, $0.nameKey, $0.birthDate] })
        ).run()
    }

    public func entry(_ id: String) async throws -> RegistryEntry? {
        guard let row = try await db.raw("SELECT * FROM registry_entries WHERE id = \(bind: id)").row(EntryRow.self)
        else { return nil }
        let versions = try await db.raw("SELECT * FROM registry_versions WHERE entry_id = \(bind: id) ORDER BY version")
            .rows(RegistryVersion.self)
        return RegistryEntry(
            id: id, municipalityID: row.municipalityID, book: row.book,
            reference: BookReference(
                area: row.area, year: row.bookYear, volume: row.volume, page: row.page, number: row.number),
            registeredOn: row.registeredOn, versions: versions)
    }

    private struct EntryRow: Decodable {
        let municipalityID: String, book: RegistryBook, area: String, bookYear: Int, volume: Int, page: Int
        let number: Int, registeredOn: String
    }

    /// Entry ids matching the query, at most 50, oldest first.
    public func search(_ q: RegistryQuery) async throws -> [String] {
        var query = SQLQueryString(
            """
            SELECT DISTINCT e.id, e.created_at FROM registry_entries e LEFT JOIN registry_index i ON i.entry_id = e.id \
            WHERE 1 = 1
            """)
        var conditions: [(String, (any Encodable & Sendable)?)] = [
            ("i.jmbg =", q.jmbg), ("i.name_key =", q.nameKey), ("i.birth_date =", q.birthDate),
            ("e.book =", q.book?.rawValue),
            ("e.municipality_id =", q.municipalityID),
        ]
        if let reference = q.reference {
            conditions += [
                ("e.volume =", reference.volume), ("e.page =", reference.page), ("e.number =", reference.number),
                ("e.area =", reference.area.isEmpty ? nil : reference.area),
                ("e.book_year =", reference.year == 0 ? nil : reference.year),
            ]
        }
        query.appendFilters(conditions)
        query.appendInterpolation(unsafeRaw: " ORDER BY e.created_at, e.id LIMIT 50")
        return try await db.raw(query).values("id", as: String.self)
    }

    static func json(_ value: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
