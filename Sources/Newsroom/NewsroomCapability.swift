import Foundation
import Hummingbird
import Platform
import SQLKit

/// The newsroom: news and its feed, newsletters to the registry's consenting members, the
/// media list and press releases, radio programmes for the diaspora and their listeners.
public struct NewsroomCapability: Capability {
    public let name = "newsroom"
    let capabilities: @Sendable () -> CapabilitySet
    public init(capabilities: @escaping @Sendable () -> CapabilitySet) { self.capabilities = capabilities }

    public var migrations: [Migration] { NewsroomMigrations.all }
    public var indicators: [Indicator] {
        [
            Indicator("radio_listeners", NewsroomStore.radioListeners, seed: 6),
            Indicator("newsletters_sent", NewsroomStore.newsletterSent),
            Indicator("news_published", NewsroomStore.newsPublished),
            Indicator("press_releases", NewsroomStore.pressRelease),
        ]
    }
    public var templates: URL? { nil }
    public var localization: URL? { Bundle.module.bundleURL.appendingPathComponent("Resources/Localization") }
    public var apiOperations: [APIOperation] {
        [
            APIOperation(
                "post", "/api/v1/newsletter/unsubscribe/{token}",
                summary: "One-click unsubscribe (RFC 8058): the token from the newsletter's List-Unsubscribe header",
                requiresAuth: false,
                responses: [204: "Unsubscribed: the newsletter consent is withdrawn", 404: "Unknown token"])
        ] + NewsroomAPI.operations + MediaAPI.operations
    }

    public func staffMenu(for account: Account, in municipality: Municipality) -> [MenuEntry] {
        guard let role = account.role, NewsStaffPages.editors.contains(role) else { return [] }
        return [
            ("news_staff_title", "news"), ("newsletter_title", "newsletters"), ("media_title", "media"),
            ("radio_title", "radio"),
        ]
        .map { MenuEntry(labelKey: $0.0, path: "/\(municipality.slug)/staff/\($0.1)") }
    }

    public func portalLinks(for municipality: Municipality) -> [MenuEntry] {
        [("news_title", "news"), ("press_title", "press"), ("radio_title", "radio")].map {
            MenuEntry(labelKey: $0.0, path: "/\(municipality.slug)/\($0.1)", group: .information)
        }
    }

    /// The press archive and the radio only once there is a release or a programme to show.
    public func portalLinks(for municipality: Municipality, environment: AppEnvironment) async throws
        -> [MenuEntry]
    {
        let published = try await MediaStore(env: environment).published(municipality.id)
        return portalLinks(for: municipality).filter {
            ($0.labelKey != "press_title" || published.press) && ($0.labelKey != "radio_title" || published.radio)
        }
    }

    public func addRoutes(to router: Router<AppRequestContext>, environment: AppEnvironment) {
        let capabilities = capabilities
        NewsPages(env: environment, sources: { capabilities().audiences }).addRoutes(to: router)
        NewsStaffPages(env: environment, sources: { capabilities().audiences }).addRoutes(to: router)
        NewsroomAPI(env: environment, sources: { capabilities().audiences }).addRoutes(to: router)
        MediaAPI(env: environment).addRoutes(to: router)
    }

    /// Ključ's radio programme for the diaspora and a media list of a few outlets.
    public func loadDemo(_ municipality: Municipality, departments: [String: String], db: any SQLDatabase, at now: Date)
        async throws
    {
        try await db.raw(
            .insert(
                into: "news_articles",
                columns: ["id", "municipality_id", "category", "title", "body", "published_at", "created_by"],
                rows: [
                    [
                        Random.id(), municipality.id, Article.Category.diaspora.rawValue,
                        LocalizedText([
                            .bs: "\(municipality.names[.bs]) otvara portal za dijasporu",
                            .en: "\(municipality.names[.en]) opens its diaspora portal",
                        ]).json,
                        LocalizedText([
                            .bs: "Na jednom mjestu: Servis 48h, E-matičar, registar dijaspore, događaji i vijesti.",
                            .en: "All in one place: Servis 48h, E-matičar, the diaspora registry, events and news.",
                        ]).json,
                        Timestamp.text(now.addingTimeInterval(-86_400)), "demo",
                    ]
                ])
        ).run()
        for (name, email) in [
            ("Radio Ključ", "redakcija@radiokljuc.test"), ("BHRT", "desk@bhrt.test"),
            ("Klix.ba", "redakcija@klix.test"),
        ] {
            try await db.raw(
                .insert(
                    into: "media_outlets",
                    columns: ["id", "municipality_id", "name", "contact", "email", "language", "created_at"],
                    rows: [
                        [
                            Random.id(), municipality.id, name, "Redakcija",
                            email.replacingOccurrences(of: "@", with: ".\(municipality.slug)@"), "bs",
                            Timestamp.text(now),
                        ]
                    ])
            ).run()
        }
        guard municipality.slug == "kljuc" else { return }
        try await MediaStore.insert(
            RadioProgramme(
                name: "Ključ za dijasporu", station: "Radio Ključ", frequency: "FM 96,3 MHz",
                streamURL: "https://stream.radiokljuc.test/live", weekday: 7, airsAt: "18:00", minutes: 60),
            id: Random.id(), municipalityID: municipality.id, at: now, db)
    }
}
