import Foundation
import Platform

// The forum API's bodies (member names are the pages' field names, so the same rules check both),
// answers, and operations in the OpenAPI document.

struct SessionBody: Codable {
    let session_title: [String: String]?, session_room: String?, session_starts_at: String?, session_ends_at: String?
    let session_capacity: Int?

    var fields: [String: String] {
        ((try? FieldsBody.fields(of: self)) ?? [:]).merging(FieldsBody.localized("session_title", session_title)) {
            $1
        }
    }
}

struct QuestionBody: Codable {
    let question_kind: String?, question_label: [String: String]?, question_choices: String?
    let question_required: Bool?

    var fields: [String: String] {
        var fields = ((try? FieldsBody.fields(of: self)) ?? [:])
            .merging(FieldsBody.localized("question_label", question_label)) { $1 }
        fields["question_required"] = question_required == true ? "yes" : "no"
        return fields
    }
}

struct SlotBody: Codable { let slot_starts_at: String?, slot_minutes: Int?, slot_tables: Int? }

struct OutcomeBody: Codable {
    let outcome_kind: String?, outcome_jobs: Int?, outcome_amount: String?, outcome_description: String?
    let meeting_id: String?
}

struct ParticipantOutcomeBody: Codable {
    let key: String?
    let outcome_kind: String?, outcome_jobs: Int?, outcome_amount: String?, outcome_description: String?
    let meeting_id: String?
}

struct ForumProfileBody: Codable {
    let key: String?, sector: String?, kinds: [String]?, offers: String?, seeks: String?, published: Bool?
}

struct MeetingBody: Codable { let key: String?, invitee: String?, message: String? }

struct SlotJSON: Encodable {
    let id: String, starts_at: String, ends_at: String, tables: Int
    init(_ s: MeetingSlot) {
        (id, starts_at, ends_at, tables) = (s.id, Timestamp.text(s.startsAt), Timestamp.text(s.endsAt), s.tables)
    }
}

struct ForumJSON: Encodable {
    struct Profile: Encodable {
        let registration_id: String, name: String, organisation: String, sector: String, kinds: [String]
        let offers: String, seeks: String, published: Bool
        init(_ p: ForumProfile, name: String, organisation: String) {
            (registration_id, self.name, self.organisation, sector) = (p.registrationID, name, organisation, p.sector)
            (kinds, offers, seeks, published) = (p.kinds.map(\.rawValue), p.offers, p.seeks, p.published)
        }
    }
    struct Meeting: Encodable {
        let id: String, requester: String, invitee: String, status: String, message: String
        let starts_at: String?, table: Int?
        /// Asked of this participant and not yet answered.
        let mine_to_answer: Bool
    }
    let profiles: [Profile], meetings: [Meeting]
}

extension ForumAPI {
    static let organisers = "(officer, department staff, admin)"
    static let localTime = "Local time in Sarajevo, YYYY-MM-DDTHH:MM"
    static let key = JSONSchema.string("The ticket's key (not needed for one's own ticket)")
    static let outcome: [(String, JSONSchema)] = [
        ("outcome_kind", .string(oneOf: ForumOutcome.Kind.self)),
        ("outcome_jobs", .integer("For jobs: how many", minimum: 1, maximum: 10_000)),
        ("outcome_amount", .string("For an investment: the amount in KM")),
        ("outcome_description", .string(maxLength: 1000)), ("meeting_id", .string("The meeting it came of")),
    ]

    static let operations: [APIOperation] = [
        APIOperation(
            "post", "/api/v1/{slug}/events/{id}/sessions", summary: "Add a session to the programme \(organisers)",
            requiresAuth: true,
            requestSchema: .object(
                [
                    "session_title": .texts(200), "session_room": .string(maxLength: 120),
                    "session_starts_at": .string(localTime), "session_ends_at": .string(localTime),
                    "session_capacity": .integer("Seats; none for the event's", minimum: 1),
                ], required: ["session_title", "session_starts_at", "session_ends_at"]),
            responses: [201: "The event", 404: "Unknown event", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/events/{id}/questions", summary: "Ask a question at registration \(organisers)",
            requiresAuth: true,
            requestSchema: .object(
                [
                    "question_kind": .string(oneOf: Question.Kind.self), "question_label": .texts(300),
                    "question_choices": .string("For a choice: the options, separated by |"),
                    "question_required": .boolean(),
                ], required: ["question_kind", "question_label"]),
            responses: [201: "The event", 404: "Unknown event", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/events/{id}/slots",
            summary: "Add a time for forum meetings, at so many tables \(organisers)", requiresAuth: true,
            requestSchema: .object(
                [
                    "slot_starts_at": .string(localTime), "slot_minutes": .integer(minimum: 5, maximum: 240),
                    "slot_tables": .integer(minimum: 1, maximum: 500),
                ], required: ["slot_starts_at", "slot_minutes", "slot_tables"]),
            responses: [201: "The slot", 404: "Unknown forum", 422: "Invalid field, or overlapping"]),
        APIOperation(
            "post", "/api/v1/{slug}/events/{id}/outcomes",
            summary: "Record what came of a forum; counted in the ledger \(organisers)", requiresAuth: true,
            requestSchema: .object(members: outcome, required: ["outcome_kind", "outcome_description"]),
            responses: [201: "Recorded", 404: "Unknown forum", 422: "Invalid field"]),
        APIOperation(
            "get", "/api/v1/{slug}/tickets/{code}/forum",
            summary: "The forum's published profiles and one's own meetings (holder, or ?key=)", requiresAuth: false,
            responses: [200: "The forum", 404: "Unknown, or no forum"]),
        APIOperation(
            "post", "/api/v1/{slug}/tickets/{code}/forum/profile",
            summary: "Say what one offers and seeks, and whether others see it", requiresAuth: false,
            requestSchema: .object(
                [
                    "key": key, "sector": .string(maxLength: 120),
                    "kinds": .array(of: .string(oneOf: ForumProfile.Kind.self), maxItems: 5),
                    "offers": .string(maxLength: 1000), "seeks": .string(maxLength: 1000), "published": .boolean(),
                ], required: ["sector", "kinds", "offers", "seeks"]),
            responses: [200: "The forum", 404: "Unknown", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/tickets/{code}/forum/meetings",
            summary: "Ask another participant (their registration id) to meet", requiresAuth: false,
            requestSchema: .object(
                ["key": key, "invitee": .string(), "message": .string(maxLength: 1000)], required: ["invitee"]),
            responses: [201: "The forum", 404: "Unknown", 409: "Already asked", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/tickets/{code}/forum/meetings/{meeting}/accept",
            summary: "Accept a meeting: it gets the earliest slot and table both are free", requiresAuth: false,
            requestSchema: .object(["key": key]),
            responses: [200: "The forum", 404: "Unknown", 409: "No slot left, or answered", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/tickets/{code}/forum/meetings/{meeting}/decline", summary: "Decline a meeting",
            requiresAuth: false, requestSchema: .object(["key": key]),
            responses: [200: "The forum", 404: "Unknown", 409: "Answered", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/tickets/{code}/forum/outcomes",
            summary: "Record what came of one's meetings; counted in the ledger", requiresAuth: false,
            requestSchema: .object(
                members: [("key", key)] + outcome, required: ["outcome_kind", "outcome_description"]),
            responses: [201: "Recorded", 404: "Unknown", 422: "Invalid field"]),
    ]
}
