import Foundation
import Platform

public enum EscalationStep: String, Sendable {
    /// 75 % of the allowed time used with no answer: the assignee and the department are told.
    case warning
    /// The deadline passed: the diaspora office is told.
    case breach
}

/// The background job that tells people about inquiries running late. Each step is
/// claimed with a conditional update in the same transaction as its mail, so a restart,
/// a second instance or a second run never tells anyone twice.
public struct InquiryEscalation: Sendable {
    let env: AppEnvironment
    public init(_ env: AppEnvironment) { self.env = env }

    public static var job: Job {
        Job("inquiry-escalation", every: .seconds(60)) { env in try await InquiryEscalation(env).run() }
    }

    /// Sends what is due now; returns how many inquiries it looked at.
    @discardableResult
    public func run() async throws -> Int {
        let now = env.clock.now()
        let due = try await InquiryStore(env.database.sql).escalationDue(at: now, limit: Job.batch)
        for inquiry in due {
            for step in [EscalationStep.warning, .breach] where reached(step, inquiry, now) {
                try await escalate(inquiry, step, at: now)
            }
        }
        return due.count
    }

    func reached(_ step: EscalationStep, _ inquiry: Inquiry, _ now: Date) -> Bool {
        guard let at = step == .warning ? inquiry.warnAt : inquiry.dueAt else { return false }
        return at <= now
    }

    func escalate(_ inquiry: Inquiry, _ step: EscalationStep, at now: Date) async throws {
        guard let municipality = try await env.municipalities.find(id: inquiry.municipalityID) else { return }
        let recipients = try await recipients(of: step, inquiry, municipality)
        try await env.database.transaction { db in
            guard try await InquiryStore(db).claim(step, of: inquiry.id, at: now) else { return }
            let mail = MailQueue(db, clock: env.clock)
            for (address, language) in recipients {
                let catalog = env.catalogs[language]
                let arguments = [
                    "number": inquiry.number, "subject": inquiry.subject,
                    "due": InquiryFormat.instant(inquiry.dueAt ?? now, zone: "Europe/Sarajevo", language: language),
                    "link": "\(env.settings.baseURL)/\(municipality.slug)/staff/inquiries/\(inquiry.number)",
                ]
                try await mail.enqueue(
                    to: address,
                    subject: "[\(inquiry.number)] "
                        + catalog.text("mail_escalation_\(step.rawValue)_subject", arguments),
                    body: catalog.text("mail_escalation_\(step.rawValue)_body", arguments))
            }
            try await AuditLog(db, clock: env.clock).record(
                .system("escalation"), "inquiry.escalate.\(step.rawValue)", objectType: "inquiry",
                objectID: inquiry.id, municipalityID: inquiry.municipalityID,
                detail: recipients.map(\.0).joined(separator: ", "))
        }
    }

    /// Warning: the assignee and the department's address (read by its head). Breach: the diaspora office.
    func recipients(of step: EscalationStep, _ inquiry: Inquiry, _ municipality: Municipality) async throws -> [(
        String, Language
    )] {
        let departments = try await env.municipalities.departments(of: municipality.id)
        var list: [(String, Language)] = []
        switch step {
        case .warning:
            if let id = inquiry.assigneeID, let assignee = try await env.accounts.find(id: id) {
                list.append((assignee.email, assignee.language))
            }
            if let department = departments.first(where: { $0.id == inquiry.departmentID }), !department.email.isEmpty {
                list.append((department.email, .fallback))
            }
        case .breach:
            let settings = try await InquiryStore(env.database.sql).settings(municipality.id)
            let office = departments.first { $0.id == settings.officeDepartmentID }?.email ?? ""
            list.append((office.isEmpty ? municipality.email : office, .fallback))
        }
        var seen = Set<String>()
        return list.filter { !$0.0.isEmpty && seen.insert($0.0.lowercased()).inserted }
    }
}
