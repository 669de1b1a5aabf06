import Foundation
import SQLKit

/// An official letter in or out that the municipality's protocol (urudžbeni zapisnik) registers:
/// an inquiry received, its answer, an extract request, the decision on it. Capabilities offer
/// theirs through feeds; the document-flow capability reads the feeds and numbers each once.
public struct Correspondence: Sendable {
    public enum Direction: String, Sendable, CaseIterable { case incoming, outgoing }
    public let sourceType: String
    public let sourceID: String
    public let municipalityID: String
    public let direction: Direction
    /// The sender of an incoming item, the addressee of an outgoing one.
    public let party: String
    /// The party's address, so an erased person's name can be taken out of the register.
    public let partyContact: String
    public let subject: String
    public let departmentID: String?
    /// Items sharing a key (an inquiry and its answer) go into one case file.
    public let caseKey: String
    public let occurredAt: Date

    public init(
        sourceType: String, sourceID: String, municipalityID: String, direction: Direction, party: String,
        partyContact: String,
        subject: String, departmentID: String?, caseKey: String, occurredAt: Date
    ) {
        self.sourceType = sourceType; self.sourceID = sourceID; self.municipalityID = municipalityID;
        self.direction = direction
        self.party = party; self.partyContact = partyContact; self.subject = subject; self.departmentID = departmentID
        self.caseKey = caseKey; self.occurredAt = occurredAt
    }
}

/// Where a feed has been read up to: the time and id of the last item, in that order.
public struct FeedCursor: Sendable, Equatable, Decodable {
    public let at: String, id: String
    public init(at: String, id: String) { self.at = at; self.id = id }
    public static let start = FeedCursor(at: "", id: "")
}

/// One kind of correspondence a capability has, read in (time, id) order after a cursor and
/// up to a time (`until`) by which every item stamped earlier has surely been committed.
public struct CorrespondenceFeed: Sendable {
    public typealias Read =
        @Sendable (_ after: FeedCursor, _ until: String, _ limit: Int, _ db: any SQLDatabase) async throws -> [(
            Correspondence, FeedCursor
        )]
    public let sourceType: String
    public let read: Read

    public init(_ sourceType: String, read: @escaping Read) {
        self.sourceType = sourceType; self.read = read
    }

    /// Its name on the protocol's setup page, in the declaring capability's catalog.
    public var labelKey: String { "correspondence_\(sourceType)" }
}

extension CorrespondenceFeed {
    /// A feed over one query of the capability's own tables. `select` is written in code (never
    /// from input) and names the columns `id`, `at`, `municipality_id`, `party`, `party_contact`,
    /// `subject`, `department_id` and `case_key`, ending in a WHERE clause; `time` and `key` are
    /// the columns the feed is ordered by (an index on them keeps each read short).
    public static func query(
        _ sourceType: String, _ direction: Correspondence.Direction, select: String, time: String, key: String
    ) -> CorrespondenceFeed {
        CorrespondenceFeed(sourceType) { after, until, limit, db in
            var sql = SQLQueryString("\(unsafeRaw: select) AND (\(unsafeRaw: time), \(unsafeRaw: key)) > (")
            sql.appendInterpolation(bind: after.at)
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: after.id)
            sql.appendInterpolation(unsafeRaw: ") AND \(time) <= ")
            sql.appendInterpolation(bind: until)
            sql.appendInterpolation(unsafeRaw: " ORDER BY \(time), \(key) LIMIT \(limit)")
            return try await db.raw(sql).rows(FeedRow.self).map { row in
                (
                    Correspondence(
                        sourceType: sourceType, sourceID: row.id, municipalityID: row.municipalityID,
                        direction: direction, party: row.party, partyContact: row.partyContact, subject: row.subject,
                        departmentID: row.departmentID, caseKey: row.caseKey, occurredAt: try row.occurredAt),
                    FeedCursor(at: row.at, id: row.id)
                )
            }
        }
    }
}

/// The columns a feed's query names (see `CorrespondenceFeed.query`).
private struct FeedRow: Decodable {
    let id: String, at: String, municipalityID: String, party: String, partyContact: String, subject: String
    let departmentID: String?, caseKey: String

    var occurredAt: Date {
        get throws {
            guard let date = Timestamp.date(at) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not an instant: \(at)"))
            }
            return date
        }
    }
}
