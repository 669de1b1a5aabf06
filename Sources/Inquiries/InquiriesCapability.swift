import Foundation
import Hummingbird
import Platform
import SQLKit

/// Servis 48h: questions from abroad answered within the deadline, on the BiH calendar.
public struct InquiriesCapability: Capability {
    public let name = "inquiries"
    public init() {}

    public var migrations: [Migration] { InquiryMigrations.all }
    public var indicators: [Indicator] {
        [
            Indicator(
                "communication_services", InquiryService.communicationService, seed: 2,
                share: .init(key: "communication_on_time_percent", labelKey: "indicator_on_time", dimension: "on_time"))
        ]
    }
    public var apiOperations: [APIOperation] {
        InquiryAPI.operations + InquirySettingsAPI.operations + InquirySetupAPI.operations
            + InquiryFiguresAPI.operations + InboundMail.operations
    }
    public var templates: URL? { Bundle.module.bundleURL.appendingPathComponent("Resources/Templates") }
    public var localization: URL? { Bundle.module.bundleURL.appendingPathComponent("Resources/Localization") }
    public var jobs: [Job] { [InquiryEscalation.job] }

    /// Each confirmed question is an incoming letter; its first answer the outgoing one, in the same case.
    public var correspondence: [CorrespondenceFeed] {
        let columns =
            """
            SELECT id, municipality_id, asker_name AS party, asker_email AS party_contact, number || ' ' || subject AS \
            subject, department_id, number AS case_key
            """
        return [
            .query(
                "inquiry", .incoming,
                select: "\(columns), confirmed_at AS at FROM inquiries WHERE confirmed_at IS NOT NULL",
                time: "confirmed_at", key: "id"),
            .query(
                "inquiry_answer", .outgoing,
                select: "\(columns), first_answered_at AS at FROM inquiries WHERE first_answered_at IS NOT NULL",
                time: "first_answered_at", key: "id"),
        ]
    }

    public func staffMenu(for account: Account, in municipality: Municipality) -> [MenuEntry] {
        guard let role = account.role, InquiryDesk.roles.contains(role) else { return [] }
        var menu = [
            MenuEntry(labelKey: "inquiry_inbox_title", path: "/\(municipality.slug)/staff/inquiries"),
            MenuEntry(labelKey: "inquiry_figures_title", path: "/\(municipality.slug)/staff/inquiries/figures"),
        ]
        if InquiryAdminPages.admins.contains(role) {
            menu.append(MenuEntry(labelKey: "inquiry_setup_title", path: "/\(municipality.slug)/staff/inquiries-setup"))
        }
        return menu
    }

    public func portalLinks(for municipality: Municipality) -> [MenuEntry] {
        [MenuEntry(labelKey: "inquiry_ask_link", path: "/\(municipality.slug)/inquiries/new")]
    }

    public func addRoutes(to router: Router<AppRequestContext>, environment: AppEnvironment) {
        InquiryPages(env: environment).addRoutes(to: router)
        InquiryStaffPages(env: environment).addRoutes(to: router)
        InquiryAdminPages(env: environment).addRoutes(to: router)
        InquiryAPI(env: environment).addRoutes(to: router)
        InquirySettingsAPI(env: environment).addRoutes(to: router)
        InquirySetupAPI(env: environment).addRoutes(to: router)
        InquiryFiguresAPI(env: environment).addRoutes(to: router)
        InboundMail(env: environment).addRoutes(to: router)
        Open311Routes(env: environment).addRoutes(to: router)
    }

    public func personalData(of account: Account, environment: AppEnvironment) async throws -> [String: Any] {
        let store = InquiryStore(environment.database.sql)
        var list: [[String: Any]] = []
        for inquiry in try await store.asked(by: account.id) {
            list.append([
                "number": inquiry.number, "subject": inquiry.subject, "status": inquiry.status.rawValue,
                "submitted_at": Timestamp.text(inquiry.submittedAt),
                "messages": try await store.messages(of: inquiry.id, includeInternal: false).map {
                    ["author": $0.authorName, "body": $0.body]
                },
            ])
        }
        return list.isEmpty ? [:] : ["inquiries": list]
    }

    /// The person's own words and files go; the inquiry stays as an anonymous count (number, category, times).
    public func erase(_ account: Account, environment: AppEnvironment) async throws {
        try await environment.database.transaction { db in
            let mine = "SELECT id FROM inquiries WHERE asker_account_id = "
            try await db.raw(
                "DELETE FROM inquiry_attachments WHERE inquiry_id IN (\(unsafeRaw: mine)\(bind: account.id))"
            ).run()
            try await db.raw(
                """
                UPDATE inquiry_messages SET body = '', author_name = '' WHERE author_kind = 'asker'
                  AND inquiry_id IN (\(unsafeRaw: mine)\(bind: account.id))
                """
            ).run()
            try await db.raw(
                """
                UPDATE inquiries SET asker_name = '', asker_email = '', subject = '', rating_comment = NULL, \
                asker_account_id = NULL
                WHERE asker_account_id = \(bind: account.id)
                """
            ).run()
        }
    }

    public func loadDemo(_ municipality: Municipality, departments: [String: String], db: any SQLDatabase, at now: Date)
        async throws
    {
        let store = InquiryStore(db)
        var settings = InquirySettings.standard
        settings.officeDepartmentID = departments["diaspora"]
        try await store.save(settings, for: municipality.id)
        for (position, category) in Self.demoCategories.enumerated() {
            guard let department = departments[category.department] else { continue }
            try await store.save(
                InquiryCategory(
                    id: Random.id(), municipalityID: municipality.id, code: category.code, departmentID: department,
                    names: LocalizedText(category.names), answerHours: nil, active: true, position: position))
        }
        try await store.insertTemplate(
            ReplyTemplate(
                id: Random.id(), name: "Dokumenti potrebni",
                bodies: LocalizedText([
                    .bs:
                        """
                    Poštovani,\n\nza ovaj zahtjev potrebni su kopija lične karte ili pasoša i popunjen zahtjev. \
                    Dokumente možete poslati kao odgovor na ovu poruku.\n\nSrdačan pozdrav
                    """,
                    .en:
                        """
                    Dear Sir or Madam,\n\nfor this request we need a copy of your identity card or passport and \
                    the completed application form. You can send them as a reply to this message.\n\nKind regards
                    """,
                    .de:
                        """
                    Sehr geehrte Damen und Herren,\n\nfür diesen Antrag benötigen wir eine Kopie Ihres \
                    Personalausweises oder Reisepasses und den ausgefüllten Antrag. Sie können beides als Antwort \
                    auf diese Nachricht senden.\n\nMit freundlichen Grüßen
                    """,
                ])), municipalityID: municipality.id, at: now)
    }

    static let demoCategories: [(code: String, department: String, names: [Language: String])] = [
        (
            "documents", "registry",
            [
                .bs: "Lični dokumenti i matične knjige", .hr: "Osobni dokumenti i matične knjige",
                .srLatn: "Lična dokumenta i matične knjige",
                .srCyrl: "Лична документа и матичне књиге",
                .en: "Personal documents and civil registry",
                .de: "Dokumente und Personenstandsregister",
            ]
        ),
        (
            "investment", "economy",
            [
                .bs: "Investicije i poslovanje", .hr: "Investicije i poslovanje", .srLatn: "Investicije i poslovanje",
                .srCyrl: "Инвестиције и пословање", .en: "Investment and business",
                .de: "Investitionen und Unternehmen",
            ]
        ),
        (
            "property", "planning",
            [
                .bs: "Imovina, gradnja i urbanizam", .hr: "Imovina, gradnja i urbanizam",
                .srLatn: "Imovina, gradnja i urbanizam",
                .srCyrl: "Имовина, градња и урбанизам", .en: "Property, building and planning",
                .de: "Eigentum, Bau und Planung",
            ]
        ),
        (
            "diaspora", "diaspora",
            [
                .bs: "Opća pitanja dijaspore", .hr: "Opća pitanja dijaspore", .srLatn: "Opšta pitanja dijaspore",
                .srCyrl: "Општа питања дијаспоре", .en: "General diaspora questions",
                .de: "Allgemeine Fragen der Diaspora",
            ]
        ),
    ]
}
