import Foundation
import Hummingbird
import SQLKit

/// An API operation, listed once: the OpenAPI document is built from these and a
/// test checks that every `/api/v1` route the router knows is listed.
public struct APIOperation: Sendable {
    public let method: String
    public let path: String
    public let summary: String
    public let requiresAuth: Bool
    /// JSON Schema of the request body, when it has one.
    public let requestSchema: JSONSchema?
    /// The media type of the request body (`application/json`, or a file such as `application/pdf`).
    public let requestType: String
    public let responses: [Int: String]

    public init(
        _ method: String, _ path: String, summary: String, requiresAuth: Bool,
        requestSchema: JSONSchema? = nil, requestType: String = "application/json", responses: [Int: String]
    ) {
        self.method = method; self.path = path; self.summary = summary; self.requiresAuth = requiresAuth
        self.requestSchema = requestSchema; self.requestType = requestType; self.responses = responses
    }
}

/// The one small contract through which a capability plugs into the platform:
/// its tables, its routes, its staff-menu entries, the indicators it counts in the ledger,
/// and what it holds about a person (for export and erasure).
public protocol Capability: Sendable {
    var name: String { get }
    var migrations: [Migration] { get }
    /// The figures it reports to partners, from the ledger entries it writes.
    var indicators: [Indicator] { get }
    var apiOperations: [APIOperation] { get }
    /// Folder of this capability's `.mustache` templates, if it has pages.
    var templates: URL? { get }
    /// Folder of this capability's message catalogs (`<language>.json`), merged into the platform's.
    var localization: URL? { get }
    /// Work that runs in the background on every instance (each job must be safe to run concurrently).
    var jobs: [Job] { get }
    /// The official correspondence it has, for the municipality's protocol to register.
    var correspondence: [CorrespondenceFeed] { get }
    /// The people who agreed to a municipality's newsletter, when this capability keeps that consent.
    var audiences: AudienceSource? { get }
    /// Fills a freshly created demo municipality with this capability's sample setup.
    func loadDemo(_ municipality: Municipality, departments: [String: String], db: any SQLDatabase, at now: Date)
        async throws
    func staffMenu(for account: Account, in municipality: Municipality) -> [MenuEntry]
    /// Links on the municipality's public portal (what a person abroad can do there).
    func portalLinks(for municipality: Municipality) -> [MenuEntry]
    /// Where a person who just registered as being from this municipality goes first (the
    /// diaspora registry's profile); nil when the capability has no such page.
    func welcomeLink(for municipality: Municipality) -> MenuEntry?
    /// The portal links worth showing now: a capability leaves out a section with nothing in it.
    func portalLinks(for municipality: Municipality, environment: AppEnvironment) async throws -> [MenuEntry]
    func addRoutes(to router: Router<AppRequestContext>, environment: AppEnvironment)
    /// What this capability holds about the account, for the person's own export.
    func personalData(of account: Account, environment: AppEnvironment) async throws -> [String: Any]
    /// Removes what it holds about the account, keeping only anonymous counts.
    func erase(_ account: Account, environment: AppEnvironment) async throws
    /// The person changed their name: what it keeps derived from the name (search keys) follows.
    func renamed(_ account: Account, environment: AppEnvironment) async throws
    /// What waits on this staff member here, for the staff home (counts, not rows).
    func workWaiting(for account: Account, in municipality: Municipality, environment: AppEnvironment)
        async throws -> [WorkWaiting]
    /// What the person has under way here, for "Moje usluge", in the catalog's language.
    func services(of account: Account, environment: AppEnvironment, catalog: Catalog) async throws -> [MyService]
}

extension Capability {
    public var migrations: [Migration] { [] }
    public var indicators: [Indicator] { [] }
    public var apiOperations: [APIOperation] { [] }
    public var templates: URL? { nil }
    public var localization: URL? { nil }
    public var jobs: [Job] { [] }
    public var correspondence: [CorrespondenceFeed] { [] }
    public var audiences: AudienceSource? { nil }
    public func loadDemo(_ municipality: Municipality, departments: [String: String], db: any SQLDatabase, at now: Date)
        async throws
    {}
    public func staffMenu(for account: Account, in municipality: Municipality) -> [MenuEntry] { [] }
    public func portalLinks(for municipality: Municipality) -> [MenuEntry] { [] }
    public func welcomeLink(for municipality: Municipality) -> MenuEntry? { nil }
    public func portalLinks(for municipality: Municipality, environment: AppEnvironment) async throws
        -> [MenuEntry]
    { portalLinks(for: municipality) }
    public func personalData(of account: Account, environment: AppEnvironment) async throws -> [String: Any] { [:] }
    public func erase(_ account: Account, environment: AppEnvironment) async throws {}
    public func renamed(_ account: Account, environment: AppEnvironment) async throws {}
    public func services(of account: Account, environment: AppEnvironment, catalog: Catalog) async throws
        -> [MyService]
    { [] }
    public func workWaiting(for account: Account, in municipality: Municipality, environment: AppEnvironment)
        async throws -> [WorkWaiting]
    { [] }
}

/// The capabilities of one deployment, in the order their migrations run.
public struct CapabilitySet: Sendable {
    public let all: [any Capability]
    public init(_ all: [any Capability]) { self.all = all }

    public var migrations: [Migration] { PlatformSchema.migrations + all.flatMap(\.migrations) }
    public var apiOperations: [APIOperation] { all.flatMap(\.apiOperations) }
    public var templateFolders: [URL] { [Views.platformTemplates] + all.compactMap(\.templates) }
    public var localizationFolders: [URL] { [Catalogs.platformFolder] + all.compactMap(\.localization) }
    public var jobs: [Job] { all.flatMap(\.jobs) }
    public var correspondence: [CorrespondenceFeed] { all.flatMap(\.correspondence) }
    public var indicators: [Indicator] { Indicator.ordered(all.flatMap(\.indicators)) }
    public var audiences: [AudienceSource] { all.compactMap(\.audiences) }

    public func staffMenu(for account: Account, in municipality: Municipality) -> [MenuEntry] {
        all.flatMap { $0.staffMenu(for: account, in: municipality) }
    }

    public func portalLinks(for municipality: Municipality) -> [MenuEntry] {
        all.flatMap { $0.portalLinks(for: municipality) }
    }

    public func welcomeLink(for municipality: Municipality) -> MenuEntry? {
        all.lazy.compactMap { $0.welcomeLink(for: municipality) }.first
    }

    public func workWaiting(for account: Account, in municipality: Municipality, environment: AppEnvironment)
        async throws -> [WorkWaiting]
    {
        var work: [WorkWaiting] = []
        for capability in all {
            work += try await capability.workWaiting(for: account, in: municipality, environment: environment)
        }
        return work
    }

    public func services(of account: Account, environment: AppEnvironment, catalog: Catalog) async throws
        -> [MyService]
    {
        var services: [MyService] = []
        for capability in all {
            services += try await capability.services(of: account, environment: environment, catalog: catalog)
        }
        return services
    }

    public func portalLinks(for municipality: Municipality, environment: AppEnvironment) async throws
        -> [MenuEntry]
    {
        var links: [MenuEntry] = []
        for capability in all { links += try await capability.portalLinks(for: municipality, environment: environment) }
        return links
    }

    public func personalData(of account: Account, environment: AppEnvironment) async throws -> [String: Any] {
        var data: [String: Any] = [:]
        for capability in all {
            let part = try await capability.personalData(of: account, environment: environment)
            if !part.isEmpty { data[capability.name] = part }
        }
        return data
    }

    public func renamed(_ account: Account, environment: AppEnvironment) async throws {
        for capability in all { try await capability.renamed(account, environment: environment) }
    }

    public func erase(_ account: Account, environment: AppEnvironment) async throws {
        for capability in all { try await capability.erase(account, environment: environment) }
    }
}

/// A background task run every `interval` by every instance; `run` returns how much it did,
/// and a run that handled a full `batch` is run again at once.
public struct Job: Sendable {
    public static let batch = 100
    public let name: String
    public let interval: Duration
    public let run: @Sendable (AppEnvironment) async throws -> Int

    public init(_ name: String, every interval: Duration, run: @escaping @Sendable (AppEnvironment) async throws -> Int)
    {
        self.name = name; self.interval = interval; self.run = run
    }
}
