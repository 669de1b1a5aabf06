import Foundation
import Hummingbird
import Platform

/// E-matičar and the electronic registry books, networked across the deployment's municipalities.
public struct CivilRegistryCapability: Capability {
    public let name = "civil_registry"
    public init() {}

    public var migrations: [Migration] { RegistryMigrations.all }
    public var templates: URL? { Bundle.module.bundleURL.appendingPathComponent("Resources/Templates") }
    public var localization: URL? { Bundle.module.bundleURL.appendingPathComponent("Resources/Localization") }

    public func staffMenu(for account: Account, in municipality: Municipality) -> [MenuEntry] {
        guard let role = account.role, RegistryPages.registrars.contains(role) else { return [] }
        return [MenuEntry(labelKey: "registry_title", path: "/\(municipality.slug)/staff/registry")]
    }

    public func addRoutes(to router: Router<AppRequestContext>, environment: AppEnvironment) {
        RegistryPages(env: environment).addRoutes(to: router)
    }
}
