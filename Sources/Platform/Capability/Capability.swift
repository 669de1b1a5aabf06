import Foundation
import Hummingbird

/// An API operation, listed once: the OpenAPI document is built from these and a
/// test checks that every `/api/v1` route the router knows is listed.
public struct APIOperation: Sendable {
    public let method: String
    public let path: String
    public let summary: String
    public let requiresAuth: Bool
    /// JSON Schema of the request body, when it has one (as JSON text).
    public let requestSchema: String?
    public let responses: [Int: String]

    public init(_ method: String, _ path: String, summary: String, requiresAuth: Bool,
                requestSchema: String? = nil, responses: [Int: String]) {
        self.method = method; self.path = path; self.summary = summary; self.requiresAuth = requiresAuth
        self.requestSchema = requestSchema; self.responses = responses
    }
}

/// The one small contract through which a capability plugs into the platform:
/// its tables, its routes, its staff-menu entries, what it counts in the ledger,
/// and what it holds about a person (for export and erasure).
public protocol Capability: Sendable {
    var name: String { get }
    var migrations: [Migration] { get }
    var ledgerKinds: [LedgerKind] { get }
    var apiOperations: [APIOperation] { get }
    /// Folder of this capability's `.mustache` templates, if it has pages.
    var templates: URL? { get }
    func staffMenu(for account: Account, in municipality: Municipality) -> [MenuEntry]
    func addRoutes(to router: Router<AppRequestContext>, environment: AppEnvironment)
    /// What this capability holds about the account, for the person's own export.
    func personalData(of account: Account, environment: AppEnvironment) async throws -> [String: Any]
    /// Removes what it holds about the account, keeping only anonymous counts.
    func erase(_ account: Account, environment: AppEnvironment) async throws
}

extension Capability {
    public var migrations: [Migration] { [] }
    public var ledgerKinds: [LedgerKind] { [] }
    public var apiOperations: [APIOperation] { [] }
    public var templates: URL? { nil }
    public func staffMenu(for account: Account, in municipality: Municipality) -> [MenuEntry] { [] }
    public func personalData(of account: Account, environment: AppEnvironment) async throws -> [String: Any] { [:] }
    public func erase(_ account: Account, environment: AppEnvironment) async throws {}
}

/// The capabilities of one deployment, in the order their migrations run.
public struct CapabilitySet: Sendable {
    public let all: [any Capability]
    public init(_ all: [any Capability]) { self.all = all }

    public var migrations: [Migration] { PlatformSchema.migrations + all.flatMap(\.migrations) }
    public var apiOperations: [APIOperation] { all.flatMap(\.apiOperations) }
    public var templateFolders: [URL] { [Views.platformTemplates] + all.compactMap(\.templates) }

    public func staffMenu(for account: Account, in municipality: Municipality) -> [MenuEntry] {
        all.flatMap { $0.staffMenu(for: account, in: municipality) }
    }

    public func personalData(of account: Account, environment: AppEnvironment) async throws -> [String: Any] {
        var data: [String: Any] = [:]
        for capability in all {
            let part = try await capability.personalData(of: account, environment: environment)
            if !part.isEmpty { data[capability.name] = part }
        }
        return data
    }

    public func erase(_ account: Account, environment: AppEnvironment) async throws {
        for capability in all { try await capability.erase(account, environment: environment) }
    }
}
