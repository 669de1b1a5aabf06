import Foundation
import Hummingbird
import Platform

/// What the asker's page and the officer's page both show of an inquiry.
struct InquiryView: Sendable {
    let env: AppEnvironment
    let catalog: Catalog
    let language: Language

    func summary(_ inquiry: Inquiry, zone: String) async throws -> InquirySummary {
        let category = try await InquiryStore(env.database.sql).categories(inquiry.municipalityID, activeOnly: false)
            .first { $0.id == inquiry.categoryID }
        let now = env.clock.now()
        let owed = inquiry.status.clockRuns || inquiry.status == .waitingOnAsker
        return InquirySummary(
            title: "\(inquiry.number) — \(inquiry.subject)", number: inquiry.number, subject: inquiry.subject,
            status: catalog.text("status_\(inquiry.status.rawValue)"), statusCode: inquiry.status.rawValue,
            category: category?.names[language] ?? "", askerName: inquiry.askerName,
            submitted: InquiryFormat.instant(inquiry.submittedAt, zone: zone, language: language),
            overdue: inquiry.isOverdue(at: now), ratingComment: inquiry.ratingComment ?? "", rating: inquiry.rating,
            due: inquiry.dueAt.flatMap {
                inquiry.firstAnsweredAt == nil && owed ? InquiryFormat.instant($0, zone: zone, language: language) : nil
            },
            paused: inquiry.status == .waitingOnAsker, unconfirmed: inquiry.confirmedAt == nil)
    }

    func thread(_ inquiry: Inquiry, includeInternal: Bool, zone: String, attachmentBase: String, key: String?)
        async throws -> [ThreadMessage]
    {
        let store = InquiryStore(env.database.sql)
        let files = try await store.attachments(of: inquiry.id)
        let suffix = key.map { "?key=\(PageRenderer.percentEncoded($0))" } ?? ""
        return try await store.messages(of: inquiry.id, includeInternal: includeInternal).map { message in
            ThreadMessage(
                author: message.author == .staff
                    ? "\(message.authorName) (\(catalog.text("inquiry_officer")))" : message.authorName,
                fromStaff: message.author == .staff, internal: message.isInternal, body: message.body,
                at: InquiryFormat.instant(message.createdAt, zone: zone, language: language),
                files: files.filter { $0.messageID == message.id }.map {
                    .init(name: $0.filename, href: "\(attachmentBase)/\($0.id)\(suffix)", size: Self.size($0.size))
                })
        }
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1_048_576 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : "\(max(1, bytes / 1024)) kB"
    }

    /// Sends a stored file as a download, never rendered inline, under its checked type.
    static func download(_ store: InquiryStore, inquiry: Inquiry, id: String?) async throws -> Response {
        guard let id, let (info, data) = try await store.attachmentContent(id, of: inquiry.id) else {
            throw AppError.notFound
        }
        let name = info.filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
        return Response(
            status: .ok,
            headers: [
                .contentType: info.contentType,
                .contentDisposition: "attachment; filename*=UTF-8''\(name)",
                .cacheControl: "private, no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}

/// What the asker's and the officer's page both show of an inquiry.
struct InquirySummary: Sendable {
    let title: String, number: String, subject: String, status: String, statusCode: String, category: String
    let askerName: String, submitted: String
    let overdue: Bool
    let ratingComment: String
    let rating: Int?
    let due: String?
    let paused: Bool, unconfirmed: Bool
}

/// One message of the thread (`inquiry_thread`).
struct ThreadMessage: Sendable {
    struct File: Sendable { let name: String, href: String, size: String }
    let author: String
    let fromStaff: Bool, `internal`: Bool
    let body: String, at: String
    let files: [File]
}

/// The asker's page of their question (`inquiry_follow`).
struct InquiryFollowPage: PageView {
    static let template = "inquiry_follow"
    struct Rating: Sendable { let value: Int }
    let summary: InquirySummary
    let thread: [ThreadMessage]
    let base: String, key: String, municipality: String
    let canReply: Bool, canRate: Bool
    let ratings: [Rating]
    let replyAction: String
    let flash: String?
    let errors: FormErrors
    var title: String { summary.title }
}

/// The officer's page of an inquiry (`inquiry_detail`).
struct InquiryDetailPage: PageView {
    static let template = "inquiry_detail"
    struct Template: Sendable {
        let id: String, name: String
        let selected: Bool
    }
    let summary: InquirySummary
    let thread: [ThreadMessage]
    let base: String, inboxLink: String, askerEmail: String, askerLanguage: String, replyText: String
    let templates: [Template]
    let departments: [SelectOption], staff: [SelectOption]
    let canReply: Bool, canClose: Bool, canReopen: Bool, canMerge: Bool, canSpam: Bool
    /// What the last action did ("Odgovor je poslan …"), after the redirect back here.
    let flash: String?
    let errors: FormErrors
    var title: String { summary.title }
}

/// The officer's inbox with its filters (`inquiry_inbox`).
struct InquiryInboxPage: PageView {
    static let template = "inquiry_inbox"
    struct Row: Sendable {
        let number: String, subject: String, asker: String, status: String
        let overdue: Bool
        let category: String, assignee: String, due: String
    }
    let title: String, base: String
    let rows: [Row]
    let statuses: [SelectOption], categories: [SelectOption], departments: [SelectOption], assignees: [SelectOption]
    let overdueChecked: Bool
    let paging: PageLinks
}

/// Answer times over a period: in all, by month, by category (`inquiry_figures`).
struct InquiryFiguresPage: PageView {
    static let template = "inquiry_figures"
    struct Line: Sendable {
        let label: String
        let received: Int, answered: Int
        let onTime: String, median: String, p90: String
    }
    let title: String, from: String, to: String, base: String
    let total: Line
    let months: [Line], categories: [Line]
}
