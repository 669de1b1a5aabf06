import Foundation
import SQLKit

/// Who did something, and from where.
public struct Actor: Sendable {
    public let accountID: String?
    public let email: String
    public let clientAddress: String

    public init(accountID: String?, email: String, clientAddress: String) {
        self.accountID = accountID; self.email = email; self.clientAddress = clientAddress
    }

    public static func system(_ name: String) -> Actor { Actor(accountID: nil, email: name, clientAddress: "local") }
}

public struct AuditEntry: Sendable, Codable {
    public let id: String
    public let occurredAt: String
    public let actorID: String?
    public let actorEmail: String
    public let municipalityID: String?
    public let action: String
    public let objectType: String
    public let objectID: String
    public let detail: String
    public let clientAddress: String

    enum CodingKeys: String, CodingKey {
        case id, action, detail
        case occurredAt = "occurred_at", actorID = "actor_id", actorEmail = "actor_email"
        case municipalityID = "municipality_id", objectType = "object_type", objectID = "object_id"
        case clientAddress = "client_address"
    }
}

public struct AuditFilter: Sendable {
    public var municipalityID: String?
    public var actor: String?
    public var action: String?
    public var objectType: String?
    public var from: Date?
    public var to: Date?
    public var limit: Int = 200

    public init(
        municipalityID: String? = nil, actor: String? = nil, action: String? = nil, objectType: String? = nil,
        from: Date? = nil, to: Date? = nil, limit: Int = 200
    ) {
        self.municipalityID = municipalityID; self.actor = actor; self.action = action
        self.objectType = objectType; self.from = from; self.to = to; self.limit = limit
    }
}

/// The append-only record of staff writes and staff reads of personal data.
/// The table's triggers refuse UPDATE and DELETE; this type only appends and reads.
public struct AuditLog: Sendable {
    let db: any SQLDatabase
    let clock: AppClock
    /// Records outside a transaction share commits with other requests' (`GroupCommit`): a staff page
    /// that records its read then costs no commit of its own. The page still waits for the commit.
    let batched: GroupCommit<Row, Void>?

    /// Records in `db`'s own transaction: the record stands or falls with the change it describes.
    public init(_ db: any SQLDatabase, clock: AppClock) { self.db = db; self.clock = clock; batched = nil }

    /// Records through the process's group commit on `database`.
    public init(_ database: Database, clock: AppClock) {
        db = database.sql; self.clock = clock
        batched = database.groupCommit("audit") { db, rows in
            try await db.raw(.insert(into: "audit_log", columns: Row.columns, rows: rows.map(\.values))).run()
            return rows.map { _ in .success(()) }
        }
    }

    public func record(
        _ actor: Actor, _ action: String, objectType: String, objectID: String,
        municipalityID: String?, detail: String = ""
    ) async throws {
        let row = Row(values: [
            Random.id(), Timestamp.text(clock.now()), actor.accountID, actor.email, municipalityID, action, objectType,
            objectID, detail, actor.clientAddress,
        ])
        if let batched { return try await batched.submit(row) }
        try await db.raw(.insert(into: "audit_log", columns: Row.columns, rows: [row.values])).run()
    }

    /// One record's values, in `columns`' order.
    struct Row: Sendable {
        static let columns = [
            "id", "occurred_at", "actor_id", "actor_email", "municipality_id", "action", "object_type", "object_id",
            "detail", "client_address",
        ]
        let values: [any Encodable & Sendable]
    }

    public func search(_ filter: AuditFilter) async throws -> [AuditEntry] {
        var query = SQLQueryString("SELECT * FROM audit_log WHERE 1 = 1")
        let blankless = { (value: String?) -> String? in value?.isEmpty == true ? nil : value }
        query.appendFilters([
            ("municipality_id =", blankless(filter.municipalityID)),
            ("actor_email =", blankless(filter.actor?.lowercased())),
            ("action =", blankless(filter.action)), ("object_type =", blankless(filter.objectType)),
            ("occurred_at >=", filter.from.map(Timestamp.text)), ("occurred_at <", filter.to.map(Timestamp.text)),
        ])
        query.appendInterpolation(unsafeRaw: " ORDER BY occurred_at DESC, id LIMIT \(max(1, min(filter.limit, 1000)))")
        return try await db.raw(query).rows(AuditEntry.self)
    }
}
