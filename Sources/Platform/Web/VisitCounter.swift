import Crypto
import Foundation
import Hummingbird
import Synchronization

/// Counts visits to a municipality's diaspora pages without cookies and without keeping anything
/// personal: a visitor is the SHA-256 of a salt that changes every day (and is deleted after it),
/// the address, the browser and the municipality, so the same person counts once a day and
/// cannot be recognised the next. Staff and bots are not counted.
public struct VisitCounter: Sendable {
    public static let visit = LedgerKind("diaspora_visit", labelKey: "ledger_diaspora_visit")
    let environment: AppEnvironment
    public init(environment: AppEnvironment) { self.environment = environment }

    /// First path segments that are the platform's own, never a municipality.
    static let reserved: Set<String> = [
        "api", "static", "account", "platform", "verify", "open311", "lang", "healthz", "metrics", ".well-known",
        "newsletter", "staff", "favicon.ico",
    ]
    static let bots = ["bot", "crawl", "spider", "slurp", "curl", "wget", "python", "headless", "monitor", "preview"]

    /// Whether this request is a person's page view of a municipality's public pages.
    static func slug(of request: Request, response: Response, context: AppRequestContext) -> String? {
        guard request.method == .get, response.status == .ok,
            response.headers[.contentType]?.hasPrefix("text/html") == true,
            context.account?.isStaff != true
        else { return nil }
        let parts = request.uri.path.split(separator: "/", omittingEmptySubsequences: true)
        guard let first = parts.first.map(String.init), !reserved.contains(first), parts.dropFirst().first != "staff"
        else { return nil }
        let agent = (request.headers[.userAgent] ?? "").lowercased()
        guard !agent.isEmpty, !bots.contains(where: agent.contains) else { return nil }
        return first
    }

    func count(_ request: Request, response: Response, context: AppRequestContext) async {
        guard let slug = Self.slug(of: request, response: response, context: context) else { return }
        do {
            let now = environment.clock.now(), day = Day(sarajevo: now)
            let salt = try await self.salt(for: day)
            let visitor = Random.digest("\(salt)|\(context.clientAddress)|\(request.headers[.userAgent] ?? "")|\(slug)")
            // Seen in this process today: no database work for the page views after the first.
            guard
                state.seen.withLock({ seen in
                    if seen.day != day { seen = (day, []) }
                    return seen.visitors.insert(visitor).inserted
                })
            else { return }
            let municipality = try await PortalCapability.directory(environment).value(slug, now: now) {
                guard let found = try await environment.municipalities.find(slug: slug) else { throw AppError.notFound }
                return found
            }
            try await environment.database.transaction { db in
                let fresh = try await db.raw(
                    """
                    INSERT INTO site_visits (municipality_id, day, visitor) VALUES (\(bind: municipality.id), \
                    \(bind: day.description), \(bind: visitor))
                    ON CONFLICT (municipality_id, day, visitor) DO NOTHING RETURNING visitor
                    """
                ).all()
                guard !fresh.isEmpty else { return }
                try await Ledger(db).record(
                    LedgerEntry(
                        municipalityID: municipality.id, kind: Self.visit, occurredAt: now, sourceType: "visit",
                        sourceID: visitor))
            }
        } catch {
            environment.logger.debug("visit not counted: \(error)")
        }
    }

    /// Visits counted elsewhere (the demo's history): one ledger row each, in one transaction.
    public func record(_ visits: [(at: Date, visitor: String)], municipalityID: String) async throws {
        try await environment.database.transaction { db in
            for visit in visits {
                try await Ledger(db).record(
                    LedgerEntry(
                        municipalityID: municipalityID, kind: Self.visit, occurredAt: visit.at, sourceType: "visit",
                        sourceID: visit.visitor))
            }
        }
    }

    /// Today's salt, made once per day for every instance; older salts and visits are deleted.
    func salt(for day: Day) async throws -> String {
        if let known = state.salt.withLock({ $0?.day == day ? $0?.salt : nil }) { return known }
        try await environment.database.sql.raw(
            """
            INSERT INTO visit_salts (day, salt) VALUES (\(bind: day.description), \(bind: Random.token())) ON CONFLICT \
            (day) DO NOTHING
            """
        ).run()
        let salt = try await environment.database.sql.raw(
            "SELECT salt FROM visit_salts WHERE day = \(bind: day.description)"
        ).value("salt", as: String.self)!
        try await environment.database.sql.raw("DELETE FROM visit_salts WHERE day < \(bind: day.description)").run()
        try await environment.database.sql.raw("DELETE FROM site_visits WHERE day < \(bind: day.description)").run()
        state.salt.withLock { $0 = (day, salt) }
        return salt
    }

    var state: VisitState { environment.database.shared("visits.state") { VisitState() } }
}

final class VisitState: Sendable {
    let seen = Mutex<(day: Day, visitors: Set<String>)>((Day(2000, 1, 1), []))
    let salt = Mutex<(day: Day, salt: String)?>(nil)
}
