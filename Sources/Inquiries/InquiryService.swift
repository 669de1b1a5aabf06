import Foundation
import Platform
import SQLKit

/// What an asker sends, from the page, the API, Open311 or a test.
public struct Submission: Sendable {
    public var categoryID: String?
    public var subject: String?
    public var body: String?
    public var name: String?
    public var email: String?
    public var language: String?
    public var timeZone: String?
    public var files: [(filename: String, data: Data)] = []
    public var source = "web"
    public var latitude: Double?
    public var longitude: Double?
    public var address: String?

    public init(
        categoryID: String?, subject: String?, body: String?, name: String?, email: String?,
        language: String?, timeZone: String?
    ) {
        self.categoryID = categoryID; self.subject = subject; self.body = body; self.name = name
        self.email = email; self.language = language; self.timeZone = timeZone
    }
}

/// The Servis 48h use cases shared by the pages, the API, Open311 and inbound mail.
/// Every change to an inquiry, its mail and its audit entry are written in one transaction.
public struct InquiryService: Sendable {
    let env: AppEnvironment
    public init(_ env: AppEnvironment) { self.env = env }

    public static let unconfirmedPerDay = 3
    static func unconfirmedKey(_ email: String) -> String { "inquiry:unconfirmed:\(email)" }
    public static let communicationService = LedgerKind(
        "communication_service", labelKey: "ledger_communication_service")

    var store: InquiryStore { InquiryStore(env.database.sql) }

    // MARK: Asking

    /// Checks everything, then writes the inquiry, its first message, its files and the
    /// acknowledgement in one transaction (shared with the submissions arriving at the same
    /// moment, see `InquiryWriter`). Returns the inquiry and its access key (shown once).
    public func submit(_ s: Submission, to municipality: Municipality, asker: Account?, trusted vouched: Bool = false)
        async throws -> (Inquiry, String)
    {
        let reference = try await InquiryReference.load(municipality.id, env)
        let (categories, settings) = (reference.categories, reference.settings)
        var v = Validation()
        let category = try v.check { () throws -> InquiryCategory in
            guard let categoryID = s.categoryID,
                let category = categories.first(where: { $0.id == categoryID || $0.code == categoryID })
            else { throw AppError.invalid("category", categoryID(s) == nil ? "required" : "unknown_category") }
            return category
        }
        let subject = try v.check {
            try InquiryRules.text(s.subject, field: "subject", limit: InquiryRules.subjectLimit)
        }
        let body = try v.check { try InquiryRules.text(s.body, field: "body", limit: InquiryRules.bodyLimit) }
        let name = try v.check {
            try InquiryRules.text(s.name ?? asker?.displayName, field: "name", limit: InquiryRules.nameLimit)
        }
        let email = try v.check { try AccountRules.email(s.email ?? asker?.email) }
        let language = try v.check {
            try AccountRules.language(s.language ?? asker?.language.rawValue ?? Language.fallback.rawValue)
        }
        let timeZone = try v.check { try AccountRules.timeZone(s.timeZone ?? asker?.timeZone ?? "Europe/Sarajevo") }
        let files = try v.check { try InquiryRules.attachments(s.files) }
        try v.finish()
        return try await submit(
            s, category: category!, subject: subject!, body: body!, name: name!, email: email!, language: language!,
            timeZone: timeZone!, files: files!, to: municipality, asker: asker, trusted: vouched, settings: settings)
    }

    /// The checked submission: numbered and stored with its mail, or refused by the unconfirmed limit.
    func submit(
        _ s: Submission, category: InquiryCategory, subject: String, body: String, name: String, email: String,
        language: Language, timeZone: String, files: [CheckedAttachment], to municipality: Municipality,
        asker: Account?, trusted vouched: Bool, settings: InquirySettings
    ) async throws -> (Inquiry, String) {

        let now = env.clock.now()
        let key = Random.token()
        // A signed-in member whose address is confirmed (or a client with an Open311 key) is trusted at once;
        // anyone else confirms by opening the link.
        let trusted = vouched || (asker?.emailConfirmedAt != nil && asker?.email == email)
        var inquiry = Inquiry(
            id: Random.id(), municipalityID: municipality.id, number: "", categoryID: category.id,
            departmentID: category.departmentID, status: .open, subject: subject, language: language,
            askerAccountID: asker?.id, askerName: name, askerEmail: email, askerTimeZone: timeZone,
            replyToken: Random.token(bytes: 12).lowercased(), source: s.source,
            answerHours: category.answerHours ?? settings.answerHours, submittedAt: now,
            confirmedAt: trusted ? now : nil, pauses: [], latitude: s.latitude, longitude: s.longitude,
            address: s.address, updatedAt: now)
        inquiry.schedule(with: settings.clock)
        let message = InquiryMessage(
            id: Random.id(), inquiryID: inquiry.id, author: .asker, authorID: asker?.id,
            authorName: name, body: body, isInternal: false, createdAt: now)
        let template = trusted ? "mail_inquiry_received" : "mail_inquiry_confirm"
        var pending = PendingSubmission(
            inquiry: inquiry, message: message, files: files, accessHash: Random.digest(key),
            code: municipality.code, year: Calendar.sarajevo.component(.year, from: now)
        ) { numbered in
            askerMail(numbered, municipality: municipality, key: key, template: template, body: body)
        }
        // Each unconfirmed question mails a link to an address nobody has proven: a few a day per
        // address, so the form cannot be used to flood someone's mailbox. Counted and judged in one
        // statement, in the transaction that stores the question (a refused or failed one is not
        // counted), so parallel submissions cannot all pass (every instance shares the counter).
        if !trusted {
            pending.limit = .init(
                key: Self.unconfirmedKey(email), most: Self.unconfirmedPerDay, window: 86_400,
                refusal: AppError(.tooManyRequests, code: "inquiry_unconfirmed_limit", field: "email"))
        }
        return (try await InquiryWriter.shared(env).submit(pending), key)
    }

    private func categoryID(_ s: Submission) -> String? {
        s.categoryID.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
    }

    /// Opening the mailed link confirms the address; the answer clock starts then.
    public func confirmIfNeeded(_ inquiry: Inquiry) async throws -> Inquiry {
        guard inquiry.confirmedAt == nil else { return inquiry }
        // A confirmed address frees its place among the day's unconfirmed questions.
        try await env.rateLimiter.giveBack(Self.unconfirmedKey(inquiry.askerEmail))
        var confirmed = inquiry
        let now = env.clock.now()
        confirmed.confirmedAt = now
        confirmed.updatedAt = now
        confirmed.schedule(with: try await store.settings(inquiry.municipalityID).clock)
        try await store.update(confirmed)
        return confirmed
    }

    /// The asker's key or their own signed-in account opens the inquiry.
    public func askerMayOpen(_ inquiry: Inquiry, key: String?, account: Account?) async throws -> Bool {
        if let account, account.id == inquiry.askerAccountID { return true }
        guard let key, !key.isEmpty, let hash = try await store.accessHash(of: inquiry.id) else { return false }
        return Random.digest(key) == hash
    }

    /// The asker writes again: this resumes a paused clock and puts the inquiry back before an officer.
    public func askerReply(_ inquiry: Inquiry, body raw: String?, files: [(filename: String, data: Data)] = [])
        async throws -> Inquiry
    {
        let body = try InquiryRules.text(raw, field: "body", limit: InquiryRules.bodyLimit)
        let checked = try InquiryRules.attachments(files)
        guard [.open, .assigned, .waitingOnAsker, .answered].contains(inquiry.status) else {
            throw AppError(.conflict, code: "inquiry_closed")
        }
        let now = env.clock.now()
        var updated = inquiry
        if updated.status == .waitingOnAsker, let since = updated.waitingSince {
            updated.pauses.append(Pause(from: since, to: now))
            updated.waitingSince = nil
            updated.schedule(with: try await store.settings(inquiry.municipalityID).clock)
        }
        updated.status = updated.assigneeID == nil ? .open : .assigned
        updated.updatedAt = now
        let final = updated
        try await env.database.transaction { db in
            let store = InquiryStore(db)
            let message = InquiryMessage(
                id: Random.id(), inquiryID: inquiry.id, author: .asker, authorID: inquiry.askerAccountID,
                authorName: inquiry.askerName, body: body, isInternal: false, createdAt: now)
            try await store.insert(message)
            for file in checked { try await store.insert(file, inquiryID: inquiry.id, messageID: message.id) }
            try await store.update(final)
        }
        return final
    }

    public func rate(_ inquiry: Inquiry, rating raw: String?, comment: String?) async throws -> Inquiry {
        guard inquiry.status == .closed else { throw AppError(.conflict, code: "rating_not_closed") }
        var updated = inquiry
        updated.rating = try InquiryRules.rating(raw)
        let text = (comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= 2000 else { throw AppError.invalid("comment", "too_long", ["max": "2000"]) }
        updated.ratingComment = text.isEmpty ? nil : text
        updated.updatedAt = env.clock.now()
        try await store.update(updated)
        return updated
    }

    // MARK: Mail

    /// Queues a mail to the asker in their language, with the follow link and, when inbound
    /// mail is configured, a reply address that threads the answer back.
    func notifyAsker(
        _ inquiry: Inquiry, municipality: Municipality, key: String?, template: String, body: String,
        db: any SQLDatabase
    ) async throws {
        try await MailQueue(db, clock: env.clock).enqueue([
            askerMail(inquiry, municipality: municipality, key: key, template: template, body: body)
        ])
    }

    func askerMail(_ inquiry: Inquiry, municipality: Municipality, key: String?, template: String, body: String)
        -> OutgoingMail
    {
        let catalog = env.catalogs[inquiry.language]
        var link = "\(env.settings.baseURL)/\(municipality.slug)/inquiries/\(inquiry.number)"
        if let key { link += "?key=\(key)" }
        let due =
            inquiry.dueAt.map { InquiryFormat.instant($0, zone: inquiry.askerTimeZone, language: inquiry.language) }
            ?? catalog.text("inquiry_due_after_confirmation")
        let arguments = [
            "name": inquiry.askerName, "number": inquiry.number, "subject": inquiry.subject,
            "municipality": municipality.names[inquiry.language], "link": link, "due": due, "message": body,
        ]
        var headers: [String: String] = [:]
        if let reply = env.settings.replyAddress(token: inquiry.replyToken) { headers["Reply-To"] = reply }
        // The Message-ID starts with the reply token, so a reply's In-Reply-To leads back here.
        return OutgoingMail(
            id: "\(inquiry.replyToken).\(Random.token(bytes: 9))", recipient: inquiry.askerEmail,
            subject: "[\(inquiry.number)] " + catalog.text("\(template)_subject", arguments),
            body: catalog.text("\(template)_body", arguments), headers: headers)
    }
}

extension Calendar {
    static let sarajevo: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Sarajevo")!
        return calendar
    }()
}

/// How instants are shown: in the viewer's own zone and language, with the zone named.
public enum InquiryFormat {
    public static func instant(_ date: Date, zone: String, language: Language) -> String {
        language.instantWithZone(date, zone: zone)
    }
}
