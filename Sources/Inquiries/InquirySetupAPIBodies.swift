import Foundation
import Platform

// The Servis 48h setup API's bodies, answers, and operations in the OpenAPI document.

struct CategoryBody: Codable {
    let code: String?, name: [String: String]?, department_id: String?, answer_hours: Int?, active: Bool?
}

struct CategoryJSON: Encodable {
    let id: String, code: String, name: [String: String], department_id: String
    /// The category's own answer time; none for the municipality's.
    let answer_hours: Int?
    let active: Bool
    init(_ c: InquiryCategory) {
        (id, code, name, department_id) = (c.id, c.code, c.names.values, c.departmentID)
        (answer_hours, active) = (c.answerHours, c.active)
    }
}

struct TemplateJSON: Codable { let name: String?, body: [String: String]? }
struct KeyBody: Decodable { let name: String? }

struct KeyJSON: Encodable {
    let name: String, created_at: String
    /// Only in the answer that issues it: it is kept as a digest and never shown again.
    let key: String?
}

extension InquirySetupAPI {
    static let admins = "(municipal admin)"
    static let category = JSONSchema.object(
        [
            "code": .string(
                "Lower-case letters, digits and -; unique in the municipality", pattern: "^[a-z0-9-]{2,40}$"),
            "name": .texts(200), "department_id": .string("The department that answers"),
            "answer_hours": .integer("Its own answer time; none for the municipality's", minimum: 1, maximum: 720),
            "active": .boolean(),
        ], required: ["name", "department_id"])
    static let categoryResponses: [Int: String] = [404: "Unknown category", 422: "Invalid field"]

    static let operations: [APIOperation] = [
        APIOperation(
            "get", "/api/v1/{slug}/inquiry-settings/categories",
            summary: "Every category, active or not, with its department and answer time \(admins)",
            requiresAuth: true, responses: [200: "The categories"]),
        APIOperation(
            "post", "/api/v1/{slug}/inquiry-settings/categories", summary: "Add a category (code required) \(admins)",
            requiresAuth: true, requestSchema: category,
            responses: categoryResponses.merging([201: "The category"]) { $1 }),
        APIOperation(
            "post", "/api/v1/{slug}/inquiry-settings/categories/{id}",
            summary: "Change a category; `active: false` takes it off the question form \(admins)",
            requiresAuth: true, requestSchema: category,
            responses: categoryResponses.merging([200: "The category"]) { $1 }),
        APIOperation(
            "get", "/api/v1/{slug}/inquiry-settings/templates", summary: "The reply templates \(admins)",
            requiresAuth: true, responses: [200: "The templates"]),
        APIOperation(
            "post", "/api/v1/{slug}/inquiry-settings/templates",
            summary: "Add a reply template, in one language or more \(admins)", requiresAuth: true,
            requestSchema: .object(
                ["name": .string(maxLength: 120), "body": .texts(20_000)], required: ["name", "body"]),
            responses: [201: "The template", 422: "Invalid field"]),
        APIOperation(
            "get", "/api/v1/{slug}/inquiry-settings/open311-keys",
            summary: "The Open311 clients that hold a key (never the keys) \(admins)", requiresAuth: true,
            responses: [200: "The clients"]),
        APIOperation(
            "post", "/api/v1/{slug}/inquiry-settings/open311-keys",
            summary: "Issue a key to an Open311 client; the answer is the only time it is shown \(admins)",
            requiresAuth: true, requestSchema: .object(["name": .string(maxLength: 120)], required: ["name"]),
            responses: [201: "The key", 422: "Invalid field"]),
    ]
}
