import Foundation
import Platform

// The events API's bodies and answers, and their operations in the OpenAPI document.

struct EventBody: Decodable {
    let kind: String, venue: String
    let title: [String: String], description: [String: String]?
    let place: String?, online_url: String?
    let starts_at: String, ends_at: String, opens_at: String, closes_at: String
    let capacity: Int?
    let participant_types: [String]?

    /// The members as the staff form names its fields, for `Event.check`.
    var fields: [String: String] {
        let fields = [
            "kind": kind, "venue": venue, "place": place ?? "", "online_url": online_url ?? "", "starts_at": starts_at,
            "ends_at": ends_at, "opens_at": opens_at, "closes_at": closes_at,
            "capacity": capacity.map(String.init) ?? "",
        ]
        return fields.merging(FieldsBody.localized("title", title)) { $1 }
            .merging(FieldsBody.localized("description", description)) { $1 }
    }
}

struct RegistrationBody: Decodable {
    let name: String?, email: String?, organisation: String?, participant_type: String?, language: String?
    let sessions: [String]?
    /// Answers to the event's questions, by question id.
    let answers: [String: String]?
}

struct TicketKeyBody: Decodable { let key: String? }
struct CheckInBody: Decodable { let code: String }

struct EventJSON: Encodable {
    struct Session: Encodable {
        let id: String, title: [String: String], room: String, starts_at: String, ends_at: String, capacity: Int?
    }
    struct QuestionJSON: Encodable {
        let id: String, kind: String, label: [String: String], choices: [String], required: Bool
    }
    let id: String, kind: String, title: [String: String], description: [String: String], venue: String
    let place: String, online_url: String, starts_at: String, ends_at: String, opens_at: String, closes_at: String
    let capacity: Int?, seats_left: Int?, registration_open: Bool
    let participant_types: [String]
    let sessions: [Session], questions: [QuestionJSON]

    init(_ e: Event, sessions: [EventSession], taken: Int, now: Date) {
        id = e.id
        kind = e.kind.rawValue
        title = e.title.values
        description = e.description.values
        venue = e.venue.rawValue
        place = e.place
        online_url = e.onlineURL
        starts_at = Timestamp.text(e.startsAt)
        ends_at = Timestamp.text(e.endsAt)
        opens_at = Timestamp.text(e.opensAt)
        closes_at = Timestamp.text(e.closesAt)
        capacity = e.capacity
        seats_left = e.capacity.map { max(0, $0 - taken) }
        registration_open = e.registrationOpen(at: now)
        participant_types = e.participantTypes.map(\.rawValue)
        self.sessions = sessions.map {
            Session(
                id: $0.id, title: $0.title.values, room: $0.room, starts_at: Timestamp.text($0.startsAt),
                ends_at: Timestamp.text($0.endsAt), capacity: $0.capacity)
        }
        questions = e.questions.map {
            QuestionJSON(
                id: $0.id, kind: $0.kind.rawValue, label: $0.label.values, choices: $0.choices, required: $0.required)
        }
    }
}

/// A registration as its holder and the organisers see it; `key` only in the answer that created it.
struct TicketJSON: Encodable {
    let code: String, event_id: String, status: String, name: String, email: String, organisation: String
    let participant_type: String, language: String, sessions: [String], answers: [String: String]
    let created_at: String, checked_in_at: String?
    var key: String?

    init(_ r: Registration, event: Event) {
        code = r.ticketCode
        event_id = event.id
        status = r.status.rawValue
        name = r.name
        email = r.email
        organisation = r.organisation
        participant_type = r.participantType.rawValue
        language = r.language.rawValue
        sessions = r.sessionIDs
        answers = r.answers
        created_at = Timestamp.text(r.createdAt)
        checked_in_at = r.checkedInAt.map(Timestamp.text)
    }
}

extension EventsAPI {
    static let localTime = "Local time in Sarajevo, YYYY-MM-DDTHH:MM"

    static let eventSchema = JSONSchema.object(
        [
            "kind": .string(oneOf: Event.Kind.self), "venue": .string(oneOf: Event.Venue.self),
            "title": .texts(200), "description": .texts(5000),
            "place": .string(maxLength: 300), "online_url": .string("https:// link for online and hybrid events"),
            "starts_at": .string(localTime), "ends_at": .string(localTime), "opens_at": .string(localTime),
            "closes_at": .string(localTime), "capacity": .integer("Seats; none for unlimited", minimum: 1),
            "participant_types": .array(of: .string(oneOf: ParticipantType.self), maxItems: 4),
        ], required: ["kind", "venue", "title", "starts_at", "ends_at", "opens_at", "closes_at"])

    static let registrationSchema = JSONSchema.object([
        "name": .string("Defaults to the signed-in member's name", maxLength: 200),
        "email": .string("Defaults to the signed-in member's address", format: "email"),
        "organisation": .string(maxLength: 200), "participant_type": .string(oneOf: ParticipantType.self),
        "language": .string(oneOf: Language.self), "sessions": .array(of: .string(), maxItems: 100),
        "answers": .object([:], others: .string(maxLength: 1000)),
    ])

    static let keySchema = JSONSchema.object(["key": .string("The ticket's key (not needed for your own ticket)")])

    static let operations: [APIOperation] = [
        APIOperation(
            "get", "/api/v1/{slug}/events",
            summary: "Events not yet over, with seats left and whether registration is open",
            requiresAuth: false, responses: [200: "Events"]),
        APIOperation(
            "post", "/api/v1/{slug}/events", summary: "Create an event (officer, department staff, admin)",
            requiresAuth: true, requestSchema: eventSchema, responses: [201: "Created", 422: "Invalid field"]),
        APIOperation(
            "get", "/api/v1/{slug}/events/{id}", summary: "An event with its programme and questions",
            requiresAuth: false, responses: [200: "The event"]),
        APIOperation(
            "post", "/api/v1/{slug}/events/{id}/registrations",
            summary: "Register: a seat, the waiting list, or (an address not yet confirmed) a mailed link first",
            requiresAuth: false, requestSchema: registrationSchema,
            responses: [
                201: "Registered; the ticket's key is returned once", 409: "Already registered with this address",
                422: "Invalid field, or registration not open",
            ]),
        APIOperation(
            "get", "/api/v1/{slug}/events/{id}/registrations",
            summary: "Who registered, with status and check-in (organisers)", requiresAuth: true,
            responses: [200: "Registrations"]),
        APIOperation(
            "post", "/api/v1/{slug}/events/{id}/registrations/{code}/cancel",
            summary: "Cancel a registration; a freed seat goes to the waiting list (organisers)", requiresAuth: true,
            responses: [200: "Cancelled"]),
        APIOperation(
            "post", "/api/v1/{slug}/events/{id}/check-in",
            summary: "Check a ticket in at the door; counted once as a participant (organisers)", requiresAuth: true,
            requestSchema: .object(["code": .string("The ticket's code")], required: ["code"]),
            responses: [200: "Present", 409: "Already checked in", 422: "Unknown or unconfirmed ticket"]),
        APIOperation(
            "get", "/api/v1/{slug}/tickets/{code}", summary: "A ticket (its holder, or ?key=)", requiresAuth: false,
            responses: [200: "The ticket"]),
        APIOperation(
            "post", "/api/v1/{slug}/tickets/{code}/confirm",
            summary: "Confirm the address (the mailed link's key): the ticket takes a seat or waits",
            requiresAuth: false, requestSchema: keySchema, responses: [200: "The ticket", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/tickets/{code}/cancel",
            summary: "Cancel one's own ticket (its holder, or the key)", requiresAuth: false, requestSchema: keySchema,
            responses: [200: "Cancelled", 422: "Invalid field"]),
    ]
}
