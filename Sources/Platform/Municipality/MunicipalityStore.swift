import Foundation
import SQLKit

/// Reads and writes municipalities and their departments.
public struct MunicipalityStore: Sendable {
    let db: any SQLDatabase
    public init(_ db: any SQLDatabase) { self.db = db }

    public func all() async throws -> [Municipality] {
        try await db.raw("SELECT * FROM municipalities ORDER BY slug").all().map(Self.municipality)
    }

    public func find(slug: String) async throws -> Municipality? {
        try await db.raw("SELECT * FROM municipalities WHERE slug = \(bind: slug)").first().map(Self.municipality)
    }

    public func find(id: String) async throws -> Municipality? {
        try await db.raw("SELECT * FROM municipalities WHERE id = \(bind: id)").first().map(Self.municipality)
    }

    public func insert(_ m: Municipality, at now: Date) async throws {
        try await db.raw(
            """
            INSERT INTO municipalities (id, slug, code, names, address, email, phone, website, entity, canton, \
            created_at)
            VALUES (\(bind: m.id), \(bind: m.slug), \(bind: m.code), \(bind: m.names.json), \(bind: m.address),
                    \(bind: m.email), \(bind: m.phone), \(bind: m.website), \(bind: m.entity.rawValue), \
            \(bind: m.canton?.rawValue),
                    \(bind: Timestamp.text(now)))
            """
        ).run()
    }

    public func update(_ m: Municipality) async throws {
        try await db.raw(
            """
            UPDATE municipalities SET names = \(bind: m.names.json), address = \(bind: m.address),
              email = \(bind: m.email), phone = \(bind: m.phone), website = \(bind: m.website),
              entity = \(bind: m.entity.rawValue), canton = \(bind: m.canton?.rawValue)
            WHERE id = \(bind: m.id)
            """
        ).run()
    }

    public func departments(of municipalityID: String) async throws -> [Department] {
        try await db.raw(
            "SELECT * FROM departments WHERE municipality_id = \(bind: municipalityID) ORDER BY created_at, id"
        )
        .all().map(Self.department)
    }

    public func department(id: String, in municipalityID: String) async throws -> Department? {
        try await db.raw(
            "SELECT * FROM departments WHERE id = \(bind: id) AND municipality_id = \(bind: municipalityID)"
        )
        .first().map(Self.department)
    }

    public func insert(_ d: Department, at now: Date) async throws {
        try await db.raw(
            """
            INSERT INTO departments (id, municipality_id, names, email, created_at)
            VALUES (\(bind: d.id), \(bind: d.municipalityID), \(bind: d.names.json), \(bind: d.email), \
            \(bind: Timestamp.text(now)))
            """
        ).run()
    }

    public func update(_ d: Department) async throws {
        try await db.raw(
            """
            UPDATE departments SET names = \(bind: d.names.json), email = \(bind: d.email)
            WHERE id = \(bind: d.id) AND municipality_id = \(bind: d.municipalityID)
            """
        ).run()
    }

    static func municipality(_ row: any SQLRow) throws -> Municipality {
        Municipality(
            id: try row.decode(column: "id", as: String.self), slug: try row.decode(column: "slug", as: String.self),
            code: try row.decode(column: "code", as: String.self),
            names: LocalizedText(json: try row.decode(column: "names", as: String.self)),
            address: try row.decode(column: "address", as: String.self),
            email: try row.decode(column: "email", as: String.self),
            phone: try row.decode(column: "phone", as: String.self),
            website: try row.decode(column: "website", as: String.self),
            entity: Entity(rawValue: try row.decode(column: "entity", as: String.self)) ?? .fbih,
            canton: try row.decode(column: "canton", as: String?.self).flatMap(Canton.init(rawValue:)))
    }

    static func department(_ row: any SQLRow) throws -> Department {
        Department(
            id: try row.decode(column: "id", as: String.self),
            municipalityID: try row.decode(column: "municipality_id", as: String.self),
            names: LocalizedText(json: try row.decode(column: "names", as: String.self)),
            email: try row.decode(column: "email", as: String.self))
    }
}
