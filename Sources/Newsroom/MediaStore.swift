import Foundation
import Platform
import SQLKit

/// The media list with press releases sent to it, and the radio programmes with their episodes
/// and listener estimates.
public struct MediaStore: Sendable {
    let env: AppEnvironment
    var db: any SQLDatabase { env.database.sql }
    public init(env: AppEnvironment) { self.env = env }

    /// An outlet on the list of those a press release goes to, once per address; audited.
    public func add(_ o: MediaOutlet, municipalityID: String, actor: Actor) async throws {
        try await env.database.transaction { db in
            guard
                try await db.raw(
                    """
                    SELECT id FROM media_outlets WHERE municipality_id = \(bind: municipalityID) AND email = \
                    \(bind: o.email)
                    """
                ).first() == nil
            else {
                throw AppError(.conflict, code: "outlet_duplicate", field: "outlet_email")
            }
            let id = Random.id()
            try await db.raw(
                .insert(
                    into: "media_outlets",
                    columns: ["id", "municipality_id", "name", "contact", "email", "language", "created_at"],
                    rows: [
                        [
                            id, municipalityID, o.name, o.contact, o.email, o.language.rawValue,
                            Timestamp.text(env.clock.now()),
                        ]
                    ])
            ).run()
            try await AuditLog(db, clock: env.clock).record(
                actor, "media.outlet", objectType: "media_outlet", objectID: id, municipalityID: municipalityID,
                detail: o.name)
        }
    }

    public func outlets(_ municipalityID: String) async throws -> [MediaOutlet] {
        try await db.raw("SELECT * FROM media_outlets WHERE municipality_id = \(bind: municipalityID) ORDER BY name")
            .rows(MediaOutlet.self)
    }

    /// Mails the release to every outlet on the list and files it in the public archive.
    public func release(
        title raw: String?, body rawBody: String?, municipality: Municipality, by account: Account, actor: Actor
    ) async throws -> Int {
        var input = FormInput(["release_title": raw ?? "", "release_body": rawBody ?? ""])
        let checked = (try input.text("release_title", limit: 300), try input.text("release_body", limit: 20_000))
        try input.finish()
        let (title, body) = (checked.0!, checked.1!)
        let outlets = try await self.outlets(municipality.id)
        guard !outlets.isEmpty else { throw AppError.invalid("release_title", "press_no_outlets") }
        let now = env.clock.now(), id = Random.id()
        try await env.database.transaction { db in
            try await db.raw(
                .insert(
                    into: "press_releases",
                    columns: ["id", "municipality_id", "title", "body", "outlets", "created_by", "sent_at"],
                    rows: [[id, municipality.id, title, body, outlets.count, account.id, Timestamp.text(now)]])
            ).run()
            try await MailQueue(db, clock: env.clock).enqueue(
                outlets.map {
                    OutgoingMail(
                        recipient: $0.email, subject: "\(municipality.names[$0.language]): \(title)",
                        body: body + "\n\n—\n"
                            + env.catalogs[$0.language].text(
                                "press_footer",
                                [
                                    "municipality": municipality.names[$0.language],
                                    "link": "\(env.settings.baseURL)/\(municipality.slug)/press",
                                ]))
                })
            try await Ledger(db).record(
                LedgerEntry(
                    municipalityID: municipality.id, kind: NewsroomStore.pressRelease, occurredAt: now,
                    quantity: outlets.count,
                    sourceType: "press_release", sourceID: id))
            try await AuditLog(db, clock: env.clock).record(
                actor, "press.release", objectType: "press_release", objectID: id, municipalityID: municipality.id,
                detail: "\(title) → \(outlets.count)")
        }
        VisitorPages.forget(env)
        return outlets.count
    }

    /// Whether the municipality has sent a press release and has a radio programme.
    func published(_ municipalityID: String) async throws -> (press: Bool, radio: Bool) {
        let row = try await db.raw(
            """
            SELECT EXISTS (SELECT 1 FROM press_releases WHERE municipality_id = \(bind: municipalityID)) AS press,
              EXISTS (SELECT 1 FROM radio_programmes WHERE municipality_id = \(bind: municipalityID)) AS radio
            """
        ).first()
        return (
            try row?.decode(column: "press", as: Bool.self) ?? false,
            try row?.decode(column: "radio", as: Bool.self) ?? false
        )
    }

    public func releases(_ municipalityID: String) async throws -> [(
        title: String, body: String, sentAt: Date, outlets: Int
    )] {
        try await db.raw(
            """
            SELECT * FROM press_releases WHERE municipality_id = \(bind: municipalityID) ORDER BY sent_at DESC, id \
            LIMIT 200
            """
        ).rows(ReleaseRow.self).map { ($0.title, $0.body, $0.sentAt, $0.outlets) }
    }

    private struct ReleaseRow: Decodable {
        let title: String, body: String, outlets: Int
        @Instant var sentAt: Date
    }

    // MARK: Radio

    /// A programme of this municipality; audited. Returns its id.
    @discardableResult
    public func add(_ p: RadioProgramme, municipalityID: String, actor: Actor) async throws -> String {
        let id = Random.id()
        try await env.database.transaction { db in
            try await Self.insert(p, id: id, municipalityID: municipalityID, at: env.clock.now(), db)
            try await AuditLog(db, clock: env.clock).record(
                actor, "radio.programme", objectType: "radio_programme", objectID: id,
                municipalityID: municipalityID, detail: p.name)
        }
        VisitorPages.forget(env)
        return id
    }

    static func insert(_ p: RadioProgramme, id: String, municipalityID: String, at now: Date, _ db: any SQLDatabase)
        async throws
    {
        try await db.raw(
            .insert(
                into: "radio_programmes",
                columns: [
                    "id", "municipality_id", "name", "station", "frequency", "stream_url", "weekday", "airs_at",
                    "minutes", "created_at",
                ],
                rows: [
                    [
                        id, municipalityID, p.name, p.station, p.frequency, p.streamURL, p.weekday, p.airsAt,
                        p.minutes, Timestamp.text(now),
                    ]
                ])
        ).run()
    }

    public func programmes(_ municipalityID: String) async throws -> [(id: String, programme: RadioProgramme)] {
        try await db.raw(
            "SELECT * FROM radio_programmes WHERE municipality_id = \(bind: municipalityID) ORDER BY weekday, airs_at"
        ).rows(Joined<RadioProgramme, RowID>.self).map { ($0.extra.id, $0.base) }
    }

    private struct RowID: Decodable, Sendable { let id: String }

    /// An episode of one of this municipality's programmes; audited.
    public func addEpisode(_ programmeID: String, input: [String: String], municipalityID: String, actor: Actor)
        async throws
    {
        var form = FormInput(input)
        let day = try form.day("aired_on"), title = try form.text("episode_title", limit: 200)
        try form.finish()
        try await env.database.transaction { db in
            try await db.raw(
                .insert(
                    into: "radio_episodes", columns: ["id", "programme_id", "aired_on", "title", "description"],
                    rows: [
                        [
                            Random.id(), programmeID, day!.description, title!,
                            String((input["episode_description"] ?? "").prefix(2000)),
                        ]
                    ])
            ).run()
            try await AuditLog(db, clock: env.clock).record(
                actor, "radio.episode", objectType: "radio_programme", objectID: programmeID,
                municipalityID: municipalityID, detail: "\(day!) \(title!)")
        }
    }

    public func episodes(_ programmeID: String) async throws -> [(day: String, title: String, description: String)] {
        try await db.raw(
            "SELECT * FROM radio_episodes WHERE programme_id = \(bind: programmeID) ORDER BY aired_on DESC LIMIT 50"
        ).rows(EpisodeRow.self).map { ($0.airedOn, $0.title, $0.description) }
    }

    private struct EpisodeRow: Decodable { let airedOn: String, title: String, description: String }

    /// A listener estimate for a period counts in the ledger on the period's last day.
    public func recordListeners(_ programmeID: String, input: [String: String], municipalityID: String, actor: Actor)
        async throws
    {
        let estimate = try RadioProgramme.listeners(input)
        let id = Random.id()
        try await env.database.transaction { db in
            try await db.raw(
                .insert(
                    into: "radio_listeners",
                    columns: ["id", "programme_id", "from_on", "to_on", "listeners", "source", "recorded_at"],
                    rows: [
                        [
                            id, programmeID, estimate.from.description, estimate.to.description, estimate.count,
                            estimate.source,
                            Timestamp.text(env.clock.now()),
                        ]
                    ])
            ).run()
            try await Ledger(db).record(
                LedgerEntry(
                    municipalityID: municipalityID, kind: NewsroomStore.radioListeners,
                    occurredAt: estimate.to.date.addingTimeInterval(43_200),
                    quantity: estimate.count, sourceType: "radio_listeners", sourceID: id,
                    attributes: [
                        "programme_id": programmeID, "from": estimate.from.description, "to": estimate.to.description,
                    ]))
            try await AuditLog(db, clock: env.clock).record(
                actor, "radio.listeners", objectType: "radio_programme", objectID: programmeID,
                municipalityID: municipalityID, detail: "\(estimate.from)–\(estimate.to): \(estimate.count)")
        }
    }

    public func listeners(_ programmeID: String) async throws -> [(
        from: String, to: String, count: Int, source: String
    )] {
        try await db.raw("SELECT * FROM radio_listeners WHERE programme_id = \(bind: programmeID) ORDER BY to_on DESC")
            .rows(ListenerRow.self).map { ($0.fromOn, $0.toOn, $0.listeners, $0.source) }
    }

    private struct ListenerRow: Decodable { let fromOn: String, toOn: String, listeners: Int, source: String }
}
