import Foundation
import Logging
import SMTP
import SQLKit

/// A file a mail carries; capabilities attach them without knowing the SMTP module.
public typealias MailAttachment = SMTP.MailAttachment

/// A mail waiting in, or kept by, the outbox table.
public struct QueuedMail: Sendable, Codable {
    public let id: String
    public let recipient: String
    public let subject: String
    public let body: String
    public let headers: String
    public let status: String
    public let attempts: Int
    public let lastError: String?
    public let createdAt: String
    public let sentAt: String?
    /// JSON of the mail's files (`MailAttachment`), when it has any.
    public let attachments: String?

    enum CodingKeys: String, CodingKey {
        case id, recipient, subject, body, headers, status, attempts, attachments
        case lastError = "last_error", createdAt = "created_at", sentAt = "sent_at"
    }

    public var files: [MailAttachment] {
        attachments.flatMap { try? JSONDecoder().decode([MailAttachment].self, from: Data($0.utf8)) } ?? []
    }

    public var headerFields: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(headers.utf8))) ?? [:]
    }
}

/// A mail about to be queued.
public struct OutgoingMail: Sendable {
    public let id: String
    public let recipient: String
    public let subject: String
    public let body: String
    public let headers: [String: String]
    public let attachments: [MailAttachment]
    /// Not sent before this moment (a newsletter spreads its mails out); nil is at once.
    public let notBefore: Date?

    public init(
        id: String = Random.id(), recipient: String, subject: String, body: String, headers: [String: String] = [:],
        attachments: [MailAttachment] = [], notBefore: Date? = nil
    ) {
        self.id = id; self.recipient = recipient; self.subject = subject; self.body = body; self.headers = headers
        self.attachments = attachments; self.notBefore = notBefore
    }
}

/// Mail is written to the database in the same request that causes it, so nothing
/// is lost if the process stops; the dispatcher delivers it afterwards.
public struct MailQueue: Sendable {
    let db: any SQLDatabase
    let clock: AppClock
    public init(_ db: any SQLDatabase, clock: AppClock) { self.db = db; self.clock = clock }

    /// `id` becomes the Message-ID's local part; a capability may choose it to recognise replies.
    @discardableResult
    public func enqueue(
        to recipient: String, subject: String, body: String, headers: [String: String] = [:],
        id: String = Random.id()
    ) async throws -> String {
        try await enqueue([OutgoingMail(id: id, recipient: recipient, subject: subject, body: body, headers: headers)])
        return id
    }

    /// Queues several mails in one statement (a batch of submissions acknowledges them together).
    public func enqueue(_ mails: [OutgoingMail]) async throws {
        guard !mails.isEmpty else { return }
        let now = Timestamp.text(clock.now())
        var rows: [[any Encodable & Sendable]] = []
        for mail in mails {
            let headerJSON = String(decoding: try JSONEncoder().encode(mail.headers), as: UTF8.self)
            let files =
                mail.attachments.isEmpty
                ? nil : String(decoding: try JSONEncoder().encode(mail.attachments), as: UTF8.self)
            rows.append([
                mail.id, mail.recipient, mail.subject, mail.body, headerJSON, "queued", 0,
                mail.notBefore.map(Timestamp.text) ?? now, now, files,
            ])
        }
        try await db.raw(
            SQLQueryString.insert(
                into: "mails",
                columns: [
                    "id", "recipient", "subject", "body", "headers", "status",
                    "attempts", "next_attempt_at", "created_at", "attachments",
                ], rows: rows)
        ).run()
    }

    public func recent(recipient: String? = nil, limit: Int = 100) async throws -> [QueuedMail] {
        var query = SQLQueryString("SELECT * FROM mails")
        if let recipient {
            query.appendInterpolation(unsafeRaw: " WHERE recipient = ")
            query.appendInterpolation(bind: recipient)
        }
        query.appendInterpolation(unsafeRaw: " ORDER BY created_at DESC, id LIMIT \(limit)")
        return try await db.raw(query).rows(QueuedMail.self)
    }

    /// Removes a person's mail when they erase their account.
    public func erase(recipient: String) async throws {
        try await db.raw("DELETE FROM mails WHERE recipient = \(bind: recipient)").run()
    }
}

/// How a claimed mail leaves: over SMTP, or kept in the outbox when no server is configured.
public protocol MailTransport: Sendable {
    /// Returns false when the mail is only kept (no SMTP server), true when delivered.
    func deliver(_ message: MailMessage, date: Date, messageID: String) async throws -> Bool
}

public struct SMTPTransport: MailTransport {
    let client: SMTPClient
    public init(_ configuration: SMTPConfiguration) { client = SMTPClient(configuration: configuration) }
    public func deliver(_ message: MailMessage, date: Date, messageID: String) async throws -> Bool {
        try await client.send(message, date: date, messageID: messageID)
        return true
    }
}

/// No SMTP server: mails stay in the outbox for platform admins; in demo mode the log shows them.
public struct OutboxTransport: MailTransport {
    let logger: Logger?
    public init(logger: Logger?) { self.logger = logger }
    public func deliver(_ message: MailMessage, date: Date, messageID: String) async throws -> Bool {
        logger?.notice("mail to \(message.to): \(message.subject)\n\(message.body)")
        return false
    }
}

/// Claims due mails and hands them to the transport. Each claim has a lease and a token of its
/// own (and SKIP LOCKED on PostgreSQL), and the result is written only by the claim that still
/// holds the mail, so several instances never both send and record it. The SMTP client's
/// deadline is well under the lease: an attempt ends, one way or the other, before another
/// instance may claim the mail again.
public struct MailDispatcher: Sendable {
    let database: Database
    let transport: any MailTransport
    let sender: String
    let clock: AppClock
    public let logger: Logger
    public static let maxAttempts = 8
    public static let batch = 20
    /// How long a claim holds its mails; the SMTP deadline (`SMTPConfiguration.deadline`) is far below it.
    public static let lease: TimeInterval = 300

    public init(database: Database, transport: any MailTransport, sender: String, clock: AppClock, logger: Logger) {
        self.database = database; self.transport = transport; self.sender = sender; self.clock = clock;
        self.logger = logger
    }

    /// Delivers what is due now; returns how many mails it handled.
    @discardableResult
    public func deliverDue(batch: Int = Self.batch) async throws -> Int {
        let now = clock.now()
        let claimed = try await claim(batch: batch, now: now)
        for (index, mail) in claimed.mails.enumerated() {
            // Stopping: what was not tried goes back to the queue for any instance, without waiting out the lease.
            guard !Task.isCancelled else {
                try await release(claimed.mails[index...].map(\.id), token: claimed.token)
                break
            }
            await deliver(mail, token: claimed.token, now: now)
        }
        return claimed.mails.count
    }

    func release(_ ids: [String], token: String) async throws {
        for id in ids {
            try await database.sql.raw(
                """
                UPDATE mails SET claimed_until = NULL, claim_token = NULL WHERE id = \(bind: id) AND claim_token = \
                \(bind: token)
                """
            ).run()
        }
    }

    /// Claims up to `batch` due mails under a fresh token. The inner query reads the partial index
    /// `mails_due` (only queued rows, in `next_attempt_at` order), so its cost does not grow with the sent mail kept.
    public func claim(batch: Int, now: Date) async throws -> (token: String, mails: [QueuedMail]) {
        let token = Random.token(bytes: 12), nowText = Timestamp.text(now)
        let mails = try await database.sql.raw(
            """
            UPDATE mails SET claimed_until = \(bind: Timestamp.text(now.addingTimeInterval(Self.lease))), claim_token \
            = \(bind: token)
            WHERE id IN (SELECT id FROM mails WHERE status = 'queued' AND next_attempt_at <= \(bind: nowText)
              AND (claimed_until IS NULL OR claimed_until < \(bind: nowText))
              ORDER BY next_attempt_at LIMIT \(unsafeRaw: String(batch))\(unsafeRaw: database.skipLocked))
            RETURNING *
            """
        ).rows(QueuedMail.self)
        return (token, mails.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) })
    }

    private func deliver(_ mail: QueuedMail, token: String, now: Date) async {
        let message = MailMessage(
            from: sender, to: mail.recipient, subject: mail.subject, body: mail.body, headers: mail.headerFields,
            attachments: mail.files)
        do {
            let sent = try await transport.deliver(message, date: now, messageID: "\(mail.id)@zavicaj")
            try await mark(
                mail.id, token: token, status: sent ? "sent" : "kept", error: nil, attempts: mail.attempts + 1,
                retryAt: nil, now: now)
        } catch  where error is CancellationError || Task.isCancelled {
            // Stopped mid-conversation: not an attempt that failed; the mail goes back to the queue as it was.
            try? await release([mail.id], token: token)
        } catch {
            let attempts = mail.attempts + 1
            let transient = (error as? SMTPError)?.isTransient ?? true
            let final = !transient || attempts >= Self.maxAttempts
            logger.warning("mail \(mail.id) attempt \(attempts) failed: \(error)")
            // Back off 1, 2, 4 … minutes between attempts.
            let retry = now.addingTimeInterval(60 * pow(2, Double(attempts - 1)))
            try? await mark(
                mail.id, token: token, status: final ? "failed" : "queued", error: "\(error)", attempts: attempts,
                retryAt: retry, now: now)
        }
    }

    /// Writes the outcome only while this claim still holds the mail; a claim that lost it changes nothing.
    func mark(_ id: String, token: String, status: String, error: String?, attempts: Int, retryAt: Date?, now: Date)
        async throws
    {
        let rows = try await database.sql.raw(
            """
            UPDATE mails SET status = \(bind: status), last_error = \(bind: error), attempts = \(bind: attempts),
              claimed_until = NULL, claim_token = NULL, next_attempt_at = \(bind: Timestamp.text(retryAt ?? now)),
              sent_at = \(bind: status == "sent" || status == "kept" ? Timestamp.text(now) : nil)
            WHERE id = \(bind: id) AND claim_token = \(bind: token)
            RETURNING id
            """
        ).all()
        if rows.isEmpty {
            logger.warning("mail \(id): the claim had passed to another sender; its outcome is theirs to record")
        }
    }
}
