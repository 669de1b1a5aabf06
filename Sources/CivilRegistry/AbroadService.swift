import Foundation
import Platform
import SQLKit

/// Reports of events abroad: the member's side (report, add what was asked) and the
/// registrar's (ask for more, refuse, or enter it into the book). Each step mails the member.
public struct AbroadService: Sendable {
    let env: AppEnvironment
    public init(_ env: AppEnvironment) { self.env = env }
    public static let entered = LedgerKind("registry_abroad_entry", labelKey: "ledger_registry_abroad_entry")

    /// A report with at least one foreign document (PDF, JPEG or PNG).
    public func report(
        _ input: [String: String], files: [(filename: String, data: Data)], to municipality: Municipality,
        by member: Account,
        actor: Actor
    ) async throws -> AbroadReport {
        guard member.emailConfirmedAt != nil else { throw AppError(.forbidden, code: "extract_confirm_email") }
        let now = env.clock.now()
        let (book, details) = try AbroadReport.check(input, today: Day(sarajevo: now))
        let documents = try AttachmentKind.check(files, field: "foreign_document")
        guard !documents.isEmpty else { throw AppError.invalid("foreign_document", "foreign_document_required") }
        let draft = AbroadReport(
            id: Random.id(), number: "", municipalityID: municipality.id, requesterID: member.id,
            requesterName: member.displayName,
            requesterEmail: member.email, book: book, details: details, status: .received, submittedAt: now)
        let language = member.language
        return try await env.database.transaction { db in
            var report = draft
            let year = Day(sarajevo: now).year
            report.number = String(
                format: "%@-UI-%d-%06d", municipality.code, year,
                try await ExtractStore(db).next("abroad", municipalityID: municipality.id, year: year))
            try await AbroadStore(db).insert(report)
            for file in documents {
                try await ExtractStore(db).attach(file, to: report.id, role: "foreign_document", at: now)
            }
            try await AuditLog(db, clock: env.clock).record(
                actor, "abroad.report", objectType: "abroad_report", objectID: report.id,
                municipalityID: municipality.id, detail: "\(report.number) \(book.rawValue)")
            try await MailQueue(db, clock: env.clock).enqueue([
                mail(report, municipality: municipality, template: "abroad_mail_received", language: language)
            ])
            return report
        }
    }

    /// What the registrar asked for: words and, usually, another document; the report goes back to them.
    public func answer(_ report: AbroadReport, text raw: String?, files: [(filename: String, data: Data)], actor: Actor)
        async throws
    {
        guard report.status == .moreInfo else { throw AppError(.conflict, code: "abroad_nothing_asked") }
        let documents = try AttachmentKind.check(files, field: "foreign_document")
        let text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !documents.isEmpty || !text.isEmpty else { throw AppError.invalid("answer", "abroad_answer_required") }
        var details = report.details
        if !text.isEmpty { details["answer"] = String(text.prefix(2000)) }
        let (now, answered) = (env.clock.now(), details)
        try await env.database.transaction { db in
            guard
                try await AbroadStore(db).move(
                    report.id, from: [.moreInfo], to: .received, note: report.note, entryID: nil, at: now)
            else {
                throw AppError(.conflict, code: "abroad_nothing_asked")
            }
            try await db.raw(
                """
                UPDATE abroad_reports SET details = \(bind: RegistryStore.json(answered)) \
                WHERE id = \(bind: report.id)
                """
            ).run()
            for file in documents {
                try await ExtractStore(db).attach(file, to: report.id, role: "foreign_document", at: now)
            }
            try await AuditLog(db, clock: env.clock).record(
                actor, "abroad.answer", objectType: "abroad_report", objectID: report.id,
                municipalityID: report.municipalityID, detail: report.number)
        }
    }

    /// The registrar's decision other than entering: ask for more (`more_info`) or refuse (`rejected`), with words the
    /// member reads.
    public func decide(
        _ report: AbroadReport, to status: AbroadReport.Status, note raw: String?, municipality: Municipality,
        actor: Actor
    ) async throws {
        let note = try AccountRules.text(raw, field: "note", limit: 2000)
        let language = try await language(of: report)
        let now = env.clock.now()
        try await env.database.transaction { db in
            guard
                try await AbroadStore(db).move(
                    report.id, from: [.received], to: status, note: note, entryID: nil, at: now)
            else {
                throw AppError(.conflict, code: "extract_already_decided")
            }
            try await AuditLog(db, clock: env.clock).record(
                actor, "abroad.\(status.rawValue)", objectType: "abroad_report", objectID: report.id,
                municipalityID: municipality.id, detail: report.number)
            try await MailQueue(db, clock: env.clock).enqueue([
                mail(
                    report, municipality: municipality, template: "abroad_mail_\(status.rawValue)",
                    language: language, extra: ["note": note])
            ])
        }
    }

    /// Called in the transaction that enters the new entry: the report is done, the member told, the ledger counts it.
    func entered(_ report: AbroadReport, entryID: String, municipality: Municipality, db: any SQLDatabase, actor: Actor)
        async throws
    {
        let now = env.clock.now()
        guard
            try await AbroadStore(db).move(
                report.id, from: [.received], to: .entered, note: nil, entryID: entryID, at: now)
        else {
            throw AppError(.conflict, code: "extract_already_decided")
        }
        try await Ledger(db).record(
            LedgerEntry(
                municipalityID: municipality.id, kind: Self.entered, occurredAt: now, sourceType: "abroad_report",
                sourceID: report.id,
                attributes: ["book": report.book.rawValue, "country": report.details["country"] ?? ""]))
        try await AuditLog(db, clock: env.clock).record(
            actor, "abroad.entered", objectType: "abroad_report", objectID: report.id,
            municipalityID: municipality.id, detail: "\(report.number) → \(entryID)")
        let language =
            try await report.requesterID.asyncMap { try await AccountStore(db).find(id: $0)?.language } ?? nil
        try await MailQueue(db, clock: env.clock).enqueue([
            mail(report, municipality: municipality, template: "abroad_mail_entered", language: language ?? .bs)
        ])
    }

    func language(of report: AbroadReport) async throws -> Language {
        guard let id = report.requesterID else { return .bs }
        return try await env.accounts.find(id: id)?.language ?? .bs
    }

    func mail(
        _ report: AbroadReport, municipality: Municipality, template: String, language: Language,
        extra: [String: String] = [:]
    ) -> OutgoingMail {
        RequesterMail.make(
            env, number: report.number, name: report.requesterName, email: report.requesterEmail,
            municipality: municipality, path: "abroad", template: template, language: language,
            arguments: ["event": env.catalogs[language].text("abroad_book_\(report.book.rawValue)")].merging(extra) {
                $1
            })
    }
}
