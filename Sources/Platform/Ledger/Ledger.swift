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

    /// Records the entry and adds it to its day's and its month's totals, in the caller's transaction;
    /// the totals (Sarajevo days) let a report over any period read a few thousand rows, not millions.
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
        let day = Day(sarajevo: entry.occurredAt).description
        for (table, period, value) in [
            ("ledger_daily", "day", day), ("ledger_monthly", "month", String(day.prefix(7))),
        ] {
            try await db.raw(
                """
                INSERT INTO \(unsafeRaw: table) (municipality_id, kind, dimension, \(unsafeRaw: period), total)
                VALUES (\(bind: entry.municipalityID), \(bind: entry.kind.code), \(bind: entry.dimension), \
                \(bind: value), \(bind: entry.quantity))
                ON CONFLICT (municipality_id, kind, dimension, \(unsafeRaw: period)) DO UPDATE SET total = \
                \(unsafeRaw: table).total + excluded.total
                """
            ).run()
        }
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
    /// `from` to `to`, both included; the database adds up the totals, so few rows come back. Whole
    /// months are read from the monthly totals, the days of a month cut by the period from the daily ones.
    public func monthly(_ municipalityIDs: [String]?, from: Day, to: Day) async throws -> [MonthlyTotal] {
        let months = Self.wholeMonths(from: from, to: to)
        var query = SQLQueryString(
            "SELECT municipality_id, kind, dimension, month, CAST(SUM(total) AS BIGINT) AS total ")
        query.appendInterpolation(
            unsafeRaw: "FROM (SELECT municipality_id, kind, dimension, substr(day, 1, 7) AS month, ")
        query.appendInterpolation(unsafeRaw: "total FROM ledger_daily WHERE day >= ")
        query.appendInterpolation(bind: from.description)
        query.appendInterpolation(unsafeRaw: " AND day <= ")
        query.appendInterpolation(bind: to.description)
        if let months {
            query.appendInterpolation(unsafeRaw: " AND (substr(day, 1, 7) < ")
            query.appendInterpolation(bind: months.first)
            query.appendInterpolation(unsafeRaw: " OR substr(day, 1, 7) > ")
            query.appendInterpolation(bind: months.last)
            query.appendInterpolation(unsafeRaw: ")")
        }
        Self.appendMunicipalities(municipalityIDs, to: &query)
        if let months {
            query.appendInterpolation(
                unsafeRaw:
                    " UNION ALL SELECT municipality_id, kind, dimension, month, total FROM ledger_monthly WHERE month >= "
            )
            query.appendInterpolation(bind: months.first)
            query.appendInterpolation(unsafeRaw: " AND month <= ")
            query.appendInterpolation(bind: months.last)
            Self.appendMunicipalities(municipalityIDs, to: &query)
        }
        query.appendInterpolation(unsafeRaw: ") totals GROUP BY municipality_id, kind, dimension, month")
        return try await db.raw(query).rows(MonthlyTotal.self)
    }

    /// The first and last month (`YYYY-MM`) that lie wholly within the days from `from` to `to`, if any.
    static func wholeMonths(from: Day, to: Day) -> (first: String, last: String)? {
        let first = from.firstOfMonth(from.day == 1 ? 0 : 1)
        let last = to.firstOfMonth(to.adding(days: 1).day == 1 ? 0 : -1)
        guard !(last < first) else { return nil }
        return (String(first.description.prefix(7)), String(last.description.prefix(7)))
    }

    private static func appendMunicipalities(_ ids: [String]?, to query: inout SQLQueryString) {
        guard let ids else { return }
        query.appendInterpolation(unsafeRaw: " AND municipality_id IN ('-'")
        for id in ids { query.appendInterpolation(unsafeRaw: ", "); query.appendInterpolation(bind: id) }
        query.appendInterpolation(unsafeRaw: ")")
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
