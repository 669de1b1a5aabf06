import Foundation
import Hummingbird
import Platform

/// `/api/v1` for the newsroom's staff flows: publish news, the newsletter audiences, send a newsletter
/// and see its deliveries, as the editors' pages do them (audited alike).
struct NewsroomAPI: Sendable {
    let env: AppEnvironment
    let sources: @Sendable () -> [AudienceSource]
    var pages: NewsStaffPages { NewsStaffPages(env: env, sources: sources) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let api = router.staffAPIGroup(env, roles: NewsStaffPages.editors)
        api.post("news") { request, context in
            let scope = try context.staffScope
            let body = try await JSONBody.decode(ArticleBody.self, request)
            var fields = TextsBody.fields(title: ("title", body.title), body: ("body", body.body))
            fields["category"] = body.category
            let article = try Article.check(fields, municipalityID: scope.municipality.id, now: env.clock.now())
            try await NewsroomStore(env: env).publish(article, by: scope.account, actor: context.actor)
            return try Response.json(["id": article.id], status: .created)
        }
        api.get("newsletters") { request, context in
            let scope = try context.staffScope
            var audiences: [Audience] = []
            for source in sources() { audiences += try await source.audiences(scope.municipality.id, env.database.sql) }
            let c = env.catalogs[context.language]
            let sent = try await NewsroomStore(env: env).newsletters(scope.municipality.id)
            return try Response.json(
                NewslettersJSON(
                    audiences: audiences.map { .init(id: $0.id, name: c.text($0.name)) },
                    newsletters: sent.map {
                        .init(
                            id: $0.id, subject: $0.subject, audience: c.text($0.audience), recipients: $0.recipients,
                            sent_at: Timestamp.text($0.sentAt))
                    }))
        }
        api.post("newsletters") { request, context in
            let scope = try context.staffScope
            let body = try await JSONBody.decode(NewsletterBody.self, request)
            let newsletter = try Newsletter.check(
                TextsBody.fields(title: ("subject", body.subject), body: ("body", body.body)))
            guard let (audience, source) = try await pages.audience(body.audience, scope.municipality.id) else {
                throw AppError.invalid("audience", "invalid_choice")
            }
            let sent = try await NewsroomStore(env: env).send(
                newsletter, audience: audience, source: source, municipality: scope.municipality, by: scope.account,
                actor: context.actor)
            return try Response.json(SentJSON(id: sent.id, recipients: sent.recipients), status: .created)
        }
        api.get("newsletters/:id") { request, context in
            let scope = try context.staffScope
            let id = context.parameters.get("id") ?? ""
            let rows = try await NewsroomStore(env: env).deliveries(id, municipalityID: scope.municipality.id)
            guard !rows.isEmpty else { throw AppError.notFound }
            try await env.audit.record(
                context.actor, "newsletter.deliveries", objectType: "newsletter", objectID: id,
                municipalityID: scope.municipality.id, detail: "\(rows.count)")
            return try Response.json([
                "deliveries": rows.map {
                    DeliveryJSON(email: $0.email, status: $0.status, error: $0.error, unsubscribed: $0.unsubscribed)
                }
            ])
        }
    }
}

/// Texts by language (`{"bs": "…", "de": "…"}`), as the staff forms' `<name>_<language>` fields.
enum TextsBody {
    static func fields(title: (String, [String: String]), body: (String, [String: String])) -> [String: String] {
        FieldsBody.localized(title.0, title.1).merging(FieldsBody.localized(body.0, body.1)) { $1 }
    }
}

struct ArticleBody: Decodable { let category: String, title: [String: String], body: [String: String] }
struct NewsletterBody: Decodable { let audience: String, subject: [String: String], body: [String: String] }
struct SentJSON: Encodable { let id: String, recipients: Int }
struct DeliveryJSON: Encodable { let email: String, status: String, error: String, unsubscribed: Bool }

struct NewslettersJSON: Encodable {
    struct AudienceJSON: Encodable { let id: String, name: String }
    struct Sent: Encodable { let id: String, subject: String, audience: String, recipients: Int, sent_at: String }
    let audiences: [AudienceJSON]
    let newsletters: [Sent]
}

extension NewsroomAPI {
    static let editors = "(officer, department staff, admin)"
    static let operations: [APIOperation] = [
        APIOperation(
            "post", "/api/v1/{slug}/news", summary: "Publish a news article, texts by language \(editors)",
            requiresAuth: true,
            requestSchema: .object(
                ["category": .string(oneOf: Article.Category.self), "title": .texts(300), "body": .texts(20_000)],
                required: ["category", "title", "body"]),
            responses: [201: "Published", 422: "Invalid field"]),
        APIOperation(
            "get", "/api/v1/{slug}/newsletters",
            summary: "The audiences one may send to (consent given) and the newsletters sent \(editors)",
            requiresAuth: true, responses: [200: "Audiences and newsletters"]),
        APIOperation(
            "post", "/api/v1/{slug}/newsletters",
            summary:
                """
                Send a newsletter to an audience: one mail each, in their language, with one-click unsubscribe \
                \(editors)
                """,
            requiresAuth: true,
            requestSchema: .object(
                ["audience": .string("An audience id from GET"), "subject": .texts(300), "body": .texts(50_000)],
                required: ["audience", "subject", "body"]),
            responses: [201: "Queued, with the number of recipients", 422: "Invalid field or an empty audience"]),
        APIOperation(
            "get", "/api/v1/{slug}/newsletters/{id}", summary: "Each delivery of a newsletter \(editors)",
            requiresAuth: true, responses: [200: "Deliveries"]),
    ]
}
