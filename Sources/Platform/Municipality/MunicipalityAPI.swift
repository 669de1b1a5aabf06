import Foundation
import Hummingbird

/// `/api/v1/{slug}/profile`: the municipality's profile as its admin keeps it on
/// `/{slug}/staff/admin/profile` — names, contacts, and whose law applies (entity, canton).
struct MunicipalityAPI: Sendable {
    let env: AppEnvironment

    static let profileSchema: JSONSchema =
        .object([
            "name_bs": .string(),
            "name_hr": .string(),
            "name_sr-Latn": .string(),
            "name_sr-Cyrl": .string(),
            "name_en": .string(),
            "name_de": .string(),
            "address": .string(),
            "email": .string(),
            "phone": .string(),
            "website": .string(),
            "colour": .string("#rrggbb with a contrast of at least 4.5:1 to white text, or empty"),
            "entity": .string(oneOf: Entity.self),
            "canton": .string(oneOf: Canton.self, extra: [""]),
        ])

    static let operations: [APIOperation] = [
        APIOperation(
            "get", "/api/v1/{slug}/profile", summary: "The municipality's profile, entity and canton (municipal admin)",
            requiresAuth: true,
            responses: [200: "The profile", 404: "Unknown municipality"]),
        APIOperation(
            "post", "/api/v1/{slug}/profile",
            summary: "Change the profile; entity and canton decide holidays and document forms (municipal admin)",
            requiresAuth: true, requestSchema: profileSchema,
            responses: [200: "Saved", 404: "Unknown municipality", 422: "Invalid field"]),
    ]

    func addRoutes(to router: Router<AppRequestContext>) {
        let admin = router.staffAPIGroup(env, roles: StaffPages.admins)
        admin.get("profile") { _, context in try Response.json(Self.json(try context.staffScope.municipality)) }
        admin.post("profile") { request, context in
            let municipality = try context.staffScope.municipality
            let body = try await JSONBody.decode(FieldsBody.self, request)
            // Unsent fields keep their value, as the page's form always sends them all.
            var fields = Self.json(municipality).mapValues { [$0] }
            for (name, value) in body.values { fields[name] = [value] }
            try await StaffService(env).saveProfile(Form(fields: fields), of: municipality, actor: context.actor)
            return try Response.json(Self.json(try await env.municipalities.find(id: municipality.id) ?? municipality))
        }
    }

    /// The profile as the page's form names its fields (`name_<language>` for each language).
    static func json(_ m: Municipality) -> [String: String] {
        var json = [
            "slug": m.slug, "address": m.address, "email": m.email, "phone": m.phone, "website": m.website,
            "entity": m.entity.rawValue, "canton": m.canton?.rawValue ?? "", "colour": m.colour,
            "crest": m.crestVersion.isEmpty ? "" : "/\(m.slug)/crest?v=\(m.crestVersion)",
        ]
        for language in Language.allCases {
            json["name_\(language.rawValue)"] = m.names.values[language.rawValue] ?? ""
        }
        return json
    }
}
