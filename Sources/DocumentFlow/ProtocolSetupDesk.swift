import Foundation
import Platform

/// The municipal admin's changes to the protocol's classes and unit codes, from the page or the API:
/// checked, saved and audited as `protocol.setup`.
struct ProtocolSetupDesk: Sendable {
    let env: AppEnvironment
    /// The source types of the capabilities' correspondence feeds a class may receive.
    let sources: [String]
    var store: ProtocolStore { ProtocolStore(env.database.sql) }

    /// Adds a class, or changes the one with that code.
    func saveClass(_ values: [String: String], _ scope: StaffScope, _ actor: Actor) async throws -> DocumentClass {
        let saved = try DocumentClass.check(values, municipalityID: scope.municipality.id, sources: sources)
        try await store.save(saved)
        try await audit(scope, actor, "class \(saved.code)")
        return saved
    }

    /// A department's unit code (1–4 digits) in the protocol number, every wrong field at once.
    func setUnit(_ values: [String: String], _ scope: StaffScope, _ actor: Actor) async throws {
        let departments = try await env.municipalities.departments(of: scope.municipality.id)
        var input = FormInput(values)
        let department = try input.check {
            guard let found = try OfficialDocument.Entry.department(values["department_id"], departments) else {
                throw AppError.invalid("department_id", "unknown_department")
            }
            return found
        }
        let code = input.trimmed("unit_code")
        _ = try input.check {
            guard (1...4).contains(code.count), code.allSatisfy(\.isNumber) else {
                throw AppError.invalid("unit_code", "protocol_code_invalid")
            }
        }
        try input.finish()
        try await store.setUnit(code, department: department!, municipalityID: scope.municipality.id)
        try await audit(scope, actor, "unit \(code)")
    }

    func audit(_ scope: StaffScope, _ actor: Actor, _ detail: String) async throws {
        try await env.audit.record(
            actor, "protocol.setup", objectType: "municipality", objectID: scope.municipality.id,
            municipalityID: scope.municipality.id, detail: detail)
    }
}
