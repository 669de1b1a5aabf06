import Foundation

/// A municipal admin's work on staff, departments and the municipality's profile.
/// Every write is checked against the admin's own municipality and audited.
public struct StaffService: Sendable {
    let env: AppEnvironment
    public init(_ env: AppEnvironment) { self.env = env }

    public struct NewStaff: Sendable {
        public var email: String?, displayName: String?, role: String?, departmentID: String?, password: String?
        public init(email: String?, displayName: String?, role: String?, departmentID: String?, password: String?) {
            self.email = email; self.displayName = displayName; self.role = role
            self.departmentID = departmentID; self.password = password
        }
    }

    /// Only a platform admin may create another platform admin.
    func checkGrant(_ role: Role, by admin: Account) throws {
        if role == .platformAdmin && admin.role != .platformAdmin { throw AppError.invalid("role", "role_not_allowed") }
    }

    func department(_ raw: String?, role: Role, in municipality: Municipality) async throws -> String? {
        guard let raw, !raw.isEmpty else {
            if role == .departmentStaff { throw AppError.invalid("department_id", "required") }
            return nil
        }
        guard try await env.municipalities.department(id: raw, in: municipality.id) != nil else {
            throw AppError.invalid("department_id", "unknown_department")
        }
        return raw
    }

    public func add(_ form: NewStaff, to municipality: Municipality, by admin: Account, actor: Actor) async throws
        -> Account
    {
        // Every field is checked, so the admin sees at once all that is wrong with the new account.
        var input = FormInput([:])
        let checkedEmail = try input.check { try AccountRules.email(form.email) }
        let checkedName = try input.check { try AccountRules.displayName(form.displayName) }
        let checkedRole = try input.check { try AccountRules.role(form.role) }
        let checkedPassword = try input.check { try AccountRules.password(form.password) }
        try input.finish()
        let (email, name, role, password) = (checkedEmail!, checkedName!, checkedRole!, checkedPassword!)
        try checkGrant(role, by: admin)
        let departmentID = try await department(form.departmentID, role: role, in: municipality)
        guard try await env.accounts.find(email: email) == nil else { throw AppError.invalid("email", "email_taken") }
        let account = Account(
            id: Random.id(), email: email, passwordHash: AccountService(env).hash(password),
            displayName: name, language: .fallback, timeZone: "Europe/Sarajevo", role: role,
            municipalityID: municipality.id, departmentID: departmentID,
            emailConfirmedAt: env.clock.now(), createdAt: env.clock.now())
        try await env.accounts.insert(account)
        try await env.audit.record(
            actor, "staff.add", objectType: "account", objectID: account.id,
            municipalityID: municipality.id, detail: "\(email) as \(role.rawValue)")
        return account
    }

    /// Finds a staff account of this municipality, or 404: never another municipality's.
    public func staffMember(_ id: String, of municipality: Municipality) async throws -> Account {
        guard let account = try await env.accounts.find(id: id), account.isStaff,
            account.municipalityID == municipality.id
        else { throw AppError.notFound }
        return account
    }

    public func changeRole(
        _ id: String, role raw: String?, departmentID: String?, in municipality: Municipality,
        by admin: Account, actor: Actor
    ) async throws {
        var account = try await staffMember(id, of: municipality)
        let role = try AccountRules.role(raw)
        try checkGrant(role, by: admin)
        account.departmentID = try await department(departmentID, role: role, in: municipality)
        account.role = role
        try await env.accounts.update(account)
        try await env.sessions.deleteAll(accountID: account.id)
        try await env.audit.record(
            actor, "staff.role", objectType: "account", objectID: account.id,
            municipalityID: municipality.id, detail: role.rawValue)
    }

    public func remove(_ id: String, from municipality: Municipality, by admin: Account, actor: Actor) async throws {
        let account = try await staffMember(id, of: municipality)
        guard account.id != admin.id else { throw AppError(.badRequest, code: "cannot_remove_self") }
        try await env.accounts.delete(id: account.id)
        try await env.audit.record(
            actor, "staff.remove", objectType: "account", objectID: account.id,
            municipalityID: municipality.id, detail: account.email)
    }

    // MARK: Departments and profile

    /// An address that may be left empty; when given, a valid one.
    public static func optionalEmail(_ input: inout FormInput, _ name: String) throws -> String? {
        input.trimmed(name).isEmpty ? "" : try input.email(name)
    }

    /// A new department, or a change to one of this municipality's; returns its id.
    @discardableResult
    public func saveDepartment(id: String?, form: Form, in municipality: Municipality, actor: Actor) async throws
        -> String
    {
        var input = FormInput(form.values)
        let checkedNames = try input.localized("name", limit: 200),
            checkedEmail = try Self.optionalEmail(&input, "email")
        try input.finish()
        let (names, email) = (checkedNames!, checkedEmail!)
        if let id {
            guard var department = try await env.municipalities.department(id: id, in: municipality.id) else {
                throw AppError.notFound
            }
            department.names = names
            department.email = email
            try await env.municipalities.update(department)
            PortalCapability.changed(municipality, env)
            try await env.audit.record(
                actor, "department.update", objectType: "department", objectID: id, municipalityID: municipality.id)
            return id
        } else {
            let department = Department(id: Random.id(), municipalityID: municipality.id, names: names, email: email)
            try await env.municipalities.insert(department, at: env.clock.now())
            PortalCapability.changed(municipality, env)
            try await env.audit.record(
                actor, "department.add", objectType: "department", objectID: department.id,
                municipalityID: municipality.id)
            return department.id
        }
    }

    public func saveProfile(_ form: Form, of municipality: Municipality, actor: Actor) async throws {
        var updated = municipality
        // Every field is checked, so the admin sees at once all that is wrong; nothing is saved until all hold.
        var input = FormInput(form.values)
        let names = try input.localized("name", limit: 200), email = try Self.optionalEmail(&input, "email")
        let address = try input.optionalText("address", limit: 300), phone = try input.optionalText("phone", limit: 40)
        let website = try input.link("website", limit: 200, code: "invalid_url")
        let colour = try input.check { try MunicipalityFace.colour(form["colour"] ?? municipality.colour) }
        let jurisdiction = try input.check {
            try Self.jurisdiction(entity: form["entity"], canton: form["canton"], keeping: municipality)
        }
        try input.finish()
        (updated.names, updated.email, updated.address, updated.phone) = (names!, email!, address!, phone!)
        (updated.website, updated.entity, updated.canton) = (website!, jurisdiction!.0, jurisdiction!.1)
        updated.colour = colour!
        try await env.municipalities.update(updated)
        PortalCapability.changed(municipality, env)
        try await env.audit.record(
            actor, "municipality.update", objectType: "municipality", objectID: municipality.id,
            municipalityID: municipality.id,
            detail: "\(updated.entity.rawValue) \(updated.canton?.rawValue ?? "-") \(updated.colour)")
    }

    /// The entity and (in FBiH only) the canton; a form without them keeps what the municipality has.
    static func jurisdiction(entity raw: String?, canton rawCanton: String?, keeping m: Municipality) throws -> (
        Entity, Canton?
    ) {
        guard let raw else { return (m.entity, m.canton) }
        guard let entity = Entity(rawValue: raw) else { throw AppError.invalid("entity", "invalid_choice") }
        guard let text = rawCanton, !text.isEmpty else { return (entity, nil) }
        guard let canton = Canton(rawValue: text) else { throw AppError.invalid("canton", "invalid_choice") }
        guard entity == .fbih else { throw AppError.invalid("canton", "canton_outside_fbih") }
        return (entity, canton)
    }
}
