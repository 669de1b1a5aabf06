import Foundation
import Hummingbird
import Platform

/// `/api/v1` for Servis 48h: the same flows as the pages.
struct InquiryAPI: Sendable {
    let env: AppEnvironment
    var store: InquiryStore { InquiryStore(env.database.sql) }
    /// Five files of 10 MB in base64, plus the text.
    static let bodyLimit = AttachmentKind.maximumCount * AttachmentKind.maximumSize * 4 / 3 + 1_048_576

    static let submitSchema: JSONSchema =
        .object(
            [
                "category": .string("Category id or code"),
                "subject": .string(maxLength: 200),
                "body": .string(maxLength: 10000),
                "name": .string(),
                "email": .string(format: "email"),
                "language": .string(oneOf: Language.self),
                "time_zone": .string(),
                "attachments": .array(of: JSONFile.schema, maxItems: 5),
            ], required: ["category", "subject", "body"])
    /// What staff do to an inquiry besides writing (`messages`), as on its page.
    static let staffActions = ["assign", "close", "reopen", "spam", "merge"]

    func act(_ action: String, on inquiry: Inquiry, desk: InquiryDesk, body: ActionBody, me: Account?) async throws
        -> Inquiry
    {
        switch action {
        case "assign":
            let assignee = body.assignee_id == "me" ? me?.id : body.assignee_id
            return try await desk.assign(inquiry, assigneeID: assignee, departmentID: body.department_id)
        case "close": return try await desk.close(inquiry)
        case "reopen": return try await desk.reopen(inquiry)
        case "spam": return try await desk.markSpam(inquiry)
        default: return try await desk.merge(inquiry, into: body.into)
        }
    }

    struct ActionBody: Decodable { let assignee_id: String?, department_id: String?, into: String? }
    struct RatingBody: Decodable { let rating: Int?, comment: String? }

    /// A question as `submitSchema` describes it.
    struct SubmitBody: Decodable {
        let category: String?, subject: String?, body: String?, name: String?, email: String?
        let language: String?, time_zone: String?
        let attachments: [JSONFile]?
    }

    /// A message as `messageSchema` describes it; the flags are the staff's.
    struct MessageBody: Decodable {
        let body: String?
        let `internal`: Bool?, wait_for_asker: Bool?
        let attachments: [JSONFile]?
    }

    static let messageSchema: JSONSchema =
        .object(
            [
                "body": .string(maxLength: 10000),
                "internal": .boolean("Staff only: an internal note"),
                "wait_for_asker": .boolean("Staff only: ask the asker and pause the clock"),
                "attachments": .array(of: JSONFile.schema, maxItems: 5, "Asker only: files to the reply"),
            ], required: ["body"])

    static let operations: [APIOperation] = [
        APIOperation(
            "post", "/api/v1/{slug}/inquiries", summary: "Ask a municipality a question (Servis 48h); signed in or not",
            requiresAuth: false,
            requestSchema: submitSchema,
            responses: [
                201: "Received; the access key is returned once", 404: "Unknown municipality", 422: "Invalid field",
            ]),
        APIOperation(
            "get", "/api/v1/inquiries/{number}",
            summary: "An inquiry with its thread (asker: bearer or X-Inquiry-Key; staff of its municipality)",
            requiresAuth: false, responses: [200: "The inquiry", 404: "Unknown, or not yours"]),
        APIOperation(
            "post", "/api/v1/inquiries/{number}/messages",
            summary: "Reply to an inquiry (asker) or answer, ask or note (staff)",
            requiresAuth: false, requestSchema: messageSchema,
            responses: [
                201: "Added", 404: "Unknown, or not yours", 409: "Not possible in this status", 422: "Invalid field",
            ]),
        APIOperation(
            "post", "/api/v1/inquiries/{number}/rating",
            summary: "Rate the answer of a closed inquiry, 1 to 5, with a comment (asker; counted as satisfaction)",
            requiresAuth: false,
            requestSchema: .object(
                ["rating": .integer(minimum: 1, maximum: 5), "comment": .string(maxLength: 2000)],
                required: ["rating"]),
            responses: [200: "Rated", 404: "Unknown, or not yours", 409: "Not closed yet", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/inquiries/{number}/assign",
            summary: "Assign to a person (`me` for oneself) and/or hand over to a department (staff)",
            requiresAuth: true,
            requestSchema: .object([
                "assignee_id": .string("An account id of the municipality's staff, or `me`"),
                "department_id": .string("A department of the municipality"),
            ]),
            responses: [200: "The inquiry", 404: "Unknown, or not your municipality", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/inquiries/{number}/close", summary: "Close an answered inquiry (staff)",
            requiresAuth: true, responses: [200: "The inquiry", 409: "Not possible in this status"]),
        APIOperation(
            "post", "/api/v1/inquiries/{number}/reopen",
            summary: "Reopen a closed inquiry; its clock runs again (staff)",
            requiresAuth: true, responses: [200: "The inquiry", 409: "Not possible in this status"]),
        APIOperation(
            "post", "/api/v1/inquiries/{number}/spam",
            summary: "Mark as spam: it leaves the inbox and the figures (staff)",
            requiresAuth: true, responses: [200: "The inquiry", 409: "Not possible in this status"]),
        APIOperation(
            "post", "/api/v1/inquiries/{number}/merge",
            summary: "Merge into another inquiry of the same asker; this one closes (staff)", requiresAuth: true,
            requestSchema: .object(["into": .string("The number of the inquiry kept")], required: ["into"]),
            responses: [200: "The inquiry merged", 409: "Not possible in this status", 422: "Invalid field"]),
        APIOperation(
            "get", "/api/v1/{slug}/inquiries",
            summary: "The staff inbox: status, category, department, assignee, overdue, page",
            requiresAuth: true,
            responses: [200: "Inquiries, least time left first", 401: "Not signed in", 404: "Not your municipality"]),
    ]

    func addRoutes(to router: Router<AppRequestContext>) {
        let api = router.group("api/v1")
        router.municipalityGroup(env, prefix: "api/v1/").post("inquiries") { request, context in
            try await submit(request, context)
        }
        router.staffAPIGroup(env, roles: InquiryDesk.roles).get("inquiries") { request, context in
            try await inbox(request, context)
        }
        api.get("inquiries/:number") { request, context in
            let (inquiry, staff) = try await opened(request, context)
            return try Response.json(try await json(inquiry, withThread: true, staff: staff != nil))
        }
        api.post("inquiries/:number/messages") { request, context in try await message(request, context) }
        api.post("inquiries/:number/rating") { request, context in
            let (inquiry, desk) = try await opened(request, context)
            guard desk == nil else { throw AppError.notFound }
            let body = try await JSONBody.decode(RatingBody.self, request)
            let rated = try await InquiryService(env).rate(
                inquiry, rating: body.rating.map(String.init), comment: body.comment)
            return try Response.json(try await json(rated, withThread: true, staff: false))
        }
        for action in Self.staffActions {
            api.post("inquiries/:number/\(action)") { request, context in
                let (inquiry, desk) = try await opened(request, context)
                guard let desk else { throw AppError.notFound }
                let body = try await JSONBody.decode(ActionBody.self, request)
                let acted = try await act(action, on: inquiry, desk: desk, body: body, me: context.verifiedAccount)
                return try Response.json(try await json(acted, withThread: true, staff: true))
            }
        }
    }

    func submit(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let municipality = try context.pathMunicipality
        let body = try await JSONBody.decode(SubmitBody.self, request, limit: Self.bodyLimit)
        var submission = Submission(
            categoryID: body.category, subject: body.subject, body: body.body, name: body.name, email: body.email,
            language: body.language, timeZone: body.time_zone)
        submission.files = try JSONFile.decoded(body.attachments, field: "attachments")
        submission.source = "api"
        let (inquiry, key) = try await InquiryService(env).submit(
            submission, to: municipality, asker: context.verifiedAccount)
        var result = try await json(inquiry, withThread: false, staff: false)
        result.access_key = key
        return try Response.json(result, status: .created)
    }

    func inbox(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (account, municipality) = (try context.staffScope.account, try context.staffScope.municipality)
        var filter = try InboxFilter.read(request, now: env.clock.now())
        if request.query("assignee") == "me" { filter.assigneeID = account.id }
        let rows = try await store.inbox(municipality.id, filter)
        try await env.audit.record(
            context.actor, "inquiry.inbox", objectType: "municipality", objectID: municipality.id,
            municipalityID: municipality.id, detail: request.uri.query ?? "")
        var list: [InquiryJSON] = []
        for inquiry in rows { list.append(try await json(inquiry, withThread: false, staff: true)) }
        return try Response.json(Inbox(inquiries: list))
    }

    /// The asker (own bearer token, or the access key) or staff of the municipality; anyone else 404.
    func opened(_ request: Request, _ context: AppRequestContext) async throws -> (Inquiry, InquiryDesk?) {
        guard let number = context.parameters.get("number"),
            let inquiry = try await store.find(number: number.uppercased())
        else { throw AppError.notFound }
        if let account = context.verifiedAccount, account.canStaff(inquiry.municipalityID), let role = account.role,
            InquiryDesk.roles.contains(role),
            let municipality = try await env.municipalities.find(id: inquiry.municipalityID)
        {
            let desk = InquiryDesk(env, municipality: municipality, officer: account, actor: context.actor)
            return (try await desk.open(inquiry.number), desk)
        }
        let key = request.headers[.init("X-Inquiry-Key")!] ?? request.query("key")
        guard try await InquiryService(env).askerMayOpen(inquiry, key: key, account: context.verifiedAccount) else {
            throw AppError.notFound
        }
        return (try await InquiryService(env).confirmIfNeeded(inquiry), nil)
    }

    func message(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (inquiry, desk) = try await opened(request, context)
        let body = try await JSONBody.decode(MessageBody.self, request, limit: Self.bodyLimit)
        let updated: Inquiry
        if let desk {
            if body.internal == true {
                try await desk.note(inquiry, body: body.body)
                updated = inquiry
            } else {
                updated = try await desk.reply(inquiry, body: body.body, waitForAsker: body.wait_for_asker == true)
            }
        } else {
            updated = try await InquiryService(env).askerReply(
                inquiry, body: body.body, files: try JSONFile.decoded(body.attachments, field: "attachments"))
        }
        return try Response.json(try await json(updated, withThread: true, staff: desk != nil), status: .created)
    }

    /// An inquiry as the API shows it; staff see the asker's contact, the asker does not.
    struct InquiryJSON: Encodable {
        struct Message: Encodable {
            struct File: Encodable { let filename: String, content_type: String, size: Int }
            let author: String, author_name: String, body: String, `internal`: Bool, created_at: String
            let attachments: [File]
        }
        let number: String, status: String, subject: String, language: String, category_id: String,
            department_id: String
        let submitted_at: String, confirmed_at: String?, due_at: String?, first_answered_at: String?, rating: Int?,
            overdue: Bool
        var asker_name: String?, asker_email: String?, assignee_id: String?
        var messages: [Message]?
        var access_key: String?
    }

    struct Inbox: Encodable { let inquiries: [InquiryJSON] }

    func json(_ q: Inquiry, withThread: Bool, staff: Bool) async throws -> InquiryJSON {
        var object = InquiryJSON(
            number: q.number, status: q.status.rawValue, subject: q.subject, language: q.language.rawValue,
            category_id: q.categoryID, department_id: q.departmentID, submitted_at: Timestamp.text(q.submittedAt),
            confirmed_at: q.confirmedAt.map(Timestamp.text), due_at: q.dueAt.map(Timestamp.text),
            first_answered_at: q.firstAnsweredAt.map(Timestamp.text), rating: q.rating,
            overdue: q.isOverdue(at: env.clock.now()))
        if staff {
            object.asker_name = q.askerName
            object.asker_email = q.askerEmail
            object.assignee_id = q.assigneeID
        }
        if withThread {
            let files = try await store.attachments(of: q.id)
            object.messages = try await store.messages(of: q.id, includeInternal: staff).map { m in
                InquiryJSON.Message(
                    author: m.author.rawValue, author_name: m.authorName, body: m.body, internal: m.isInternal,
                    created_at: Timestamp.text(m.createdAt),
                    attachments: files.filter { $0.messageID == m.id }.map {
                        .init(filename: $0.filename, content_type: $0.contentType, size: $0.size)
                    })
            }
        }
        return object
    }
}
