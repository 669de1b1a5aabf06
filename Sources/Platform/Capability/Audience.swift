import Foundation
import SQLKit

/// A list of people who agreed to hear from a municipality (a newsletter), offered by the
/// capability that keeps their consent; the newsroom sends to it without reading that
/// capability's tables, and an unsubscribe goes back to it.
public struct Audience: Sendable, Equatable {
    public let id: String, name: String
    public init(id: String, name: String) { self.id = id; self.name = name }
}

public struct Recipient: Sendable, Equatable {
    public let email: String, name: String, language: Language
    public init(email: String, name: String, language: Language) {
        self.email = email; self.name = name; self.language = language
    }
}

public struct AudienceSource: Sendable {
    /// The audiences of a municipality (everyone who subscribed, each saved segment).
    public let audiences: @Sendable (_ municipalityID: String, _ db: any SQLDatabase) async throws -> [Audience]
    /// Who is in one now: only people whose consent stands.
    public let recipients:
        @Sendable (_ audienceID: String, _ municipalityID: String, _ db: any SQLDatabase) async throws -> [Recipient]
    /// Withdraws the person's consent; false when there was none to withdraw.
    public let unsubscribe:
        @Sendable (_ email: String, _ municipalityID: String, _ db: any SQLDatabase, _ now: Date) async throws -> Bool

    public init(
        audiences: @escaping @Sendable (String, any SQLDatabase) async throws -> [Audience],
        recipients: @escaping @Sendable (String, String, any SQLDatabase) async throws -> [Recipient],
        unsubscribe: @escaping @Sendable (String, String, any SQLDatabase, Date) async throws -> Bool
    ) {
        self.audiences = audiences; self.recipients = recipients; self.unsubscribe = unsubscribe
    }
}
