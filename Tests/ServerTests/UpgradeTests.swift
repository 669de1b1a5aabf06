import Foundation
import Logging
import Platform
import TestSupport
import Testing
import ZavicajServer

/// A database made by an earlier release takes the new migrations with its rows intact.
@Suite struct UpgradeTests {
    /// Books gained registry areas and years; SQLite rebuilds the entries table under the rows that point at it.
    @Test(arguments: Backend.all)
    func entriesKeepTheirVersionsWhenAreasAndYearsArrive(_ backend: Backend) async throws {
        let database = try await DatabaseConnector.open(
            try await backend.location(), logger: Logger(label: "upgrade-test"))
        let all = Capabilities.all.migrations
        let before = Array(all.prefix { $0.id != "registry-007-areas-and-years" })
        #expect(before.count < all.count)
        let now = Date()
        try await Migrator(database: database).migrate(before, at: now)
        let sql = database.sql
        try await sql.raw(
            "INSERT INTO municipalities (id, slug, code, names, created_at) VALUES ('m1', 'stari', 'STA', '{}', 'x')"
        ).run()
        try await sql.raw(
            """
            INSERT INTO registry_entries (id, municipality_id, book, volume, page, number, registered_on, created_at)
            VALUES ('e1', 'm1', 'births', 12, 48, 3, '1994-03-16', 'x')
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO registry_versions (id, entry_id, version, kind, fields, annotation, recorded_at, recorded_by, \
            recorded_by_name, seal)
            VALUES ('v1', 'e1', 1, 'entry', '{}', '{}', 'x', 'r', 'R', 's')
            """
        ).run()

        #expect(
            try await Migrator(database: database).migrate(all, at: now) == ["registry-007-areas-and-years"]
                + all.drop { $0.id != "registry-007-areas-and-years" }.dropFirst().map(\.id))
        let row = try #require(
            try await sql.raw("SELECT area, book_year, volume FROM registry_entries WHERE id = 'e1'").first())
        #expect(
            try row.decode(column: "area", as: String.self) == "" && row.decode(column: "book_year", as: Int.self) == 0)
        #expect(try await sql.raw("SELECT id FROM registry_versions WHERE entry_id = 'e1'").all().count == 1)
        // Foreign keys hold after the rebuild: a version of no entry is refused.
        await #expect(throws: (any Error).self) {
            try await sql.raw(
                """
                INSERT INTO registry_versions (id, entry_id, version, kind, fields, annotation, recorded_at, \
                recorded_by, recorded_by_name, seal)
                VALUES ('v2', 'nobody', 1, 'entry', '{}', '{}', 'x', 'r', 'R', 's')
                """
            ).run()
        }
        // The same volume/page/number in another area is another entry; in the same area and year it is refused.
        try await sql.raw(
            """
            INSERT INTO registry_entries (id, municipality_id, book, area, book_year, volume, page, number, \
            registered_on, created_at)
            VALUES ('e2', 'm1', 'births', 'Jajce II', 1994, 12, 48, 3, '1994-03-16', 'x')
            """
        ).run()
        await #expect(throws: (any Error).self) {
            try await sql.raw(
                """
                INSERT INTO registry_entries (id, municipality_id, book, area, book_year, volume, page, number, \
                registered_on, created_at)
                VALUES ('e3', 'm1', 'births', 'Jajce II', 1994, 12, 48, 3, '1994-03-16', 'x')
                """
            ).run()
        }
        try await database.shutdown()
    }
}
