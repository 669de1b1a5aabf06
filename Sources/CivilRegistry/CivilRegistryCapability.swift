import Foundation
import Hummingbird
import Platform
import SQLKit

/// E-matičar and the electronic registry books, networked across the deployment's municipalities.
public struct CivilRegistryCapability: Capability {
    public let name = "civil_registry"
    /// The build's capabilities, to find the one that reaches other deployments (`KeeperDeployments`).
    let capabilities: @Sendable () -> CapabilitySet
    public init(capabilities: @escaping @Sendable () -> CapabilitySet = { CapabilitySet([]) }) {
        self.capabilities = capabilities
    }

    public var migrations: [Migration] { RegistryMigrations.all }

    /// Each request from abroad is an incoming letter; the extract issued or the refusal the outgoing one.
    public var correspondence: [CorrespondenceFeed] {
        let columns =
            """
            SELECT id, municipality_id, requester_name AS party, requester_email AS party_contact, CAST(NULL AS TEXT) \
            AS department_id, number AS case_key
            """
        return [
            .query(
                "extract_request", .incoming,
                select:
                    "\(columns), number || ' ' || kind AS subject, submitted_at AS at "
                    + "FROM extract_requests WHERE 1 = 1",
                time: "submitted_at", key: "id"),
            .query(
                "extract_decision", .outgoing,
                select:
                    """
                    \(columns), number || ' ' || status AS subject, decided_at AS at FROM extract_requests WHERE \
                    decided_at IS NOT NULL AND status IN ('issued', 'rejected')
                    """,
                time: "decided_at", key: "id"),
        ]
    }
    public var indicators: [Indicator] {
        [
            Indicator("ematicar_services", ExtractService.ematicarService, seed: 3),
            Indicator("abroad_entries", AbroadService.entered),
        ]
    }
    public var apiOperations: [APIOperation] { ExtractAPI.operations + RegistryAPI.operations + AbroadAPI.operations }
    public var templates: URL? { Bundle.module.bundleURL.appendingPathComponent("Resources/Templates") }
    public var localization: URL? { Bundle.module.bundleURL.appendingPathComponent("Resources/Localization") }

    public func staffMenu(for account: Account, in municipality: Municipality) -> [MenuEntry] {
        guard let role = account.role else { return [] }
        var menu: [MenuEntry] = []
        if RegistryDesk.registrars.contains(role) {
            menu += [
                MenuEntry(labelKey: "extract_queue_title", path: "/\(municipality.slug)/staff/extracts"),
                MenuEntry(labelKey: "abroad_queue_title", path: "/\(municipality.slug)/staff/abroad"),
                MenuEntry(labelKey: "registry_title", path: "/\(municipality.slug)/staff/registry"),
            ]
        }
        if ExtractAdminPages.admins.contains(role) {
            menu.append(MenuEntry(labelKey: "extract_setup_title", path: "/\(municipality.slug)/staff/extracts-setup"))
        }
        return menu
    }

    public func portalLinks(for municipality: Municipality) -> [MenuEntry] {
        [
            MenuEntry(labelKey: "extract_portal_link", path: "/\(municipality.slug)/extracts/new"),
            MenuEntry(labelKey: "abroad_portal_link", path: "/\(municipality.slug)/abroad/new"),
        ]
    }

    public func personalData(of account: Account, environment: AppEnvironment) async throws -> [String: Any] {
        let requests = try await ExtractStore(environment.database.sql).requests(of: account.id)
        let reports = try await environment.database.sql.raw(
            "SELECT * FROM abroad_reports WHERE requester_id = \(bind: account.id)"
        ).rows(AbroadReport.self)
        var data: [String: Any] = [:]
        if !requests.isEmpty {
            data["extract_requests"] = requests.map { r -> [String: Any] in
                [
                    "number": r.number, "kind": r.kind.rawValue, "status": r.status.rawValue,
                    "person": "\(r.subject.givenName) \(r.subject.surname)",
                    "purpose": r.purpose, "submitted_at": Timestamp.text(r.submittedAt),
                    "document_number": r.documentNumber ?? "",
                ]
            }
        }
        if !reports.isEmpty {
            data["abroad_reports"] = reports.map {
                ["number": $0.number, "event": $0.book.rawValue, "status": $0.status.rawValue, "details": $0.details]
            }
        }
        return data
    }

    /// The requester's own details go; requests and issued documents stay as records of what the office did.
    public func erase(_ account: Account, environment: AppEnvironment) async throws {
        try await environment.database.sql.raw(
            """
            UPDATE extract_requests SET requester_id = NULL, requester_name = '', requester_email = '', postal_address \
            = NULL,
              payment_reference = NULL, purpose = '' WHERE requester_id = \(bind: account.id)
            """
        ).run()
        // A report not yet entered is only the person's own words and files; an entered one lives on in the books.
        try await environment.database.sql.raw(
            """
            DELETE FROM registry_files WHERE owner_id IN (SELECT id FROM abroad_reports WHERE requester_id = \
            \(bind: account.id) AND status <> 'entered')
            """
        ).run()
        try await environment.database.sql.raw(
            """
            UPDATE abroad_reports SET requester_id = NULL, requester_name = '', requester_email = '', details = '{}' \
            WHERE requester_id = \(bind: account.id)
            """
        ).run()
    }

    public func loadDemo(_ municipality: Municipality, departments: [String: String], db: any SQLDatabase, at now: Date)
        async throws
    {
        try await RegistryDemo.load(municipality, db: db, at: now)
    }

    public func addRoutes(to router: Router<AppRequestContext>, environment: AppEnvironment) {
        RegistryStaffPages(env: environment).addRoutes(to: router)
        ExtractPages(env: environment).addRoutes(to: router)
        ExtractStaffPages(env: environment).addRoutes(to: router)
        ExtractAdminPages(env: environment).addRoutes(to: router)
        ExtractAPI(env: environment).addRoutes(to: router)
        let capabilities = capabilities
        VerifyRoutes(
            env: environment, deployments: { capabilities().all.lazy.compactMap { $0 as? any KeeperDeployments }.first }
        )
        .addRoutes(to: router)
        PresenceCheck(env: environment).addRoutes(to: router)
        AbroadPages(env: environment).addRoutes(to: router)
        AbroadAPI(env: environment).addRoutes(to: router)
    }
}
