import Foundation
import Hummingbird
import Platform
import SQLKit

/// Opportunities for the diaspora: PPP projects with interest and the office's pipeline,
/// premises for diaspora companies, knowledge-transfer programmes with jobs and households.
public struct OpportunitiesCapability: Capability {
    public let name = "opportunities"
    public init() {}

    public var migrations: [Migration] { OpportunitiesMigrations.all }
    public var apiOperations: [APIOperation] { OpportunitiesAPI.operations + OpportunitiesStaffAPI.operations }
    public var indicators: [Indicator] {
        [
            Indicator("kt_jobs", KnowledgeOutcome.jobs, seed: 7),
            Indicator("kt_households", KnowledgeOutcome.households, seed: 8),
            Indicator("project_interest", OpportunityStore.interest),
            Indicator("premises_let", OpportunityStore.premisesLet),
        ]
    }
    public var localization: URL? { Bundle.module.bundleURL.appendingPathComponent("Resources/Localization") }

    public func staffMenu(for account: Account, in municipality: Municipality) -> [MenuEntry] {
        guard let role = account.role, OpportunityStaffPages.office.contains(role) else { return [] }
        return [
            ("projects_staff_title", "projects"), ("premises_staff_title", "premises"),
            ("knowledge_title", "knowledge"),
        ]
        .map { MenuEntry(labelKey: $0.0, path: "/\(municipality.slug)/staff/\($0.1)") }
    }

    public func portalLinks(for municipality: Municipality) -> [MenuEntry] {
        [
            MenuEntry(labelKey: "projects_title", path: "/\(municipality.slug)/projects", group: .takePart),
            MenuEntry(labelKey: "premises_title", path: "/\(municipality.slug)/premises", group: .takePart),
        ]
    }

    public func addRoutes(to router: Router<AppRequestContext>, environment: AppEnvironment) {
        OpportunityPages(env: environment).addRoutes(to: router)
        OpportunitiesAPI(env: environment).addRoutes(to: router)
        OpportunitiesStaffAPI(env: environment).addRoutes(to: router)
        OpportunityStaffPages(env: environment).addRoutes(to: router)
    }

    /// The seeds' own: Jajce's rebuilt building for diaspora companies, Ključ's knowledge transfer, Ljubuški's
    /// agriculture.
    public func loadDemo(_ municipality: Municipality, departments: [String: String], db: any SQLDatabase, at now: Date)
        async throws
    {
        let project = Project(
            id: Random.id(), municipalityID: municipality.id, sector: .economy,
            title: LocalizedText([
                .bs: "Poslovna zona \(municipality.names[.bs]) — javno-privatno partnerstvo",
                .en: "\(municipality.names[.en]) business zone — PPP",
            ]),
            description: LocalizedText([
                .bs: "Općina nudi zemljište i infrastrukturu; traži partnera iz dijaspore za proizvodni pogon.",
                .en: "The municipality offers land and utilities; it seeks a diaspora partner for a production plant.",
            ]),
            location: municipality.names[.bs], budgetFening: 150_000_000, model: .ppp, status: .open,
            contact: municipality.email)
        try await db.raw(
            .insert(
                into: "projects",
                columns: [
                    "id", "municipality_id", "sector", "title", "description", "location", "budget_fening", "model",
                    "status", "contact", "created_at",
                ],
                rows: [
                    [
                        project.id, municipality.id, project.sector.rawValue, project.title.json,
                        project.description.json, project.location,
                        project.budgetFening, project.model.rawValue, project.status.rawValue, project.contact,
                        Timestamp.text(now),
                    ]
                ])
        ).run()
        if municipality.slug == "jajce" {
            try await db.raw(
                .insert(
                    into: "premises",
                    columns: [
                        "id", "municipality_id", "name", "address", "area_m2", "terms", "available_from", "created_at",
                    ],
                    rows: [
                        [
                            Random.id(), municipality.id, "Poslovni prostor za firme iz dijaspore, ured 1",
                            "Obnovljena općinska zgrada, Jajce", 45,
                            "Zakup po povlaštenoj cijeni prve tri godine za firme iz dijaspore.",
                            Day(sarajevo: now).description, Timestamp.text(now),
                        ]
                    ])
            ).run()
        }
        let programmes = [
            "kljuc": ("Prenos znanja iz dijaspore", "Udruženja dijaspore"),
            "ljubuski": ("Poljoprivreda uz znanje iz dijaspore", "Udruga Ljubušaka u Zagrebu"),
        ]
        if let (name, partner) = programmes[municipality.slug] {
            try await db.raw(
                .insert(
                    into: "knowledge_programmes",
                    columns: ["id", "municipality_id", "name", "partner", "description", "created_at"],
                    rows: [[Random.id(), municipality.id, name, partner, "", Timestamp.text(now)]])
            ).run()
        }
    }

    public func personalData(of account: Account, environment: AppEnvironment) async throws -> [String: Any] {
        let db = environment.database.sql
        let interests = try await db.raw(
            """
            SELECT project_id, kind, message, stage, created_at FROM project_interests WHERE account_id = \
            \(bind: account.id)
            """
        ).rows([String: String].self)
        let applications = try await db.raw(
            """
            SELECT premises_id, company, activity, status FROM premises_applications WHERE account_id = \
            \(bind: account.id)
            """
        ).rows([String: String].self)
        var data: [String: Any] = [:]
        if !interests.isEmpty { data["project_interests"] = interests }
        if !applications.isEmpty { data["premises_applications"] = applications }
        return data
    }

    /// The office keeps that an interest or an application was made (the pipeline, the ledger), not who made it.
    public func erase(_ account: Account, environment: AppEnvironment) async throws {
        try await environment.database.transaction { db in
            try await db.raw(
                """
                UPDATE project_interests SET account_id = NULL, name = '—', email = '', message = '' \
                WHERE account_id = \(bind: account.id)
                """
            ).run()
            try await db.raw(
                """
                UPDATE premises_applications SET account_id = NULL, name = '—', email = '', message = '' WHERE \
                account_id = \(bind: account.id)
                """
            ).run()
        }
    }
}
