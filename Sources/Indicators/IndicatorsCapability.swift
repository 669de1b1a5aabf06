import Foundation
import Hummingbird
import Platform
import SQLKit

/// The indicators a municipality reports to its partners, read from the ledger the other
/// capabilities write: every seed figure for any period, charts, exports, comparison.
public struct IndicatorsCapability: Capability {
    public let name = "indicators"
    let capabilities: @Sendable () -> CapabilitySet
    public init(capabilities: @escaping @Sendable () -> CapabilitySet) { self.capabilities = capabilities }

    public var migrations: [Migration] { [] }
    public var templates: URL? { Bundle.module.bundleURL.appendingPathComponent("Resources/Templates") }
    public var localization: URL? { Bundle.module.bundleURL.appendingPathComponent("Resources/Localization") }

    public func staffMenu(for account: Account, in municipality: Municipality) -> [MenuEntry] {
        var menu = [MenuEntry(labelKey: "indicators_title", path: "/\(municipality.slug)/staff/indicators")]
        if account.role?.crossesMunicipalities == true {
            menu.append(MenuEntry(labelKey: "indicators_compare", path: "/indicators"))
        }
        return menu
    }

    public func addRoutes(to router: Router<AppRequestContext>, environment: AppEnvironment) {
        IndicatorPages(env: environment, indicators: capabilities().indicators).addRoutes(to: router)
    }
}
