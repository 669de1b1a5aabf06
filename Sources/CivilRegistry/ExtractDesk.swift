import Documents
import Foundation
import Platform
import SQLKit

/// What a registrar does with requests: find the entry, issue the signed document, or refuse
/// with a reason; and revoke a document issued in error. Every step is audited.
public struct ExtractDesk: Sendable {
    let env: AppEnvironment
    let municipality: Municipality
    let registrar: Account
    let actor: Actor

    public init(_ env: AppEnvironment, municipality: Municipality, registrar: Account, actor: Actor) {
        self.env = env; self.municipality = municipality; self.registrar = registrar; self.actor = actor
    }

    var store: ExtractStore { ExtractStore(env.database.sql) }
    var registry: RegistryDesk { RegistryDesk(env, registrar: registrar, actor: actor) }

    /// A request of this municipality, its opening logged.
    public func open(_ key: String) async throws -> ExtractRequest {
        guard let request = try await store.request(key), request.municipalityID == municipality.id else {
            throw AppError.notFound
        }
        try await env.audit.record(
            actor, "extract.request.read", objectType: "extract_request", objectID: request.id,
            municipalityID: municipality.id, detail: request.number)
        return request
    }

    /// Entries of the requested book that match the request's JMBG, or its name and date of birth, in any
    /// municipality; or, when the registrar searches further, what they typed.
    public func suggestions(
        _ request: ExtractRequest, jmbg: String? = nil, name: String? = nil, birthDate: String? = nil
    ) async throws -> [RegistryEntry] {
        var query = RegistryQuery()
        query.book = request.kind.book
        if jmbg != nil || name != nil {
            query.jmbg = jmbg.map { $0.filter(\.isNumber) }
            query.nameKey = name.map(NameKey.of)
            query.birthDate = birthDate.flatMap { Day(text: $0)?.description }
        } else if let jmbg = request.subject.jmbg {
            query.jmbg = jmbg
        } else {
            query.nameKey = NameKey.of("\(request.subject.givenName) \(request.subject.surname)")
            if request.kind.book != .marriages { query.birthDate = request.subject.birthDate }
        }
        return try await registry.search(query)
    }

    /// Issues the document from `entryID` (any municipality's book), signed with the current key.
    /// A request "for self" that differs from the entry is issued only with the registrar's stated reason (`note`).
    public func issue(_ request: ExtractRequest, entryID: String?, language raw: String?, note rawNote: String? = nil)
        async throws -> IssuedDocument
    {
        guard request.status == .received else { throw AppError(.conflict, code: "extract_already_decided") }
        guard let entryID, !entryID.isEmpty else { throw AppError.invalid("entry_id", "extract_choose_entry") }
        // Read here, logged below in the same transaction as the issue (one durable write, not two).
        guard let entry = try await RegistryStore(env.database.sql).entry(entryID) else {
            throw AppError.invalid("entry_id", "extract_choose_entry")
        }
        guard let keeper = try await env.municipalities.find(id: entry.municipalityID) else { throw AppError.notFound }
        return try await issue(request, entry, keeper: keeper, record: nil, language: raw, note: rawNote)
    }

    /// Issues the document from a record another deployment keeps, read from it for this request:
    /// the document carries the keeper's sealed version beside this deployment's seal.
    public func issue(
        _ request: ExtractRequest, keptElsewhere record: KeptElsewhere, language raw: String?, note rawNote: String?
    ) async throws -> IssuedDocument {
        guard request.status == .received else { throw AppError(.conflict, code: "extract_already_decided") }
        return try await issue(
            request, record.entry, keeper: record.keeper, record: record, language: raw, note: rawNote)
    }

    private func issue(
        _ request: ExtractRequest, _ entry: RegistryEntry, keeper: Municipality, record: KeptElsewhere?,
        language raw: String?, note rawNote: String?
    ) async throws -> IssuedDocument {
        guard entry.book == request.kind.book else { throw AppError.invalid("entry_id", "extract_wrong_book") }
        let note = (rawNote ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let differences = ExtractRules.selfDifferences(request, entry: entry.current)
        if !differences.isEmpty, note.isEmpty {
            throw AppError.invalid(
                "issue_note", "extract_self_reason", ["differences": differences.joined(separator: ",")])
        }
        guard note.count <= 1000 else { throw AppError.invalid("issue_note", "too_long", ["max": "1000"]) }
        var chosen = request.language
        if let raw, !raw.isEmpty {
            guard let language = Language(rawValue: raw), DocumentLanguage.all.contains(language) else {
                throw AppError.invalid("language", "invalid_choice")
            }
            chosen = language
        }
        let key = try await KeyRing(env.database.sql, clock: env.clock).current()
        let mailLanguage = try await ExtractService(env).mailLanguage(request)
        let now = env.clock.now()
        let (env, municipality, registrar, actor, language) = (env, municipality, registrar, actor, chosen)
        return try await env.database.transaction { db in
            let store = ExtractStore(db)
            let year = Day(sarajevo: now).year
            let number = String(
                format: "%@-IZ-%d-%06d", municipality.code, year,
                try await store.next("document", municipalityID: municipality.id, year: year))
            let code = ShortCode.make()
            var issue = ExtractContent.Issue(
                number: number, code: code, kind: request.kind, language: language, issuer: municipality,
                keeper: keeper,
                registrarName: registrar.displayName, issuedAt: now, verifyURL: "\(env.settings.baseURL)/verify/\(code)"
            )
            issue.record = record
            let document = try Self.render(
                entry, issue, request: request, key: key, catalog: env.catalogs[language], by: registrar.id)
            try await store.insert(document)
            guard
                try await store.decide(
                    request.id, status: .issued, reason: nil, note: nil, documentNumber: number, by: registrar.id,
                    at: now)
            else {
                throw AppError(.conflict, code: "extract_already_decided")
            }
            if !note.isEmpty { try await store.setIssueNote(request.id, note) }
            try await Ledger(db).record(
                LedgerEntry(
                    municipalityID: municipality.id, kind: ExtractService.ematicarService, occurredAt: now,
                    sourceType: "issued_document", sourceID: document.id,
                    attributes: [
                        "kind": request.kind.rawValue, "keeper": keeper.slug, "delivery": request.delivery.rawValue,
                    ]))
            let audit = AuditLog(db, clock: env.clock)
            // A record kept elsewhere was read (and logged) by its keeper, in the signed exchange.
            if record == nil {
                try await audit.record(
                    actor, "registry.entry.read", objectType: "registry_entry", objectID: entry.id,
                    municipalityID: entry.municipalityID,
                    detail: "\(entry.book.rawValue) \(entry.reference.description) by \(municipality.id) for \(number)")
            }
            try await audit.record(
                actor, "extract.issue", objectType: "extract_request", objectID: request.id,
                municipalityID: municipality.id,
                detail: "\(request.number) → \(number) from \(keeper.slug) \(entry.id)"
                    + (record.map { " at \($0.deployment)" } ?? "")
                    + (note.isEmpty ? "" : " despite \(differences.joined(separator: ",")): \(note)"))
            try await MailQueue(db, clock: env.clock).enqueue([
                ExtractService(env).mail(
                    request, municipality: municipality, template: "extract_mail_issued",
                    language: mailLanguage, extra: ["document_number": number])
            ])
            return document
        }
    }

    /// Renders and seals one document (no I/O): what the benchmark measures besides the insert.
    public static func render(
        _ entry: RegistryEntry, _ issue: ExtractContent.Issue, request: ExtractRequest?, key: SigningKey,
        catalog: Catalog, by registrarID: String
    ) throws -> IssuedDocument {
        let (pdf, fields, seal) = try ExtractLayout.pdf(ExtractContent.fields(entry, issue), key: key, catalog: catalog)
        return IssuedDocument(
            id: Random.id(), number: issue.number, code: issue.code, requestID: request?.id,
            municipalityID: issue.issuer.id,
            keeperID: issue.keeper.id, entryID: entry.id, entryVersion: entry.versions.last?.version ?? 1,
            kind: issue.kind,
            language: issue.language, content: fields, seal: seal.text, pdf: pdf, issuedAt: issue.issuedAt,
            issuedBy: registrarID)
    }

    /// Refuses the request; the reason and the registrar's words go to the requester.
    public func reject(_ request: ExtractRequest, reason raw: String?, note rawNote: String?) async throws {
        guard request.status == .received else { throw AppError(.conflict, code: "extract_already_decided") }
        guard let reason = raw.flatMap(RejectionReason.init(rawValue:)) else {
            throw AppError.invalid("reason", "invalid_choice")
        }
        let note = (rawNote ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason == .other, note.isEmpty { throw AppError.invalid("note", "required") }
        guard note.count <= 2000 else { throw AppError.invalid("note", "too_long", ["max": "2000"]) }
        let language = try await ExtractService(env).mailLanguage(request)
        let now = env.clock.now()
        let (env, municipality, registrar, actor) = (env, municipality, registrar, actor)
        try await env.database.transaction { db in
            guard
                try await ExtractStore(db).decide(
                    request.id, status: .rejected, reason: reason.rawValue, note: note.isEmpty ? nil : note,
                    documentNumber: nil, by: registrar.id, at: now)
            else {
                throw AppError(.conflict, code: "extract_already_decided")
            }
            try await AuditLog(db, clock: env.clock).record(
                actor, "extract.reject", objectType: "extract_request", objectID: request.id,
                municipalityID: municipality.id, detail: "\(request.number) \(reason.rawValue)")
            let catalog = env.catalogs[language]
            try await MailQueue(db, clock: env.clock).enqueue([
                ExtractService(env).mail(
                    request, municipality: municipality, template: "extract_mail_rejected",
                    language: language,
                    extra: ["reason": catalog.text("extract_reason_\(reason.rawValue)"), "note": note])
            ])
        }
    }

    /// Asks the requester for proof (of kinship, of a proxy's mandate) before issuing; the request waits for it.
    public func askProof(_ request: ExtractRequest, note raw: String?) async throws {
        let note = try AccountRules.text(raw, field: "proof_note", limit: 1000)
        let language = try await ExtractService(env).mailLanguage(request)
        let (env, municipality, actor) = (env, municipality, actor)
        try await env.database.transaction { db in
            guard try await ExtractStore(db).setProof(request.id, note: note, from: .received, to: .waitingProof) else {
                throw AppError(.conflict, code: "extract_already_decided")
            }
            try await AuditLog(db, clock: env.clock).record(
                actor, "extract.ask_proof", objectType: "extract_request", objectID: request.id,
                municipalityID: municipality.id, detail: request.number)
            try await MailQueue(db, clock: env.clock).enqueue([
                ExtractService(env).mail(
                    request, municipality: municipality, template: "extract_mail_proof",
                    language: language, extra: ["note": note])
            ])
        }
    }

    /// Records the registered-mail number of a posted document and tells the requester.
    /// Records that the registrar printed the issued document to sign and stamp it by hand (for
    /// delivery by post: the electronic seal is not a qualified signature); returns it to print.
    public func printed(_ request: ExtractRequest) async throws -> IssuedDocument {
        guard request.status == .issued, let number = request.documentNumber,
            let document = try await store.document(number: number)
        else {
            throw AppError(.conflict, code: "extract_not_issued")
        }
        let (env, municipality, registrar, actor, now) = (env, municipality, registrar, actor, env.clock.now())
        try await env.database.transaction { db in
            try await ExtractStore(db).printed(request.id, by: registrar.id, at: now)
            try await AuditLog(db, clock: env.clock).record(
                actor, "extract.print", objectType: "extract_request", objectID: request.id,
                municipalityID: municipality.id, detail: "\(request.number) \(number)")
        }
        return document
    }

    public func dispatch(_ request: ExtractRequest, trackingNumber raw: String?) async throws {
        guard request.status == .issued, request.delivery == .post else {
            throw AppError(.conflict, code: "extract_not_for_post")
        }
        guard request.printedAt != nil else { throw AppError.invalid("tracking_number", "extract_print_first") }
        let number: String
        do { number = try RegisteredMail.normalized(raw ?? "") } catch {
            throw AppError.invalid("tracking_number", error.rawValue)
        }
        let language = try await ExtractService(env).mailLanguage(request)
        let (env, municipality, actor, now) = (env, municipality, actor, env.clock.now())
        try await env.database.transaction { db in
            try await ExtractStore(db).dispatch(request.id, trackingNumber: number, at: now)
            try await AuditLog(db, clock: env.clock).record(
                actor, "extract.dispatch", objectType: "extract_request", objectID: request.id,
                municipalityID: municipality.id, detail: "\(request.number) \(number)")
            try await MailQueue(db, clock: env.clock).enqueue([
                ExtractService(env).mail(
                    request, municipality: municipality, template: "extract_mail_posted",
                    language: language, extra: ["tracking_number": number])
            ])
        }
    }

    /// Revokes a document this municipality issued; it verifies as revoked from then on.
    public func revoke(_ number: String, reason raw: String?) async throws -> IssuedDocument {
        guard let document = try await store.document(number: number), document.municipalityID == municipality.id else {
            throw AppError.notFound
        }
        let reason = try AccountRules.text(raw, field: "revocation_reason", limit: 1000)
        let now = env.clock.now()
        let (env, municipality, registrar, actor) = (env, municipality, registrar, actor)
        let request = try await document.requestID.asyncMap { try await store.request($0) } ?? nil
        let language = try await request.asyncMap { try await ExtractService(env).mailLanguage($0) }
        try await env.database.transaction { db in
            guard try await ExtractStore(db).revoke(document.id, reason: reason, by: registrar.id, at: now) else {
                throw AppError(.conflict, code: "extract_already_revoked")
            }
            try await AuditLog(db, clock: env.clock).record(
                actor, "document.revoke", objectType: "issued_document", objectID: document.id,
                municipalityID: municipality.id, detail: "\(document.number): \(reason)")
            if let request, let language {
                try await MailQueue(db, clock: env.clock).enqueue([
                    ExtractService(env).mail(
                        request, municipality: municipality, template: "extract_mail_revoked",
                        language: language, extra: ["document_number": document.number, "reason": reason])
                ])
            }
        }
        return try await store.document(number: number)!
    }
}
