import Foundation
import Platform
import SQLKit

/// The newsroom's writes that go out to people: newsletters (each recipient in their language,
/// with a one-click unsubscribe) and press releases; and its reads.
public struct NewsroomStore: Sendable {
    let env: AppEnvironment
    var db: any SQLDatabase { env.database.sql }
    public init(env: AppEnvironment) { self.env = env }

    public static let newsletterSent = LedgerKind("newsletter_sent", labelKey: "ledger_newsletter_sent")
    public static let pressRelease = LedgerKind("press_release", labelKey: "ledger_press_release")
    public static let radioListeners = LedgerKind("radio_listeners", labelKey: "ledger_radio_listeners")
    public static let newsPublished = LedgerKind("news_published", labelKey: "ledger_news_published")

    public func publish(_ a: Article, by account: Account, actor: Actor) async throws {
        try await env.database.transaction { db in
            try await db.raw(
                .insert(
                    into: "news_articles",
                    columns: ["id", "municipality_id", "category", "title", "body", "published_at", "created_by"],
                    rows: [
                        [
                            a.id, a.municipalityID, a.category.rawValue, a.title.json, a.body.json,
                            Timestamp.text(a.publishedAt), account.id,
                        ]
                    ])
            ).run()
            try await Ledger(db).record(
                LedgerEntry(
                    municipalityID: a.municipalityID, kind: Self.newsPublished, occurredAt: a.publishedAt,
                    sourceType: "news_article", sourceID: a.id, attributes: ["category": a.category.rawValue]))
            try await AuditLog(db, clock: env.clock).record(
                actor, "news.publish", objectType: "news_article", objectID: a.id,
                municipalityID: a.municipalityID, detail: a.title[.bs])
        }
    }

    public func articles(_ municipalityID: String, limit: Int = 50) async throws -> [Article] {
        try await db.raw(
            """
            SELECT * FROM news_articles WHERE municipality_id = \(bind: municipalityID) ORDER BY published_at DESC, id \
            LIMIT \(unsafeRaw: String(limit))
            """
        ).rows(Article.self)
    }

    public func article(_ id: String, municipalityID: String) async throws -> Article? {
        try await db.raw(
            "SELECT * FROM news_articles WHERE id = \(bind: id) AND municipality_id = \(bind: municipalityID)"
        ).row(Article.self)
    }

    /// Sends the newsletter to everyone in the audience now: one mail each, in their language,
    /// spread at `Newsletter.perMinute`, with RFC 8058 one-click unsubscribe headers; all in one
    /// transaction with the ledger and audit entries. An empty audience is refused.
    public func send(
        _ n: Newsletter, audience: Audience, source: AudienceSource, municipality: Municipality, by account: Account,
        actor: Actor
    ) async throws -> (id: String, recipients: Int) {
        let now = env.clock.now()
        return try await env.database.transaction { db in
            let recipients = try await source.recipients(audience.id, municipality.id, db)
            guard !recipients.isEmpty else { throw AppError.invalid("audience", "newsletter_no_recipients") }
            let id = Random.id()
            var mails: [OutgoingMail] = [], rows: [[any Encodable & Sendable]] = []
            for (index, person) in recipients.enumerated() {
                let token = Random.token(), mailID = Random.id()
                let oneClick = "\(env.settings.baseURL)/api/v1/newsletter/unsubscribe/\(token)"
                let page = "\(env.settings.baseURL)/newsletter/unsubscribe/\(token)"
                let catalog = env.catalogs[person.language]
                let body =
                    n.body[person.language] + "\n\n—\n"
                    + catalog.text(
                        "newsletter_footer", ["municipality": municipality.names[person.language], "link": page])
                mails.append(
                    OutgoingMail(
                        id: mailID, recipient: person.email, subject: n.subject[person.language], body: body,
                        headers: [
                            "List-Unsubscribe": "<\(oneClick)>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                            "List-Id": "<newsletter.\(municipality.slug).zavicaj>",
                        ],
                        notBefore: now.addingTimeInterval(Double(index / Newsletter.perMinute) * 60)))
                rows.append([
                    Random.id(), id, municipality.id, person.email, person.language.rawValue, mailID,
                    Random.digest(token),
                ])
            }
            try await db.raw(
                .insert(
                    into: "newsletters",
                    columns: [
                        "id", "municipality_id", "audience_id", "audience_name", "subject", "body", "recipients",
                        "created_by", "sent_at",
                    ],
                    rows: [
                        [
                            id, municipality.id, audience.id, audience.name, n.subject.json, n.body.json,
                            recipients.count, account.id,
                            Timestamp.text(now),
                        ]
                    ])
            ).run()
            for start in stride(from: 0, to: rows.count, by: 500) {
                try await db.raw(
                    .insert(
                        into: "newsletter_recipients",
                        columns: [
                            "id", "newsletter_id", "municipality_id", "email", "language", "mail_id", "token_hash",
                        ],
                        rows: Array(rows[start..<min(start + 500, rows.count)]))
                ).run()
                try await MailQueue(db, clock: env.clock).enqueue(Array(mails[start..<min(start + 500, mails.count)]))
            }
            try await Ledger(db).record(
                LedgerEntry(
                    municipalityID: municipality.id, kind: Self.newsletterSent, occurredAt: now,
                    quantity: recipients.count,
                    sourceType: "newsletter", sourceID: id, attributes: ["audience": audience.id]))
            try await AuditLog(db, clock: env.clock).record(
                actor, "newsletter.send", objectType: "newsletter", objectID: id, municipalityID: municipality.id,
                detail: "\(audience.id): \(recipients.count)")
            return (id, recipients.count)
        }
    }

    /// The newsletters sent, newest first, with how many mails went out, failed or wait.
    public func newsletters(_ municipalityID: String) async throws -> [(
        id: String, subject: String, audience: String, recipients: Int, sentAt: Date
    )] {
        try await db.raw(
            """
            SELECT * FROM newsletters WHERE municipality_id = \(bind: municipalityID) ORDER BY sent_at DESC, id LIMIT \
            200
            """
        ).rows(SentRow.self).map { ($0.id, $0.subject[.bs], $0.audienceName, $0.recipients, $0.sentAt) }
    }

    private struct SentRow: Decodable {
        let id: String, audienceName: String, recipients: Int
        @Translations var subject: LocalizedText
        @Instant var sentAt: Date
    }

    /// Each recipient's delivery: the mail's state (queued, sent, failed — a refusal by the receiving server),
    /// unsubscribed or not.
    public func deliveries(_ newsletterID: String, municipalityID: String) async throws -> [(
        email: String, status: String, error: String, unsubscribed: Bool
    )] {
        try await db.raw(
            """
            SELECT r.email, r.unsubscribed_at, m.status, m.last_error FROM newsletter_recipients r LEFT JOIN mails m \
            ON m.id = r.mail_id
            WHERE r.newsletter_id = \(bind: newsletterID) AND r.municipality_id = \(bind: municipalityID) ORDER BY \
            r.email
            """
        ).rows(DeliveryRow.self).map { ($0.email, $0.status ?? "queued", $0.lastError ?? "", $0.unsubscribedAt != nil) }
    }

    /// A recipient and, once queued, the mail's state.
    private struct DeliveryRow: Decodable {
        let email: String, status: String?, lastError: String?, unsubscribedAt: String?
    }

    private struct RecipientRow: Decodable { let id: String, email: String, municipalityID: String }

    /// The recipient behind an unsubscribe token: their consent is withdrawn where it is kept.
    public func unsubscribe(token: String, sources: [AudienceSource]) async throws -> Bool {
        let now = env.clock.now()
        return try await env.database.transaction { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT id, email, municipality_id FROM newsletter_recipients WHERE token_hash = \
                    \(bind: Random.digest(token))
                    """
                ).row(RecipientRow.self)
            else { throw AppError.notFound }
            let (email, municipalityID) = (row.email, row.municipalityID)
            for source in sources { _ = try await source.unsubscribe(email, municipalityID, db, now) }
            try await db.raw(
                """
                UPDATE newsletter_recipients SET unsubscribed_at = \(bind: Timestamp.text(now)) WHERE email = \
                \(bind: email)
                  AND municipality_id = \(bind: municipalityID) AND unsubscribed_at IS NULL
                """
            ).run()
            try await AuditLog(db, clock: env.clock).record(
                .system("newsletter"), "newsletter.unsubscribe", objectType: "newsletter_recipient",
                objectID: row.id, municipalityID: municipalityID, detail: "")
            return true
        }
    }
}
