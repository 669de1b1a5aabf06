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
    /// The one attribute indicators break this kind down by (a participant's type, a member's
    /// country, answered on time or not); empty when the kind has none.
    public let dimension: String

    public init(
        municipalityID: String, kind: LedgerKind, occurredAt: Date, quantity: Int = 1,
        sourceType: String, sourceID: String, attributes: [String: String] = [:], dimension: String = ""
    ) {
        self.municipalityID = municipalityID; self.kind = kind; self.occurredAt = occurredAt; self.quantity = quantity
        self.sourceType = sourceType; self.sourceID = sourceID; self.attributes = attributes; self.dimension = dimension
    }
}

/// What every capability reports it delivered; the Indicators capability reads only this.
public struct Ledger: Sendable {
    let db: any SQLDatabase
    public init(_ db: any SQLDatabase) { self.db = db }

    /// Records the entry and adds it to its day's total, in the caller's transaction; the daily
    /// totals (Sarajevo days) let a report over any period read a few thousand rows, not millions.
    public func record(_ entry: LedgerEntry) async throws {
        let attributes = String(decoding: try JSONEncoder().encode(entry.attributes), as: UTF8.self)
        try await db.raw(
            """
            INSERT INTO ledger (id, municipality_id, kind, occurred_at, quantity, source_type, source_id, attributes, \
            dimension)
            VALUES (\(bind: Random.id()), \(bind: entry.municipalityID), \(bind: entry.kind.code),
              \(bind: Timestamp.text(entry.occurredAt)), \(bind: entry.quantity), \(bind: entry.sourceType),
              \(bind: entry.sourceID), \(bind: attributes), \(bind: entry.dimension))
            """
        ).run()
        try await db.raw(
            """
            INSERT INTO ledger_daily (municipality_id, kind, dimension, day, total)
            VALUES (\(bind: entry.municipalityID), \(bind: entry.kind.code), \(bind: entry.dimension), \
            \(bind: Day(sarajevo: entry.occurredAt).description), \(bind: entry.quantity))
            ON CONFLICT (municipality_id, kind, dimension, day) DO UPDATE SET total = ledger_daily.total + \
            excluded.total
            """
        ).run()
    }

    /// A month's total of a kind and dimension, counting only the days of the period asked for.
    public struct MonthlyTotal: Sendable, Equatable, Decodable {
        public let municipalityID: String, kind: String, dimension: String, month: String, total: Int
        public init(municipalityID: String, kind: String, dimension: String, month: String, total: Int) {
            self.municipalityID = municipalityID; self.kind = kind; self.dimension = dimension; self.month = month;
            self.total = total
        }
    }

    /// The totals by month (`YYYY-MM`) of the municipalities (every one when nil) for the days from
    /// `from` to `to`, both included; the database adds up the days, so few rows come back.
    public func monthly(_ municipalityIDs: [String]?, from: Day, to: Day) async throws -> [MonthlyTotal] {
        var query = SQLQueryString(
            """
            SELECT municipality_id, kind, dimension, substr(day, 1, 7) AS month, CAST(SUM(total) AS BIGINT) AS total \
            FROM ledger_daily
            WHERE day >= \(bind: from.description) AND day <= \(bind: to.description)
            """)
        if let ids = municipalityIDs {
            query.appendInterpolation(unsafeRaw: " AND municipality_id IN ('-'")
            for id in ids { query.appendInterpolation(unsafeRaw: ", "); query.appendInterpolation(bind: id) }
            query.appendInterpolation(unsafeRaw: ")")
        }
        query.appendInterpolation(unsafeRaw: " GROUP BY municipality_id, kind, dimension, substr(day, 1, 7)")
        return try await db.raw(query).rows(MonthlyTotal.self)
    }

    /// The total of one kind for a municipality in [from, to).
    public func total(_ kind: LedgerKind, municipalityID: String, from: Date, to: Date) async throws -> Int {
        try await db.raw(
            """
            SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) AS total FROM ledger
            WHERE municipality_id = \(bind: municipalityID) AND kind = \(bind: kind.code)
              AND occurred_at >= \(bind: Timestamp.text(from)) AND occurred_at < \(bind: Timestamp.text(to))
            """
        ).value("total", as: Int.self) ?? 0
    }
}
