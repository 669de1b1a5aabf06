import Foundation

/// What a staff account may do. Members (the diaspora) have no role.
public enum Role: String, CaseIterable, Sendable, Codable {
    case officer, registrar
    case departmentStaff = "department_staff"
    case municipalAdmin = "municipal_admin"
    case platformAdmin = "platform_admin"
    case observer

    /// Registrars hold civil-registry data and admins hold every key: both need a second factor.
    public var requiresSecondFactor: Bool {
        self == .registrar || self == .municipalAdmin || self == .platformAdmin
    }

    /// The roles a case (a question, a letter) can be assigned to.
    public static let handlesCases: Set<Role> = [.officer, .registrar, .departmentStaff, .municipalAdmin]

    /// Platform admins and observers look across municipalities; everyone else stays home.
    public var crossesMunicipalities: Bool { self == .platformAdmin || self == .observer }
}

public struct Account: Sendable, Equatable, Decodable {
    public var id: String
    public var email: String
    public var passwordHash: String
    public var displayName: String
    public var language: Language
    public var timeZone: String
    public var role: Role?
    public var municipalityID: String?
    public var departmentID: String?
    @OptionalInstant public var emailConfirmedAt: Date?
    public var totpSecret: String?
    @OptionalInstant public var totpEnabledAt: Date?
    @Instant public var createdAt: Date

    public var isStaff: Bool { role != nil }
    public var hasSecondFactor: Bool { totpEnabledAt != nil && totpSecret != nil }

    public init(
        id: String, email: String, passwordHash: String, displayName: String, language: Language,
        timeZone: String, role: Role? = nil, municipalityID: String? = nil, departmentID: String? = nil,
        emailConfirmedAt: Date? = nil, totpSecret: String? = nil, totpEnabledAt: Date? = nil, createdAt: Date
    ) {
        self.id = id; self.email = email; self.passwordHash = passwordHash; self.displayName = displayName
        self.language = language; self.timeZone = timeZone; self.role = role; self.municipalityID = municipalityID
        self.departmentID = departmentID; self.emailConfirmedAt = emailConfirmedAt; self.totpSecret = totpSecret
        self.totpEnabledAt = totpEnabledAt; self.createdAt = createdAt
    }

    /// Whether this account may open the staff area of `municipalityID`.
    public func canStaff(_ municipalityID: String) -> Bool {
        guard let role else { return false }
        return role == .platformAdmin || self.municipalityID == municipalityID
    }
}

/// The rules for what a person types into account forms. Pure: no I/O.
public enum AccountRules {
    public static let minimumPasswordLength = 10

    public static func email(_ raw: String?, field: String = "email") throws -> String {
        let value = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !value.isEmpty else { throw AppError.invalid(field, "required") }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard value.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !value.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
        else { throw AppError.invalid(field, "invalid_email") }
        return value
    }

    /// Bcrypt reads at most 72 bytes, so a longer password would be silently cut: refuse it.
    public static func password(_ raw: String?, field: String = "password") throws -> String {
        let value = raw ?? ""
        guard !value.isEmpty else { throw AppError.invalid(field, "required") }
        guard value.count >= minimumPasswordLength else {
            throw AppError.invalid(field, "password_short", ["min": String(minimumPasswordLength)])
        }
        guard value.utf8.count <= 72 else { throw AppError.invalid(field, "password_long") }
        return value
    }

    public static func displayName(_ raw: String?, field: String = "display_name") throws -> String {
        try text(raw, field: field, limit: 120)
    }

    /// A required text, trimmed, at most `limit` characters.
    public static func text(_ raw: String?, field: String, limit: Int) throws -> String {
        let value = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw AppError.invalid(field, "required") }
        guard value.count <= limit else { throw AppError.invalid(field, "too_long", ["max": String(limit)]) }
        return value
    }

    public static func language(_ raw: String?, field: String = "language") throws -> Language {
        guard let raw, let language = Language(rawValue: raw) else { throw AppError.invalid(field, "invalid_choice") }
        return language
    }

    public static func timeZone(_ raw: String?, field: String = "time_zone") throws -> String {
        guard let raw, !raw.isEmpty, TimeZone(identifier: raw) != nil else {
            throw AppError.invalid(field, "invalid_time_zone")
        }
        return raw
    }

    public static func role(_ raw: String?, field: String = "role") throws -> Role {
        guard let raw, let role = Role(rawValue: raw) else { throw AppError.invalid(field, "invalid_choice") }
        return role
    }
}
