import Foundation
import Platform
import SQLKit

/// What a member abroad does: request a document and follow it. Mails go out in the
/// requester's own language, from the same transaction that changes the request.
public struct ExtractService: Sendable {
    let env: AppEnvironment
    public init(_ env: AppEnvironment) { self.env = env }

    var store: ExtractStore { ExtractStore(env.database.sql) }
    public static let ematicarService = LedgerKind("ematicar_service", labelKey: "ledger_ematicar_service")

    /// Stores a request of a signed-in member whose address is confirmed; bad input or a
    /// second request for the same waiting document stores nothing.
    /// A proxy's power of attorney comes as `files` (PDF, JPEG or PNG).
    public func submit(
        _ input: [String: String], files: [(filename: String, data: Data)] = [], to municipality: Municipality,
        by member: Account,
        actor: Actor
    ) async throws -> ExtractRequest {
        guard member.emailConfirmedAt != nil else { throw AppError(.forbidden, code: "extract_confirm_email") }
        let now = env.clock.now()
        let checked = try ExtractRules.check(input, today: Day(sarajevo: now))
        let powerOfAttorney = try AttachmentKind.check(files, field: "power_of_attorney")
        if checked.relation.needsDocument, powerOfAttorney.isEmpty {
            throw AppError.invalid("power_of_attorney", "relation_needs_document")
        }
        let duplicateKey = ExtractRules.duplicateKey(checked.kind, checked.subject)
        guard try await !store.waiting(requesterID: member.id, duplicateKey: duplicateKey) else {
            throw AppError(.conflict, code: "extract_duplicate")
        }
        let fees = try await store.fees(municipality.id)
        let draft = ExtractRequest(
            id: Random.id(), number: "", municipalityID: municipality.id, requesterID: member.id,
            requesterName: member.displayName,
            requesterEmail: member.email, kind: checked.kind, relation: checked.relation,
            relationship: checked.relationship, subject: checked.subject, purpose: checked.purpose,
            copies: checked.copies, language: checked.language, delivery: checked.delivery,
            postalAddress: checked.address,
            payment: checked.payment, paymentReference: checked.reference,
            feeFening: fees.fee(checked.kind, copies: checked.copies, delivery: checked.delivery),
            feeDocumentFening: (fees.byKind[checked.kind] ?? 0) * checked.copies,
            feePostageFening: checked.delivery == .post ? fees.postage : 0,
            status: .received, submittedAt: now)
        let mailLanguage = member.language
        return try await env.database.transaction { db in
            var request = draft
            let store = ExtractStore(db)
            let year = Day(sarajevo: now).year
            request.number = String(
                format: "%@-EM-%d-%06d", municipality.code, year,
                try await store.next("request", municipalityID: municipality.id, year: year))
            try await store.insert(request, duplicateKey: duplicateKey)
            for file in powerOfAttorney {
                try await store.attach(file, to: request.id, role: "power_of_attorney", at: now)
            }
            try await AuditLog(db, clock: env.clock).record(
                actor, "extract.request", objectType: "extract_request", objectID: request.id,
                municipalityID: municipality.id, detail: "\(request.number) \(request.kind.rawValue)")
            try await MailQueue(db, clock: env.clock).enqueue([
                mail(
                    request, municipality: municipality, template: "extract_mail_received",
                    language: mailLanguage)
            ])
            return request
        }
    }

    /// The requester's proof, asked for by the registrar: the file is kept and the request goes back to the queue.
    public func answerProof(_ request: ExtractRequest, files: [(filename: String, data: Data)], actor: Actor)
        async throws
    {
        guard request.status == .waitingProof else { throw AppError(.conflict, code: "extract_no_proof_asked") }
        let checked = try AttachmentKind.check(files, field: "proof")
        guard !checked.isEmpty else { throw AppError.invalid("proof", "proof_required") }
        let now = env.clock.now()
        try await env.database.transaction { db in
            let store = ExtractStore(db)
            guard try await store.setProof(request.id, note: request.proofNote, from: .waitingProof, to: .received)
            else {
                throw AppError(.conflict, code: "extract_no_proof_asked")
            }
            for file in checked { try await store.attach(file, to: request.id, role: "proof", at: now) }
            try await AuditLog(db, clock: env.clock).record(
                actor, "extract.proof", objectType: "extract_request", objectID: request.id,
                municipalityID: request.municipalityID, detail: "\(request.number): \(checked.count) file(s)")
        }
    }

    /// The requester themselves, or a registrar of the municipality asked; anyone else sees nothing.
    public func mayOpen(_ request: ExtractRequest, account: Account?) -> Bool {
        guard let account else { return false }
        if account.id == request.requesterID { return true }
        return account.canStaff(request.municipalityID)
            && account.role.map(RegistryDesk.registrars.contains) == true
    }

    /// A mail about the request to the requester, in their language, with the link to its page.
    func mail(
        _ request: ExtractRequest, municipality: Municipality, template: String, language: Language,
        extra: [String: String] = [:]
    ) -> OutgoingMail {
        RequesterMail.make(
            env, number: request.number, name: request.requesterName, email: request.requesterEmail,
            municipality: municipality, path: "extracts", template: template, language: language,
            arguments: ["document": env.catalogs[language].text("extract_kind_\(request.kind.rawValue)")].merging(extra)
            {
                $1
            })
    }

    /// The requester's language for mail: their account's, or the document's when the account is gone.
    func mailLanguage(_ request: ExtractRequest) async throws -> Language {
        guard let id = request.requesterID, let account = try await env.accounts.find(id: id) else {
            return request.language
        }
        return account.language
    }
}
