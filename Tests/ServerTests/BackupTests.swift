import Documents
import Foundation
import Logging
import Platform
import TestSupport
import Testing
import ZavicajServer

/// Backups of a live SQLite database, restores, and signing keys kept outside the database.
@Suite struct BackupTests {
    static let logger = Logger(label: "backup-test")

    @Test func aLiveDatabaseIsCopiedCheckedAndRestored() async throws {
        let location = try await Backend.sqlite.location()
        guard case .sqlite(let path) = location else { return }
        let app = try await TestApp.make(.sqlite, database: location)
        let copy = path + ".copy"
        // Writes go on while the copy is made; the copy holds what was committed before it.
        async let writing = app.environment.mail.enqueue(to: "during@example.org", subject: "x", body: "y")
        let migrations = try await Backup.copy(app.environment.database, to: copy, logger: Self.logger)
        _ = try await writing
        #expect(migrations.count == Capabilities.all.migrations.count)
        await #expect(throws: Backup.Refused.self, "never over an existing file") {
            try await Backup.copy(app.environment.database, to: copy, logger: Self.logger)
        }
        let municipalities = try await app.count("municipalities")
        try await app.environment.mail.enqueue(to: "after@example.org", subject: "x", body: "y")

        // While a server runs on the file, restore is refused.
        let serving = try #require(try app.environment.database.holdWhileServing())
        await #expect(throws: Backup.Refused.self) {
            try await Backup.restore(
                copy, over: path, known: Set(Capabilities.all.migrations.map(\.id)), logger: Self.logger, at: Date())
        }
        serving.release()
        try await app.shutdown()

        let kept = try await Backup.restore(
            copy, over: path, known: Set(Capabilities.all.migrations.map(\.id)), logger: Self.logger, at: Date())
        #expect(FileManager.default.fileExists(atPath: kept), "the replaced database is kept")
        let restored = try await TestApp.make(.sqlite, database: location, demo: false)
        #expect(try await restored.count("municipalities") == municipalities)
        #expect(
            try await restored.count("mails", "recipient = 'after@example.org'") == 0,
            "what came after the copy is not in it")
        try await restored.shutdown()
    }

    @Test func aDamagedOrForeignCopyIsRefused() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "zavicaj-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let junk = directory.appendingPathComponent("junk.sqlite").path
        try Data("not a database at all".utf8).write(to: URL(fileURLWithPath: junk))
        await #expect(throws: Backup.Refused.self) { try await Backup.check(junk, logger: Self.logger) }
        // A copy from a newer build: a migration this build does not know.
        let location = try await Backend.sqlite.location()
        guard case .sqlite(let path) = location else { return }
        let app = try await TestApp.make(.sqlite, database: location, demo: false)
        try await app.environment.database.sql.raw(
            "INSERT INTO schema_migrations (id, applied_at) VALUES ('zz-999-future', 'x')"
        ).run()
        try await app.shutdown()
        await #expect(throws: Backup.Refused.self) {
            try await Backup.check(path, logger: Self.logger, known: Set(Capabilities.all.migrations.map(\.id)))
        }
    }

    @Test(arguments: Backend.all)
    func privateKeysCanLiveInAFileOutsideTheDatabase(_ backend: Backend) async throws {
        let app = try await TestApp.make(backend, demo: false)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "zavicaj-keys-\(UUID().uuidString).json"
        ).path
        let ring = KeyRing(app.environment.database.sql, clock: app.clock.clock, keyFile: file)
        let first = try await ring.current()
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try await app.count("signing_keys", "private_key = ''") == 1, "the database holds only the public key")
        let content = ["document.number": "JAJ-IZ-2026-000001", "person.name": "Đurđa Hadžić"]
        let seal = try DocumentSeal.sign(content, with: first)
        #expect(try await ring.current().id == first.id, "the same key until rotated")
        let second = try await ring.rotate()
        let now = try await ring.current()
        #expect(second.id != first.id && now.id == second.id)
        let keys = try await ring.publicKeys()
        #expect(seal.verifies(content, keys: keys), "what the retired key signed still verifies")
        try await app.shutdown()
    }
}
