import Foundation
import Platform
import SQLKit

/// What an officer does with an inquiry. Each action checks the move, writes the change,
/// its message, mail, ledger entry and audit entry in one transaction.
public struct InquiryDesk: Sendable {
    /// Who works the inbox.
    static let roles: Set<Role> = [.officer, .registrar, .departmentStaff, .municipalAdmin, .platformAdmin]
    let env: AppEnvironment
    let municipality: Municipality
    let officer: Account
    let actor: Actor

    public init(_ env: AppEnvironment, municipality: Municipality, officer: Account, actor: Actor) {
        self.env = env; self.municipality = municipality; self.officer = officer; self.actor = actor
    }

    var store: InquiryStore { InquiryStore(env.database.sql) }

    /// The inquiry by number, only within this municipality (another's is "not found"); the read is audited.
    public func open(_ number: String) async throws -> Inquiry {
        guard let inquiry = try await store.find(number: number.uppercased()), inquiry.municipalityID == municipality.id
        else { throw AppError.notFound }
        try await env.audit.record(
            actor, "inquiry.view", objectType: "inquiry", objectID: inquiry.id, municipalityID: municipality.id,
            detail: inquiry.number)
        return inquiry
    }

    /// Answers the asker. `waitForAsker` asks them something instead, which pauses the clock.
    public func reply(_ inquiry: Inquiry, body raw: String?, waitForAsker: Bool) async throws -> Inquiry {
        let body = try InquiryRules.text(raw, field: "body", limit: InquiryRules.bodyLimit)
        let target: InquiryStatus = waitForAsker ? .waitingOnAsker : .answered
        guard inquiry.confirmedAt != nil, inquiry.status.canMove(to: target) || inquiry.status == target
        else { throw AppError(.conflict, code: "inquiry_move") }
        let now = env.clock.now()
        var updated = inquiry
        updated.status = target
        updated.assigneeID = inquiry.assigneeID ?? officer.id
        if waitForAsker { updated.waitingSince = updated.waitingSince ?? now }
        let firstAnswer = !waitForAsker && inquiry.firstAnsweredAt == nil
        if firstAnswer { updated.firstAnsweredAt = now }
        updated.updatedAt = now
        let answered = updated
        try await write(answered, action: waitForAsker ? "inquiry.ask" : "inquiry.answer") { db in
            try await InquiryStore(db).insert(
                InquiryMessage(
                    id: Random.id(), inquiryID: inquiry.id, author: .staff, authorID: officer.id,
                    authorName: officer.displayName, body: body, isInternal: false, createdAt: now))
            try await InquiryService(env).notifyAsker(
                answered, municipality: municipality, key: nil,
                template: waitForAsker ? "mail_inquiry_question" : "mail_inquiry_answer", body: body, db: db)
            if firstAnswer {
                try await Ledger(db).record(
                    LedgerEntry(
                        municipalityID: municipality.id, kind: InquiryService.communicationService,
                        occurredAt: now, sourceType: "inquiry", sourceID: inquiry.id,
                        attributes: [
                            "category_id": inquiry.categoryID, "on_time": String(now <= (inquiry.dueAt ?? now)),
                        ],
                        dimension: now <= (inquiry.dueAt ?? now) ? "on_time" : "late"))
            }
        }
        return answered
    }

    /// An internal note: staff only, never shown or mailed to the asker.
    public func note(_ inquiry: Inquiry, body raw: String?) async throws {
        let body = try InquiryRules.text(raw, field: "note", limit: InquiryRules.bodyLimit)
        let now = env.clock.now()
        var updated = inquiry
        updated.updatedAt = now
        try await write(updated, action: "inquiry.note") { db in
            try await InquiryStore(db).insert(
                InquiryMessage(
                    id: Random.id(), inquiryID: inquiry.id, author: .staff, authorID: officer.id,
                    authorName: officer.displayName, body: body, isInternal: true, createdAt: now))
        }
    }

    /// Hands the inquiry to a colleague, to oneself, or to a department's queue.
    public func assign(_ inquiry: Inquiry, assigneeID: String?, departmentID: String?) async throws -> Inquiry {
        guard [.open, .assigned, .waitingOnAsker, .answered].contains(inquiry.status) else {
            throw AppError(.conflict, code: "inquiry_move")
        }
        var updated = inquiry
        if let departmentID, !departmentID.isEmpty {
            guard
                try await env.municipalities.departments(of: municipality.id).contains(where: { $0.id == departmentID })
            else { throw AppError.invalid("department_id", "unknown_department") }
            updated.departmentID = departmentID
        }
        if let assigneeID, !assigneeID.isEmpty {
            guard let colleague = try await env.accounts.find(id: assigneeID),
                colleague.municipalityID == municipality.id, colleague.role.map(Role.handlesCases.contains) == true
            else { throw AppError.invalid("assignee_id", "unknown_assignee") }
            updated.assigneeID = colleague.id
        } else if departmentID != nil {
            updated.assigneeID = nil  // to a department's queue, nobody in particular
        }
        if updated.status == .open || updated.status == .assigned {
            updated.status = updated.assigneeID == nil ? .open : .assigned
        }
        updated.updatedAt = env.clock.now()
        try await write(
            updated, action: "inquiry.assign", detail: "\(updated.assigneeID ?? "-") \(updated.departmentID)")
        return updated
    }

    public func close(_ inquiry: Inquiry) async throws -> Inquiry {
        try await move(inquiry, to: .closed, action: "inquiry.close") { $0.closedAt = env.clock.now() }
    }

    public func reopen(_ inquiry: Inquiry) async throws -> Inquiry {
        try await move(
            inquiry, to: inquiry.assigneeID == nil ? .open : .assigned, action: "inquiry.reopen",
            allowedFrom: [.closed, .answered]
        ) {
            $0.closedAt = nil
        }
    }

    public func markSpam(_ inquiry: Inquiry) async throws -> Inquiry {
        try await move(inquiry, to: .spam, action: "inquiry.spam") { _ in }
    }

    /// Folds a duplicate into another inquiry of this municipality: its thread moves there.
    public func merge(_ duplicate: Inquiry, into number: String?) async throws -> Inquiry {
        guard let number,
            let target = try await store.find(number: number.trimmingCharacters(in: .whitespaces).uppercased()),
            target.municipalityID == municipality.id, target.id != duplicate.id,
            ![.merged, .spam].contains(target.status)
        else { throw AppError.invalid("into", "unknown_inquiry") }
        guard duplicate.status.canMove(to: .merged) else { throw AppError(.conflict, code: "inquiry_move") }
        var updated = duplicate
        updated.status = .merged
        updated.mergedInto = target.id
        updated.updatedAt = env.clock.now()
        try await write(updated, action: "inquiry.merge", detail: target.number) { db in
            try await InquiryStore(db).moveThread(from: duplicate.id, to: target.id)
        }
        return updated
    }

    private func move(
        _ inquiry: Inquiry, to status: InquiryStatus, action: String, allowedFrom: Set<InquiryStatus>? = nil,
        change: (inout Inquiry) -> Void
    ) async throws -> Inquiry {
        let allowed = allowedFrom.map { $0.contains(inquiry.status) } ?? inquiry.status.canMove(to: status)
        guard allowed else { throw AppError(.conflict, code: "inquiry_move") }
        var updated = inquiry
        updated.status = status
        updated.updatedAt = env.clock.now()
        change(&updated)
        try await write(updated, action: action)
        return updated
    }

    private func write(
        _ inquiry: Inquiry, action: String, detail: String = "",
        also: @escaping @Sendable (any SQLDatabase) async throws -> Void = { _ in }
    ) async throws {
        let actor = actor, municipalityID = municipality.id, clock = env.clock
        try await env.database.transaction { db in
            try await InquiryStore(db).update(inquiry)
            try await also(db)
            try await AuditLog(db, clock: clock).record(
                actor, action, objectType: "inquiry", objectID: inquiry.id,
                municipalityID: municipalityID, detail: detail.isEmpty ? inquiry.number : detail)
        }
    }
}
