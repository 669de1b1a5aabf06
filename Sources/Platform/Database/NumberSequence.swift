import SQLKit

/// Gapless yearly numbers of a series (a protocol, a register): taken inside the writing
/// transaction, so a rolled-back write gives its number back, and the row's lock makes
/// concurrent writers wait their turn instead of taking the same number.
public struct NumberSequence: Sendable {
    let db: any SQLDatabase
    public init(_ db: any SQLDatabase) { self.db = db }

    public func next(_ series: String, municipalityID: String, year: Int) async throws -> Int {
        let row = try await db.raw(
            """
            INSERT INTO number_sequences (municipality_id, series, year, last) VALUES (\(bind: municipalityID), \
            \(bind: series), \(bind: year), 1)
            ON CONFLICT (municipality_id, series, year) DO UPDATE SET last = number_sequences.last + 1
            RETURNING last
            """
        ).value("last", as: Int.self)
        return row!
    }
}
