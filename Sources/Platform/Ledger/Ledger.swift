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
        let day = Day(sarajevo: entry.occurredAt)
        for (table, period, value) in [
            ("ledger_daily", "day", day.description), ("ledger_monthly", "month", day.yearMonth),
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
    /// months are read from the monthly totals, the days of a month cut by the period from the daily
    /// ones: each part a range of its table's index.
    public func monthly(_ municipalityIDs: [String]?, from: Day, to: Day) async throws -> [MonthlyTotal] {
        let months = Self.wholeMonths(from: from, to: to)
        let days = Self.cutDays(from: from, to: to, whole: months)
        var query = SQLQueryString(
            """
            SELECT municipality_id, kind, dimension, month, CAST(SUM(total) AS BIGINT) AS total FROM (
            SELECT municipality_id, kind, dimension, substr(day, 1, 7) AS month, total FROM ledger_daily WHERE (1 = 0
            """)
        for (first, end) in days {
            query.appendInterpolation(unsafeRaw: " OR (day >= ")
            query.appendInterpolation(bind: first.description)
            query.appendInterpolation(unsafeRaw: " AND day < ")
            query.appendInterpolation(bind: end.description)
            query.appendInterpolation(unsafeRaw: ")")
        }
        query.appendInterpolation(unsafeRaw: ")")
        Self.appendMunicipalities(municipalityIDs, to: &query)
        if let (first, end) = months {
            query.appendInterpolation(unsafeRaw: " UNION ALL SELECT municipality_id, kind, dimension, month, total")
            query.appendInterpolation(unsafeRaw: " FROM ledger_monthly WHERE month >= ")
            query.appendInterpolation(bind: first.yearMonth)
            query.appendInterpolation(unsafeRaw: " AND month < ")
            query.appendInterpolation(bind: end.yearMonth)
            Self.appendMunicipalities(municipalityIDs, to: &query)
        }
        query.appendInterpolation(unsafeRaw: ") totals GROUP BY municipality_id, kind, dimension, month")
        return try await db.raw(query).rows(MonthlyTotal.self)
    }

    /// The first day of the first month the period holds whole, and the first day after the last such
    /// month; nil when it holds none.
    static func wholeMonths(from: Day, to: Day) -> (first: Day, end: Day)? {
        let first = from.firstOfMonth(from.day == 1 ? 0 : 1)
        let end = to.adding(days: 1).firstOfMonth(0)
        return first < end ? (first, end) : nil
    }

    /// The days left to read from the daily totals, as ranges from a first day up to an end (not included).
    static func cutDays(from: Day, to: Day, whole: (first: Day, end: Day)?) -> [(Day, Day)] {
        let after = to.adding(days: 1)
        guard let (first, end) = whole else { return [(from, after)] }
        return [(from, first), (end, after)].filter { $0.0 < $0.1 }
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
