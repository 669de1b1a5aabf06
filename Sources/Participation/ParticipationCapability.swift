import Foundation
import Hummingbird
import Platform
import SQLKit

/// Citizens taking part in decisions through IT (Kakanj): consultations, proposals and surveys,
/// open to the diaspora, to residents or both, with results split between the two.
public struct ParticipationCapability: Capability {
    public let name = "participation"
    public init() {}

    public var migrations: [Migration] { ParticipationMigrations.all }
    public var apiOperations: [APIOperation] { ParticipationAPI.operations + ParticipationStaffAPI.operations }
    public var indicators: [Indicator] {
        [
            Indicator(
                "participation", ParticipationRules.participation,
                breakdown: .afterColon(labelPrefix: "participation_group_"))
        ]
    }
    public var localization: URL? { Bundle.module.bundleURL.appendingPathComponent("Resources/Localization") }

    public func staffMenu(for account: Account, in municipality: Municipality) -> [MenuEntry] {
        guard let role = account.role, ParticipationStaffPages.staff.contains(role) else { return [] }
        return [MenuEntry(labelKey: "participation_staff_title", path: "/\(municipality.slug)/staff/participation")]
    }

    public func portalLinks(for municipality: Municipality) -> [MenuEntry] {
        [MenuEntry(labelKey: "participation_title", path: "/\(municipality.slug)/participate", group: .takePart)]
    }

    public func addRoutes(to router: Router<AppRequestContext>, environment: AppEnvironment) {
        ParticipationPages(env: environment).addRoutes(to: router)
        ParticipationAPI(env: environment).addRoutes(to: router)
        ParticipationStaffAPI(env: environment).addRoutes(to: router)
        ParticipationStaffPages(env: environment).addRoutes(to: router)
    }

    /// A survey every municipality can show: what the diaspora would like from its office.
    public func loadDemo(_ municipality: Municipality, departments: [String: String], db: any SQLDatabase, at now: Date)
        async throws
    {
        let questions = [
            SurveyQuestion(
                kind: .single, text: "Koliko često dolazite u zavičaj?",
                choices: ["Jednom godišnje", "Više puta godišnje", "Rjeđe"]),
            SurveyQuestion(
                kind: .multiple, text: "Šta vam je najvažnije?",
                choices: ["Dokumenti bez putovanja", "Ulaganja", "Kultura i sport"]),
            SurveyQuestion(kind: .text, text: "Vaš prijedlog općini", choices: []),
        ]
        try await db.raw(
            .insert(
                into: "surveys",
                columns: ["id", "municipality_id", "title", "eligible", "closes_at", "questions", "created_at"],
                rows: [
                    [
                        Random.id(), municipality.id,
                        LocalizedText([
                            .bs: "Anketa za dijasporu", .en: "Survey for the diaspora",
                            .de: "Umfrage für die Diaspora",
                        ]).json,
                        Eligibility.both.rawValue, Timestamp.text(now.addingTimeInterval(60 * 86_400)),
                        String(decoding: try JSONEncoder().encode(questions), as: UTF8.self), Timestamp.text(now),
                    ]
                ])
        ).run()
    }

    /// Comments, supports and answers stay as anonymous counts (split by group); proposals keep their text but not
    /// their author.
    public func erase(_ account: Account, environment: AppEnvironment) async throws {
        try await environment.database.transaction { db in
            try await db.raw(
                "UPDATE consultation_comments SET account_id = NULL WHERE account_id = \(bind: account.id)"
            ).run()
            try await db.raw(
                "UPDATE proposals SET account_id = NULL, author_name = '—' WHERE account_id = \(bind: account.id)"
            ).run()
            for table in ["proposal_supports", "survey_answers"] {
                try await db.raw(
                    """
                    UPDATE \(ident: table) SET account_id = \(bind: "erased-" + Random.id()) \
                    WHERE account_id = \(bind: account.id)
                    """
                ).run()
            }
        }
    }

    public func personalData(of account: Account, environment: AppEnvironment) async throws -> [String: Any] {
        let db = environment.database.sql
        let comments = try await db.raw(
            """
            SELECT consultation_id, grp AS "group", text, created_at FROM consultation_comments WHERE account_id = \
            \(bind: account.id)
            """
        ).rows([String: String].self)
        let proposals = try await db.raw(
            "SELECT title, text, status FROM proposals WHERE account_id = \(bind: account.id)"
        ).rows([String: String].self)
        let answers = try await db.raw(
            "SELECT survey_id, answers FROM survey_answers WHERE account_id = \(bind: account.id)"
        ).rows([String: String].self)
        var data: [String: Any] = [:]
        if !comments.isEmpty { data["comments"] = comments }
        if !proposals.isEmpty { data["proposals"] = proposals }
        if !answers.isEmpty { data["survey_answers"] = answers }
        return data
    }
}
