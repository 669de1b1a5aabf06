import Foundation
import SQLKit

/// A kind of thing a capability delivers and the indicators count
/// ("communication service", "extract issued", "forum participant").
public struct LedgerKind: Sendable, Hashable {
    public let code: String
    /// Catalog key of its name on indicator pages.
    public let labelKey: String
    public init(_ code: String, labelKey: String) { self.code = code; self.labelKey = labelKey }
}

public struct LedgerEntry: Sendable {
    public let municipalityID: String
    public let kind: LedgerKind
    public let occurredAt: Date
    public let quantity: Int
    public let sourceType: String
    public let sourceID: String
    public let attributes: [String: String]

    public init(municipalityID: String, kind: LedgerKind, occurredAt: Date, quantity: Int = 1,
                sourceType: String, sourceID: String, attributes: [String: String] = [:]) {
        self.municipalityID = municipalityID; self.kind = kind; self.occurredAt = occurredAt; self.quantity = quantity
        self.sourceType = sourceType; self.sourceID = sourceID; self.attributes = attributes
    }
}

/// What every capability reports it delivered; the Indicators capability reads only this.
public struct Ledger: Sendable {
    let db: any SQLDatabase
    public init(_ db: any SQLDatabase) { self.db = db }

    public func record(_ entry: LedgerEntry) async throws {
        let attributes = String(decoding: try JSONEncoder().encode(entry.attributes), as: UTF8.self)
        try await db.raw("""
            INSERT INTO ledger (id, municipality_id, kind, occurred_at, quantity, source_type, source_id, attributes)
            VALUES (\(bind: Random.id()), \(bind: entry.municipalityID), \(bind: entry.kind.code),
              \(bind: Timestamp.text(entry.occurredAt)), \(bind: entry.quantity), \(bind: entry.sourceType),
              \(bind: entry.sourceID), \(bind: attributes))
            """).run()
    }

    /// The total of one kind for a municipality in [from, to).
    public func total(_ kind: LedgerKind, municipalityID: String, from: Date, to: Date) async throws -> Int {
        let row = try await db.raw("""
            SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) AS total FROM ledger
            WHERE municipality_id = \(bind: municipalityID) AND kind = \(bind: kind.code)
              AND occurred_at >= \(bind: Timestamp.text(from)) AND occurred_at < \(bind: Timestamp.text(to))
            """).first()
        return try row?.decode(column: "total", as: Int.self) ?? 0
    }
}
