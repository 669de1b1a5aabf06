import Foundation
import Hummingbird
import Platform

/// `/api/v1` for the diaspora registry: a member's profile and consents with a municipality, and the
/// office's member search and CSV export (audited as the pages are).
struct DiasporaAPI: Sendable {
    let env: AppEnvironment

    func addRoutes(to router: Router<AppRequestContext>) {
        let api = router.municipalityGroup(env, prefix: "api/v1/")
        let office = router.staffAPIGroup(env, roles: OfficeStaffPages.office)
        api.get("diaspora/profile") { _, context in
            let (member, municipality) = try await member(context)
            guard
                let profile = try await DiasporaStore(env.database.sql).profile(
                    account: member.id, municipality: municipality.id)
            else { throw AppError.notFound }
            return try Response.json(ProfileJSON(profile))
        }
        api.post("diaspora/profile") { request, context in
            let (member, municipality) = try await member(context)
            let body = try await JSONBody.decode(ProfileBody.self, request)
            let saved = try await ProfilePages.save(
                body.fields, consents: body.consents ?? [], member: member, municipality: municipality, env: env,
                actor: context.actor)
            return try Response.json(ProfileJSON(saved))
        }
        office.get("diaspora/members") { request, context in
            let scope = try context.staffScope
            let found = try await DiasporaStore(env.database.sql).members(
                scope.municipality.id, MemberFilter(query: Form(encoded: request.uri.query ?? "")))
            try await env.audit.record(
                context.actor, "diaspora.members", objectType: "municipality", objectID: scope.municipality.id,
                municipalityID: scope.municipality.id, detail: request.uri.query ?? "")
            return try Response.json([
                "members": found.map { MemberJSON(name: $0.name, email: $0.email, profile: ProfileJSON($0.profile)) }
            ])
        }
        office.get("diaspora/members.csv") { request, context in
            return try await OfficeStaffPages(env: env).csv(request, context)
        }
        office.get("diaspora/segments") { _, context in
            let segments = try await DiasporaStore(env.database.sql).segments(try context.staffScope.municipality.id)
            return try Response.json(["segments": segments.map { SegmentJSON(name: $0.name, query: $0.query) }])
        }
        office.post("diaspora/segments") { request, context in
            let body = try await JSONBody.decode(SegmentBody.self, request)
            let saved = try await OfficeDesk(env: env, scope: try context.staffScope, actor: context.actor)
                .saveSegment(try FieldsBody.fields(of: body))
            return try Response.json(SegmentJSON(name: saved.name, query: saved.query), status: .created)
        }
    }

    func member(_ context: AppRequestContext) async throws -> (Account, Municipality) {
        guard let member = context.verifiedAccount else { throw AppError.unauthorized }
        return (member, try context.pathMunicipality)
    }
}

struct SegmentBody: Codable {
    let segment_name: String?, name: String?, country: String?, city: String?, skill: String?, interest: String?
    let consent: String?
}

struct SegmentJSON: Encodable { let name: String, query: String }

struct ProfileBody: Decodable {
    let country: String, city: String
    let since: Int?
    let profession: String?, sector: String?, associations: String?
    let skills: [String]?, languages: [String]?, interests: [String]?, consents: [String]?

    /// The members as the profile form names its fields (lists as the form's comma-separated text).
    var fields: [String: String] {
        [
            "country": country, "city": city, "since": since.map(String.init) ?? "", "profession": profession ?? "",
            "sector": sector ?? "", "associations": associations ?? "",
            "skills": (skills ?? []).joined(separator: ","), "languages": (languages ?? []).joined(separator: ","),
            "interests": (interests ?? []).joined(separator: ","),
        ]
    }
}

struct ProfileJSON: Encodable {
    let country: String, city: String, since: Int?, profession: String, sector: String, associations: String
    let skills: [String], languages: [String], interests: [String]
    /// Each consent given, with when it was first given.
    let consents: [String: String]
    let updated_at: String

    init(_ p: DiasporaProfile) {
        country = p.country
        city = p.city
        since = p.since
        profession = p.profession
        sector = p.sector
        associations = p.associations
        skills = p.skills
        languages = p.languages
        interests = p.interests.map(\.rawValue)
        consents = Dictionary(uniqueKeysWithValues: p.consents.map { ($0.key.rawValue, Timestamp.text($0.value)) })
        updated_at = Timestamp.text(p.updatedAt)
    }
}

struct MemberJSON: Encodable { let name: String, email: String, profile: ProfileJSON }

extension DiasporaAPI {
    static let filter = "Filters as on the members page: name, country, city, skill, interest, consent"

    static let profileSchema = JSONSchema.object(
        [
            "country": .string("ISO 3166-1 alpha-2 code of the country of residence", pattern: "^[A-Za-z]{2}$"),
            "city": .string(maxLength: 120), "since": .integer("Year of moving abroad", minimum: 1900),
            "profession": .string(maxLength: 120), "sector": .string(maxLength: 120),
            "associations": .string(maxLength: 500),
            "skills": .array(of: .string(maxLength: 100), maxItems: 50),
            "languages": .array(of: .string(maxLength: 100), maxItems: 50),
            "interests": .array(of: .string(oneOf: Interest.self), maxItems: 6),
            "consents": .array(
                of: .string(oneOf: Consent.self), maxItems: 3,
                "Consents given; one left out is withdrawn, one kept keeps the day it was first given"),
        ], required: ["country", "city"])

    static let operations: [APIOperation] = [
        APIOperation(
            "get", "/api/v1/{slug}/diaspora/profile", summary: "The member's own profile with the municipality",
            requiresAuth: true, responses: [200: "The profile", 404: "No profile with this municipality yet"]),
        APIOperation(
            "post", "/api/v1/{slug}/diaspora/profile",
            summary: "Create or change the member's profile and consents with the municipality", requiresAuth: true,
            requestSchema: profileSchema, responses: [200: "Saved", 422: "Invalid field"]),
        APIOperation(
            "get", "/api/v1/{slug}/diaspora/members",
            summary: "Find members (office): \(filter); up to 200, by name", requiresAuth: true,
            responses: [200: "Members"]),
        APIOperation(
            "get", "/api/v1/{slug}/diaspora/members.csv",
            summary: """
                Export, as CSV, the members who gave the filter's consent (contact when none is chosen) (office): \
                \(filter)
                """, requiresAuth: true,
            responses: [200: "text/csv"]),
        APIOperation(
            "get", "/api/v1/{slug}/diaspora/segments",
            summary: "Saved member filters (office); each is a newsletter audience `segment:<name>`",
            requiresAuth: true,
            responses: [200: "Segments, each with the query for GET diaspora/members"]),
        APIOperation(
            "post", "/api/v1/{slug}/diaspora/segments",
            summary: "Save a member filter under a name, replacing one of that name (office)", requiresAuth: true,
            requestSchema: .object(
                [
                    "segment_name": .string(maxLength: 120), "name": .string(), "country": .string("ISO 3166 code"),
                    "city": .string(), "skill": .string(), "interest": .string(oneOf: Interest.self, extra: [""]),
                    "consent": .string(oneOf: Consent.self, extra: [""]),
                ], required: ["segment_name"]),
            responses: [201: "The segment", 422: "Invalid field"]),
    ]
}
