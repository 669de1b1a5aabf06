import Foundation
import Hummingbird
import Platform
import SQLKit

/// Electronic movement of official documents: the protocol (urudžbeni zapisnik) numbers every
/// document in and out, routes it to a department and a person, keeps its history, groups it in
/// case files and archives it for its class's retention period. The other capabilities'
/// correspondence (inquiries, extract requests and their answers) is registered by a job.
public struct DocumentFlowCapability: Capability {
    public let name = "documentflow"
    let capabilities: @Sendable () -> CapabilitySet
    public init(capabilities: @escaping @Sendable () -> CapabilitySet) { self.capabilities = capabilities }

    public var migrations: [Migration] { DocumentFlowMigrations.all }
    public var templates: URL? { Bundle.module.bundleURL.appendingPathComponent("Resources/Templates") }
    public var localization: URL? { Bundle.module.bundleURL.appendingPathComponent("Resources/Localization") }

    public var jobs: [Job] {
        let capabilities = capabilities
        return [
            Job("protocol.intake", every: .seconds(60)) { env in
                try await CorrespondenceIntake(env: env, feeds: capabilities().correspondence).run()
            }
        ]
    }

    /// Registers the correspondence waiting now (what the job does each minute).
    public func registerCorrespondence(_ env: AppEnvironment) async throws -> Int {
        try await CorrespondenceIntake(env: env, feeds: capabilities().correspondence).run()
    }

    public func staffMenu(for account: Account, in municipality: Municipality) -> [MenuEntry] {
        guard let role = account.role, ProtocolDesk.clerks.contains(role) else { return [] }
        var menu = [
            MenuEntry(labelKey: "protocol_title", path: "/\(municipality.slug)/staff/protocol"),
            MenuEntry(labelKey: "protocol_mine_title", path: "/\(municipality.slug)/staff/protocol/mine"),
            MenuEntry(labelKey: "protocol_cases_title", path: "/\(municipality.slug)/staff/protocol/cases"),
        ]
        if ProtocolStaffPages.admins.contains(role) {
            menu.append(MenuEntry(labelKey: "protocol_setup_title", path: "/\(municipality.slug)/staff/protocol-setup"))
        }
        return menu
    }

    public func addRoutes(to router: Router<AppRequestContext>, environment: AppEnvironment) {
        let capabilities = capabilities
        ProtocolStaffPages(env: environment, feeds: { capabilities().correspondence }).addRoutes(to: router)
        ProtocolAPI(env: environment).addRoutes(to: router)
        ProtocolCasesAPI(env: environment).addRoutes(to: router)
        ProtocolSetupAPI(env: environment, feeds: { capabilities().correspondence }).addRoutes(to: router)
    }

    public var apiOperations: [APIOperation] {
        ProtocolAPI.operations + ProtocolCasesAPI.operations + ProtocolSetupAPI.operations
    }

    /// A usual classification: general affairs, the diaspora, civil status, citizens' requests.
    public func loadDemo(_ municipality: Municipality, departments: [String: String], db: any SQLDatabase, at now: Date)
        async throws
    {
        let store = ProtocolStore(db)
        let classes: [(String, String, String, Int?, String?)] = [
            ("01", "Opći poslovi", "General affairs", 10, nil),
            ("13", "Dijaspora i Servis 48h", "Diaspora and Servis 48h", 10, "inquiry"),
            (
                "20", "Matične knjige i lična stanja građana", "Civil registry and personal status", nil,
                "extract_request"
            ),
        ]
        for (code, bs, en, years, source) in classes {
            try await store.save(
                DocumentClass(
                    municipalityID: municipality.id, code: code, names: LocalizedText([.bs: bs, .en: en]),
                    retentionYears: years,
                    autoSource: source))
        }
        for (code, key) in [("02", "diaspora"), ("03", "registry"), ("04", "economy"), ("05", "planning")] {
            guard let id = departments[key] else { continue }
            try await store.setUnit(code, department: id, municipalityID: municipality.id)
        }
    }

    /// The protocol is an official register: entries stay, but an erased person's name and address
    /// are taken out of what the platform registered from their correspondence.
    public func erase(_ account: Account, environment: AppEnvironment) async throws {
        try await environment.database.sql.raw(
            """
            UPDATE official_documents SET party = '—', party_contact = '', search_key = '' WHERE party_contact = \
            \(bind: account.email)
            """
        ).run()
    }
}
