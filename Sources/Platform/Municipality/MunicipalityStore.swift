import Foundation
import SQLKit

/// Reads and writes municipalities and their departments.
public struct MunicipalityStore: Sendable {
    let db: any SQLDatabase
    public init(_ db: any SQLDatabase) { self.db = db }

    public func all() async throws -> [Municipality] {
        try await db.raw("SELECT * FROM municipalities ORDER BY slug").rows(Municipality.self)
    }

    public func find(slug: String) async throws -> Municipality? {
        try await db.raw("SELECT * FROM municipalities WHERE slug = \(bind: slug)").row(Municipality.self)
    }

    public func find(id: String) async throws -> Municipality? {
        try await db.raw("SELECT * FROM municipalities WHERE id = \(bind: id)").row(Municipality.self)
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
              entity = \(bind: m.entity.rawValue), canton = \(bind: m.canton?.rawValue), colour = \(bind: m.colour)
            WHERE id = \(bind: m.id)
            """
        ).run()
    }

    public func departments(of municipalityID: String) async throws -> [Department] {
        try await db.raw(
            "SELECT * FROM departments WHERE municipality_id = \(bind: municipalityID) ORDER BY created_at, id"
        )
        .rows(Department.self)
    }

    public func department(id: String, in municipalityID: String) async throws -> Department? {
        try await db.raw(
            "SELECT * FROM departments WHERE id = \(bind: id) AND municipality_id = \(bind: municipalityID)"
        )
        .row(Department.self)
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
}
