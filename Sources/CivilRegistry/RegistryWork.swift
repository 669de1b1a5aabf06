import Foundation
import Platform

extension CivilRegistryCapability {
    /// Document requests to decide or issue and reports from abroad to review, for registrars.
    public func workWaiting(for account: Account, in municipality: Municipality, environment: AppEnvironment)
        async throws -> [WorkWaiting]
    {
        guard let role = account.role, RegistryDesk.registrars.contains(role) else { return [] }
        let n = try await environment.database.sql.counts(
            """
            SELECT (SELECT COUNT(*) FROM extract_requests WHERE municipality_id = \(bind: municipality.id) \
            AND status = 'received') AS extracts,
              (SELECT COUNT(*) FROM abroad_reports WHERE municipality_id = \(bind: municipality.id) \
            AND status = 'received') AS reports
            """, ["extracts", "reports"])
        let staff = "/\(municipality.slug)/staff"
        return [
            WorkWaiting(labelKey: "work_extracts_received", count: n["extracts"]!, path: "\(staff)/extracts"),
            WorkWaiting(labelKey: "work_abroad_received", count: n["reports"]!, path: "\(staff)/abroad"),
        ]
    }
}
