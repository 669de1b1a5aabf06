import Foundation
import Hummingbird

/// Pages for platform admins: the audit log with filters, and the mail outbox.
public struct PlatformAdminCapability: Capability {
    public let name = "platform"
    public init() {}

    public var jobs: [Job] { [Retention.job] }

    public func addRoutes(to router: Router<AppRequestContext>, environment env: AppEnvironment) {
        router.get("platform/audit") { request, context in
            _ = try Self.platformAdmin(request, context)
            let municipalities = try await env.municipalities.all()
            let slug = request.query("municipality")
            let filter = AuditFilter(
                municipalityID: municipalities.first { $0.slug == slug }?.id, actor: request.query("actor"),
                action: request.query("action"), objectType: request.query("object_type"),
                from: request.query("from").flatMap(Self.day),
                to: request.query("to").flatMap(Self.day).map { $0.addingTimeInterval(86400) })
            let entries = try await env.audit.search(filter).map { entry in
                AuditPage.Line(
                    occurredAt: entry.occurredAt, actorEmail: entry.actorEmail, action: entry.action,
                    objectType: entry.objectType, objectID: entry.objectID, detail: entry.detail,
                    clientAddress: entry.clientAddress,
                    municipality: municipalities.first { $0.id == entry.municipalityID }?.slug ?? "")
            }
            var view = FormView(catalog: env.catalogs[context.language], error: nil)
            view.select(
                "municipality", label: "audit_municipality",
                choices: [("", "—")] + municipalities.map { ($0.slug, $0.names[context.language]) }, selected: slug)
            view.input("actor", label: "audit_who", type: "email", value: request.query("actor") ?? "")
            view.input("action", label: "audit_action", value: request.query("action") ?? "")
            view.input("object_type", label: "audit_object", value: request.query("object_type") ?? "")
            view.input("from", label: "audit_from", type: "date", value: request.query("from") ?? "")
            view.input("to", label: "audit_to", type: "date", value: request.query("to") ?? "")
            let page = AuditPage(
                title: env.catalogs[context.language].text("nav_audit"), fields: view.fields, entries: entries)
            return env.pages.render(page, request: request, context: context)
        }
        router.get("platform/outbox") { request, context in
            let admin = try Self.platformAdmin(request, context)
            try await env.audit.record(
                context.actor, "outbox.view", objectType: "mails", objectID: "*", municipalityID: admin.municipalityID)
            let mails = try await env.mail.recent(limit: 200).map { mail in
                OutboxPage.Line(
                    createdAt: mail.createdAt, recipient: mail.recipient, subject: mail.subject, body: mail.body,
                    status: mail.status, lastError: mail.lastError ?? "")
            }
            let page = OutboxPage(title: env.catalogs[context.language].text("nav_outbox"), mails: mails)
            return env.pages.render(page, request: request, context: context)
        }
    }

    public static func platformAdmin(_ request: Request, _ context: AppRequestContext) throws -> Account {
        guard let account = context.verifiedAccount else { throw Redirect.toLogin(from: request.uri.description) }
        guard account.role == .platformAdmin else { throw AppError.notFound }
        return account
    }

    static func day(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle().year().month().day().parse(text)
    }
}

/// The platform's audit log, filtered (`platform_audit`).
struct AuditPage: PageView {
    static let template = "platform_audit"
    struct Line: Sendable {
        let occurredAt: String, actorEmail: String, action: String, objectType: String, objectID: String
        let detail: String, clientAddress: String, municipality: String
    }
    let title: String
    let fields: [Field]
    let entries: [Line]
}

/// The latest mails and what became of them (`platform_outbox`).
struct OutboxPage: PageView {
    static let template = "platform_outbox"
    struct Line: Sendable {
        let createdAt: String, recipient: String, subject: String, body: String, status: String, lastError: String
    }
    let title: String
    let mails: [Line]
}
