import Foundation
import Platform

// The media and radio API's bodies (members named as the pages' fields, so one check serves both),
// answers, and operations in the OpenAPI document.

struct OutletBody: Codable {
    let outlet_name: String?, outlet_contact: String?, outlet_email: String?, outlet_language: String?
}
struct ReleaseBody: Codable { let release_title: String?, release_body: String? }

struct ProgrammeBody: Codable {
    let name: String?, station: String?, frequency: String?, stream_url: String?, weekday: Int?, airs_at: String?
    let minutes: Int?
}

struct EpisodeBody: Codable { let aired_on: String?, episode_title: String?, episode_description: String? }
struct ListenersBody: Codable { let from_on: String?, to_on: String?, listeners: Int?, source: String? }

struct MediaJSON: Encodable {
    struct Outlet: Encodable {
        let name: String, contact: String, email: String, language: String
        init(_ o: MediaOutlet) { (name, contact, email, language) = (o.name, o.contact, o.email, o.language.rawValue) }
    }
    struct Release: Encodable { let title: String, body: String, sent_at: String, outlets: Int }
    let outlets: [Outlet], releases: [Release]
}

struct ProgrammeJSON: Encodable {
    struct Episode: Encodable { let aired_on: String, title: String, description: String }
    struct Estimate: Encodable { let from_on: String, to_on: String, listeners: Int, source: String }
    let id: String, name: String, station: String, frequency: String, stream_url: String
    /// ISO weekday, 1 = Monday; `airs_at` is Sarajevo time.
    let weekday: Int, airs_at: String, minutes: Int
    let episodes: [Episode], listeners: [Estimate]

    init(
        id: String, _ p: RadioProgramme, episodes: [(day: String, title: String, description: String)],
        listeners: [(from: String, to: String, count: Int, source: String)]
    ) {
        (self.id, name, station, frequency, stream_url) = (id, p.name, p.station, p.frequency, p.streamURL)
        (weekday, airs_at, minutes) = (p.weekday, p.airsAt, p.minutes)
        self.episodes = episodes.map { Episode(aired_on: $0.day, title: $0.title, description: $0.description) }
        self.listeners = listeners.map {
            Estimate(from_on: $0.from, to_on: $0.to, listeners: $0.count, source: $0.source)
        }
    }
}

extension MediaAPI {
    static let editors = NewsroomAPI.editors
    static let day = JSONSchema.string("YYYY-MM-DD")
    static let programmeResponses: [Int: String] = [
        201: "The programme", 404: "Unknown programme", 422: "Invalid field",
    ]

    static let operations: [APIOperation] = [
        APIOperation(
            "get", "/api/v1/{slug}/media", summary: "The list of media outlets and the press releases sent \(editors)",
            requiresAuth: true, responses: [200: "Outlets and releases"]),
        APIOperation(
            "post", "/api/v1/{slug}/media/outlets", summary: "Put an outlet on the list, once per address \(editors)",
            requiresAuth: true,
            requestSchema: .object(
                [
                    "outlet_name": .string(maxLength: 200), "outlet_contact": .string(maxLength: 200),
                    "outlet_email": .string(format: "email"), "outlet_language": .string(oneOf: Language.self),
                ], required: ["outlet_name", "outlet_email", "outlet_language"]),
            responses: [201: "The outlet", 409: "Already on the list", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/media/releases",
            summary: "Mail a press release to every outlet and file it in the public archive \(editors)",
            requiresAuth: true,
            requestSchema: .object(
                ["release_title": .string(maxLength: 300), "release_body": .string(maxLength: 20_000)],
                required: ["release_title", "release_body"]),
            responses: [201: "Sent, with the number of outlets", 422: "Invalid field, or no outlets"]),
        APIOperation(
            "get", "/api/v1/{slug}/radio/programmes",
            summary: "Radio programmes with their episodes and listener estimates \(editors)", requiresAuth: true,
            responses: [200: "Programmes"]),
        APIOperation(
            "post", "/api/v1/{slug}/radio/programmes",
            summary: "Add a programme: on a frequency, a stream or both \(editors)", requiresAuth: true,
            requestSchema: .object(
                [
                    "name": .string(maxLength: 200), "station": .string(maxLength: 200),
                    "frequency": .string(maxLength: 60), "stream_url": .string(format: "uri"),
                    "weekday": .integer("ISO weekday, 1 = Monday", minimum: 1, maximum: 7),
                    "airs_at": .string("Sarajevo time, HH:MM"), "minutes": .integer(minimum: 5, maximum: 600),
                ], required: ["name", "station", "weekday", "airs_at", "minutes"]),
            responses: programmeResponses),
        APIOperation(
            "post", "/api/v1/{slug}/radio/programmes/{programme}/episodes", summary: "Add an episode \(editors)",
            requiresAuth: true,
            requestSchema: .object(
                [
                    "aired_on": day, "episode_title": .string(maxLength: 200),
                    "episode_description": .string(maxLength: 2000),
                ], required: ["aired_on", "episode_title"]),
            responses: programmeResponses),
        APIOperation(
            "post", "/api/v1/{slug}/radio/programmes/{programme}/listeners",
            summary: "Record a listener estimate for a period; counted in the ledger \(editors)", requiresAuth: true,
            requestSchema: .object(
                [
                    "from_on": day, "to_on": day, "listeners": .integer(minimum: 1, maximum: 100_000_000),
                    "source": .string(maxLength: 300),
                ], required: ["from_on", "to_on", "listeners", "source"]),
            responses: programmeResponses),
    ]
}
