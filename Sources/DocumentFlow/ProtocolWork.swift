import Foundation
import Platform

extension DocumentFlowCapability {
    /// Open letters given to the person or waiting unassigned in their department (as "Čeka na mene").
    public func workWaiting(for account: Account, in municipality: Municipality, environment: AppEnvironment)
        async throws -> [WorkWaiting]
    {
        guard let role = account.role, ProtocolDesk.clerks.contains(role) else { return [] }
        let n = try await environment.database.sql.counts(
            """
            SELECT COUNT(*) AS mine FROM official_documents WHERE municipality_id = \(bind: municipality.id) \
            AND status IN ('received', 'in_progress') AND (assignee_id = \(bind: account.id) \
            OR (assignee_id IS NULL AND department_id = \(bind: account.departmentID ?? "-")))
            """, ["mine"])
        return [
            WorkWaiting(
                labelKey: "work_protocol_mine", count: n["mine"]!, path: "/\(municipality.slug)/staff/protocol/mine")
        ]
    }
}
