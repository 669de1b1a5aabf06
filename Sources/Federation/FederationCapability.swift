import Foundation
import Hummingbird
import Platform

/// Registry data travelling between separately run deployments: trusted peers with pinned keys,
/// grants per book, signed and logged search and read messages. It carries the civil registry's
/// data, so it depends on CivilRegistry (and nothing depends on it).
public struct FederationCapability: Capability {
    public let name = "federation"
    public init() {}

    public var migrations: [Migration] { FederationMigrations.all }
    public var indicators: [Indicator] { [Indicator("peer_record_reads", Federation.peerRead)] }
    public var apiOperations: [APIOperation] { FederationAPI.operations }
    public var localization: URL? { Bundle.module.bundleURL.appendingPathComponent("Resources/Localization") }

    public func staffMenu(for account: Account, in municipality: Municipality) -> [MenuEntry] {
        guard let role = account.role else { return [] }
        var menu: [MenuEntry] = []
        if FederationPages.registrars.contains(role) {
            menu.append(MenuEntry(labelKey: "federation_remote_title", path: "/\(municipality.slug)/staff/federation"))
        }
        if FederationPages.grantors.contains(role) {
            menu.append(
                MenuEntry(labelKey: "federation_grants_title", path: "/\(municipality.slug)/staff/federation-grants"))
        }
        if role == .platformAdmin { menu.append(MenuEntry(labelKey: "federation_title", path: "/platform/federation")) }
        return menu
    }

    public func addRoutes(to router: Router<AppRequestContext>, environment: AppEnvironment) {
        FederationAPI(env: environment).addRoutes(to: router)
        FederationPages(env: environment).addRoutes(to: router)
    }
}
