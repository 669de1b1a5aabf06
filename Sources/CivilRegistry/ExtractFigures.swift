import Foundation
import Platform
import SQLKit

/// The registrar's figures for requests received in a period: received, issued, rejected,
/// still waiting, and the median time from request to document. Pure apart from `load`.
public struct ExtractFigures: Sendable, Equatable {
    public var received = 0, issued = 0, rejected = 0, waiting = 0
    public var medianHoursToIssue: Double?

    public init(_ rows: [(status: ExtractStatus, submittedAt: Date, decidedAt: Date?)]) {
        received = rows.count
        var hours: [Double] = []
        for row in rows {
            switch row.status {
            case .received, .waitingProof: waiting += 1
            case .rejected: rejected += 1
            case .issued:
                issued += 1
                if let decided = row.decidedAt { hours.append(decided.timeIntervalSince(row.submittedAt) / 3600) }
            }
        }
        medianHoursToIssue = nearestRankPercentile(hours.sorted(), 0.5)
    }

    /// Requests of the municipality submitted in [from, to).
    public static func load(_ db: any SQLDatabase, municipalityID: String, from: Date, to: Date) async throws
        -> ExtractFigures
    {
        let rows = try await db.raw(
            """
            SELECT status, submitted_at, decided_at FROM extract_requests WHERE municipality_id = \
            \(bind: municipalityID)
              AND submitted_at >= \(bind: Timestamp.text(from)) AND submitted_at < \(bind: Timestamp.text(to))
            """
        ).rows(Row.self)
        return ExtractFigures(rows.map { ($0.status, $0.submittedAt, $0.decidedAt) })
    }

    private struct Row: Decodable {
        let status: ExtractStatus
        @Instant var submittedAt: Date
        @OptionalInstant var decidedAt: Date?
    }
}
