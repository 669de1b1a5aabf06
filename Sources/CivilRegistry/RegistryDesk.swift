import Documents
import Foundation
import Platform
import SQLKit

/// What a registrar does with the books. Every write and every read of an entry is in the
/// audit log of the municipality that keeps the book, whoever reads it.
public struct RegistryDesk: Sendable {
    /// Who keeps the books.
    static let registrars: Set<Role> = [.registrar, .platformAdmin]
    let env: AppEnvironment
    let registrar: Account
    let actor: Actor

    public init(_ env: AppEnvironment, registrar: Account, actor: Actor) {
        self.env = env; self.registrar = registrar; self.actor = actor
    }

    var store: RegistryStore { RegistryStore(env.database.sql) }
    var today: Day { Day(sarajevo: env.clock.now()) }

    /// Enters a new entry in the registrar's own municipality's book; returns it and the warnings the
    /// registrar confirmed (`confirmed`; unconfirmed warnings refuse the entry and change nothing).
    /// `abroad`: the report of an event abroad this entry records; it is closed in the same transaction.
    public func create(
        _ book: RegistryBook, in municipality: Municipality, place: [String: String], fields input: [String: String],
        confirmed: Bool, abroad: AbroadReport? = nil
    ) async throws -> (RegistryEntry, [String]) {
        let reference = try RegistryRules.reference(
            area: place["area"], year: place["book_year"], volume: place["volume"], page: place["page"],
            number: place["number"], today: today)
        guard let registered = place["registered_on"].flatMap({ Day(text: $0) }), registered <= today else {
            throw AppError.invalid("registered_on", "invalid_date")
        }
        let (fields, warnings) = try RegistryRules.check(book, input, today: today)
        try Self.confirm(warnings, confirmed)
        guard try await !store.exists(municipalityID: municipality.id, book: book, reference: reference) else {
            throw AppError.invalid("number", "registry_reference_taken")
        }
        let id = Random.id()
        if let abroad, abroad.book != book || abroad.municipalityID != municipality.id {
            throw AppError.invalid("abroad", "invalid_choice")
        }
        let (env, actor) = (env, actor)
        try await write(entryID: id, municipalityID: municipality.id, action: "registry.entry.create") { db, key in
            try await RegistryStore(db).insertEntry(
                id: id, municipalityID: municipality.id, book: book, reference: reference,
                registeredOn: registered.description, at: env.clock.now())
            if let abroad {
                try await AbroadService(env).entered(
                    abroad, entryID: id, municipality: municipality, db: db, actor: actor)
            }
            return try self.version(
                1, kind: "entry", entryID: id, book: book, reference: reference, fields: fields, annotation: [:],
                key: key)
        }
        return (try await store.entry(id)!, warnings)
    }

    /// Adds a later entry (naknadni upis) or a correction as a new version; the earlier ones stay as they were.
    public func annotate(_ entry: RegistryEntry, kind raw: String?, form: [String: String], confirmed: Bool = false)
        async throws -> RegistryEntry
    {
        guard let kind = raw.flatMap(AnnotationKind.init(rawValue:)) else {
            throw AppError.invalid("kind", "invalid_choice")
        }
        guard entry.municipalityID == registrar.municipalityID || registrar.role == .platformAdmin else {
            throw AppError.forbidden
        }
        var annotation: [String: String] = ["kind": kind.rawValue]
        for name in ["description", "act", "issuer", "act_number"] {
            let value = (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { throw AppError.invalid(name, "required") }
            annotation[name] = value
        }
        guard let actDate = form["act_date"].flatMap({ Day(text: $0) }), actDate <= today else {
            throw AppError.invalid("act_date", "invalid_date")
        }
        annotation["act_date"] = actDate.description
        // Changed fields (a correction, a new surname) are checked as a whole entry.
        var changed = entry.current
        for field in entry.book.fields {
            if let value = form["field_\(field.name)"], !value.isEmpty { changed[field.name] = value }
        }
        let (fields, warnings) = try RegistryRules.check(entry.book, changed, today: today)
        // Only what this annotation changes needs confirming; the entry's own warnings were confirmed when it was made.
        let (_, before) = (try? RegistryRules.check(entry.book, entry.current, today: today)) ?? ([:], [])
        try Self.confirm(warnings.filter { !before.contains($0) }, confirmed)
        let next = (entry.versions.last?.version ?? 0) + 1
        let annotated = annotation
        try await write(entryID: entry.id, municipalityID: entry.municipalityID, action: "registry.entry.annotate") {
            _, key in
            try self.version(
                next, kind: kind.rawValue, entryID: entry.id, book: entry.book, reference: entry.reference,
                fields: fields, annotation: annotated, key: key)
        }
        return try await store.entry(entry.id)!
    }

    /// Opens an entry of any municipality; the keeping municipality's log records the read.
    public func read(_ id: String) async throws -> RegistryEntry {
        guard let entry = try await store.entry(id) else { throw AppError.notFound }
        try await env.audit.record(
            actor, "registry.entry.read", objectType: "registry_entry", objectID: id,
            municipalityID: entry.municipalityID,
            detail: "\(entry.book.rawValue) \(entry.reference.description) by \(registrar.municipalityID ?? "-")")
        return entry
    }

    /// Searches every municipality's books; each entry found counts as a read in its keeping municipality's log.
    public func search(_ query: RegistryQuery) async throws -> [RegistryEntry] {
        var found: [RegistryEntry] = []
        for id in try await store.search(query) {
            guard let entry = try await store.entry(id) else { continue }
            try await env.audit.record(
                actor, "registry.entry.found", objectType: "registry_entry", objectID: id,
                municipalityID: entry.municipalityID, detail: "search by \(registrar.municipalityID ?? "-")")
            found.append(entry)
        }
        return found
    }

    /// Whether each version's seal still matches its content, by version number.
    public func sealsHold(_ entry: RegistryEntry) async throws -> [Int: Bool] {
        let keys = try await KeyRing(env.database.sql, clock: env.clock).publicKeys()
        var result: [Int: Bool] = [:]
        for v in entry.versions {
            let content = RegistryVersion.sealed(
                entryID: entry.id, book: entry.book, reference: entry.reference, version: v.version, kind: v.kind,
                fields: v.fields, annotation: v.annotation, recordedAt: Timestamp.text(v.recordedAt),
                recordedBy: v.recordedBy)
            result[v.version] = DocumentSeal(text: v.seal)?.verifies(content, keys: keys) ?? false
        }
        return result
    }

    /// Refuses warnings the registrar has not confirmed; the keys travel in the error for the form and the API.
    static func confirm(_ warnings: [String], _ confirmed: Bool) throws {
        guard !warnings.isEmpty, !confirmed else { return }
        throw AppError.invalid(
            "confirm_warnings", "registry_confirm_warnings", ["warnings": warnings.joined(separator: ",")])
    }

    // MARK: Writing

    func version(
        _ number: Int, kind: String, entryID: String, book: RegistryBook, reference: BookReference,
        fields: [String: String], annotation: [String: String], key: SigningKey
    ) throws -> (RegistryVersion, [String: String]) {
        let now = env.clock.now()
        let content = RegistryVersion.sealed(
            entryID: entryID, book: book, reference: reference, version: number, kind: kind, fields: fields,
            annotation: annotation, recordedAt: Timestamp.text(now), recordedBy: registrar.id)
        let seal = try DocumentSeal.sign(content, with: key)
        return (
            RegistryVersion(
                version: number, kind: kind, fields: fields, annotation: annotation,
                recordedAt: Timestamp.date(Timestamp.text(now))!,
                recordedBy: registrar.id, recordedByName: registrar.displayName, seal: seal.text), fields
        )
    }

    /// One transaction: whatever `make` writes, the new version, the search rows and the audit entry.
    func write(
        entryID: String, municipalityID: String, action: String,
        _ make: @escaping @Sendable (any SQLDatabase, SigningKey) async throws -> (RegistryVersion, [String: String])
    ) async throws {
        let key = try await KeyRing(env.database.sql, clock: env.clock).current()
        let actor = actor, clock = env.clock, env = env
        try await env.database.transaction { db in
            let (version, fields) = try await make(db, key)
            let store = RegistryStore(db)
            try await store.append(version, to: entryID)
            guard let book = try await store.entry(entryID)?.book else { throw AppError.notFound }
            try await store.reindex(entryID, municipalityID: municipalityID, people: Self.people(book, fields))
            try await AuditLog(db, clock: clock).record(
                actor, action, objectType: "registry_entry", objectID: entryID,
                municipalityID: municipalityID, detail: "version \(version.version)")
            if version.version > 1 { try await AnnotationNotice.enqueue(entryID: entryID, db: db, env: env) }
        }
    }

    /// The people an entry is found by: the person, and for a marriage the spouse too.
    static func people(_ book: RegistryBook, _ f: [String: String]) -> [(
        jmbg: String?, nameKey: String, birthDate: String?
    )] {
        var people = [(f["jmbg"], NameKey.of("\(f["given_name"] ?? "") \(f["surname"] ?? "")"), f["birth_date"])]
        if book == .marriages {
            people.append(
                (f["spouse_jmbg"], NameKey.of("\(f["spouse_given_name"] ?? "") \(f["spouse_surname"] ?? "")"), nil))
        }
        return people
    }
}
