import Foundation
import Hummingbird
import Platform

/// What the asker's page and the officer's page both show of an inquiry.
struct InquiryView: Sendable {
    let env: AppEnvironment
    let catalog: Catalog
    let language: Language

    func summary(_ inquiry: Inquiry, zone: String) async throws -> [String: Any] {
        let category = try await InquiryStore(env.database.sql).categories(inquiry.municipalityID, activeOnly: false)
            .first { $0.id == inquiry.categoryID }
        let now = env.clock.now()
        var data: [String: Any] = [
            "title": "\(inquiry.number) — \(inquiry.subject)", "number": inquiry.number, "subject": inquiry.subject,
            "status": catalog.text("status_\(inquiry.status.rawValue)"), "statusCode": inquiry.status.rawValue,
            "category": category?.names[language] ?? "", "askerName": inquiry.askerName,
            "submitted": InquiryFormat.instant(inquiry.submittedAt, zone: zone, language: language),
            "overdue": inquiry.isOverdue(at: now), "ratingComment": inquiry.ratingComment ?? "",
        ]
        if let rating = inquiry.rating { data["rating"] = rating }
        if let due = inquiry.dueAt, inquiry.firstAnsweredAt == nil,
            inquiry.status.clockRuns || inquiry.status == .waitingOnAsker
        {
            data["due"] = InquiryFormat.instant(due, zone: zone, language: language)
        }
        if inquiry.status == .waitingOnAsker { data["paused"] = true }
        if inquiry.confirmedAt == nil { data["unconfirmed"] = true }
        return data
    }

    func thread(_ inquiry: Inquiry, includeInternal: Bool, zone: String, attachmentBase: String, key: String?)
        async throws -> [[String: Any]]
    {
        let store = InquiryStore(env.database.sql)
        let files = try await store.attachments(of: inquiry.id)
        let suffix = key.map { "?key=\(PageRenderer.percentEncoded($0))" } ?? ""
        return try await store.messages(of: inquiry.id, includeInternal: includeInternal).map { message in
            [
                "author": message.author == .staff
                    ? "\(message.authorName) (\(catalog.text("inquiry_officer")))" : message.authorName,
                "fromStaff": message.author == .staff, "internal": message.isInternal, "body": message.body,
                "at": InquiryFormat.instant(message.createdAt, zone: zone, language: language),
                "files": files.filter { $0.messageID == message.id }.map {
                    ["name": $0.filename, "href": "\(attachmentBase)/\($0.id)\(suffix)", "size": Self.size($0.size)]
                },
            ]
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
