import Foundation
import Platform

// The protocol API's bodies and answers, and its operations in the OpenAPI document.

struct EntryBody: Decodable {
    let direction: String, channel: String, party: String, subject: String, class_code: String
    let department_id: String?, due_on: String?
    let attachments: [JSONFile]?

    var fields: [String: String] {
        [
            "direction": direction, "channel": channel, "party": party, "subject": subject, "class_code": class_code,
            "department_id": department_id ?? "", "due_on": due_on ?? "",
        ]
    }
}

struct RoutingBody: Decodable {
    let department_id: String, assignee_id: String?, due_on: String?, note: String?
    var fields: [String: String] {
        ["department_id": department_id, "assignee_id": assignee_id ?? "", "due_on": due_on ?? "", "note": note ?? ""]
    }
}

struct CommentBody: Decodable { let comment: String }
struct StatusBody: Decodable { let status: String }

struct DocumentJSON: Encodable {
    struct Step: Encodable { let at: String, actor: String, action: String, detail: String }
    struct File: Encodable { let id: String, filename: String, size: Int }
    let id: String, number: String, direction: String, channel: String, status: String, party: String
    let subject: String, class_code: String, department_id: String?, assignee_id: String?, due_on: String?
    let case_id: String?, registered_at: String, archived_at: String?
    var history: [Step]?, files: [File]?

    init(_ d: OfficialDocument) {
        id = d.id
        number = d.number
        direction = d.direction.rawValue
        channel = d.channel.rawValue
        status = d.status.rawValue
        party = d.party
        subject = d.subject
        class_code = d.classCode
        department_id = d.departmentID
        assignee_id = d.assigneeID
        due_on = d.dueOn?.description
        case_id = d.caseID
        registered_at = Timestamp.text(d.registeredAt)
        archived_at = d.archivedAt.map(Timestamp.text)
    }
}

extension ProtocolAPI {
    static let clerks = "(officer, department staff, registrar, admin)"

    static let operations: [APIOperation] = [
        APIOperation(
            "get", "/api/v1/{slug}/protocol",
            summary: "Search the protocol: number, q (party or subject), status, from, to, case \(clerks)",
            requiresAuth: true, responses: [200: "Documents, newest first (at most 200)"]),
        APIOperation(
            "post", "/api/v1/{slug}/protocol", summary: "Register a document, with its files \(clerks)",
            requiresAuth: true,
            requestSchema: .object(
                [
                    "direction": .string(oneOf: OfficialDocument.Direction.self),
                    "channel": .string(oneOf: OfficialDocument.Channel.self), "party": .string(maxLength: 200),
                    "subject": .string(maxLength: 500), "class_code": .string("A class of the municipality's plan"),
                    "department_id": .string(), "due_on": .string(format: "date"),
                    "attachments": .array(of: JSONFile.schema, maxItems: AttachmentKind.maximumCount),
                ], required: ["direction", "channel", "party", "subject", "class_code"]),
            responses: [201: "Registered, numbered", 422: "Invalid field"]),
        APIOperation(
            "get", "/api/v1/{slug}/protocol/mine",
            summary: "What waits on me: assigned to me, or unassigned in my department \(clerks)", requiresAuth: true,
            responses: [200: "Documents, soonest due first"]),
        APIOperation(
            "get", "/api/v1/{slug}/protocol/{id}", summary: "A document with its history and files \(clerks)",
            requiresAuth: true, responses: [200: "The document"]),
        APIOperation(
            "post", "/api/v1/{slug}/protocol/{id}/route",
            summary: "Assign or hand over: a department, a person of it, a due date \(clerks)", requiresAuth: true,
            requestSchema: .object(
                [
                    "department_id": .string(), "assignee_id": .string(), "due_on": .string(format: "date"),
                    "note": .string(maxLength: 2000),
                ], required: ["department_id"]),
            responses: [200: "Routed", 409: "Archived", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/protocol/{id}/comment", summary: "Comment on a document \(clerks)",
            requiresAuth: true,
            requestSchema: .object(["comment": .string(maxLength: 2000)], required: ["comment"]),
            responses: [200: "Commented", 409: "Archived", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/protocol/{id}/status", summary: "Move a document's status \(clerks)",
            requiresAuth: true,
            requestSchema: .object(["status": .string(oneOf: OfficialDocument.Status.self)], required: ["status"]),
            responses: [200: "Moved", 409: "Not possible from this status", 422: "Invalid field"]),
    ]
}
