import Foundation
import Platform
import SQLKit

extension InquiriesCapability {
    /// Questions past or near their deadline, nobody's yet, and the person's own; department staff
    /// count their department's only, as their inbox shows them.
    public func workWaiting(for account: Account, in municipality: Municipality, environment: AppEnvironment)
        async throws -> [WorkWaiting]
    {
        guard let role = account.role, InquiryDesk.roles.contains(role) else { return [] }
        let now = Timestamp.text(environment.clock.now())
        var query: SQLQueryString = """
            SELECT SUM(CASE WHEN due_at < \(bind: now) THEN 1 ELSE 0 END) AS overdue,
              SUM(CASE WHEN due_at >= \(bind: now) AND warn_at <= \(bind: now) THEN 1 ELSE 0 END) AS near,
              SUM(CASE WHEN status = 'open' AND assignee_id IS NULL THEN 1 ELSE 0 END) AS unassigned,
              SUM(CASE WHEN assignee_id = \(bind: account.id) THEN 1 ELSE 0 END) AS mine
            FROM inquiries WHERE municipality_id = \(bind: municipality.id) AND status IN ('open', 'assigned') \
            AND due_at IS NOT NULL
            """
        if role == .departmentStaff, let department = account.departmentID {
            query.appendInterpolation(unsafeRaw: " AND department_id = ")
            query.appendInterpolation(bind: department)
        }
        let n = try await environment.database.sql.counts(query, ["overdue", "near", "unassigned", "mine"])
        let inbox = "/\(municipality.slug)/staff/inquiries"
        return [
            WorkWaiting(
                labelKey: "work_inquiries_overdue", count: n["overdue"]!, path: "\(inbox)?overdue=1", urgent: true),
            WorkWaiting(labelKey: "work_inquiries_near", count: n["near"]!, path: inbox),
            WorkWaiting(labelKey: "work_inquiries_unassigned", count: n["unassigned"]!, path: "\(inbox)?status=open"),
            WorkWaiting(labelKey: "work_inquiries_mine", count: n["mine"]!, path: "\(inbox)?assignee=me"),
        ]
    }
}
