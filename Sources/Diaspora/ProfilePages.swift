import Foundation
import Hummingbird
import Platform

/// The member's profile with a municipality: where they live, what they do and offer, and
/// their consents, each dated when given.
struct ProfilePages: Sendable {
    let env: AppEnvironment

    func addRoutes(to router: Router<AppRequestContext>) {
        let portal = router.municipalityGroup(env)
        portal.get("diaspora/profile") { request, context in
            try await page(request, context, form: nil, error: nil)
        }
        portal.post("diaspora/profile") { request, context in
            let municipality = try context.pathMunicipality
            guard let member = context.verifiedAccount else { throw Redirect.toLogin(from: request.uri.description) }
            let form = try await Form.read(request)
            do {
                var input = form.values
                input["interests"] = form.all("interests").joined(separator: ",")
                try await Self.save(
                    input, consents: form.all("consents"), member: member, municipality: municipality, env: env,
                    actor: context.actor)
            } catch let error as AppError where error.field != nil {
                return try await page(request, context, form: form, error: error)
            }
            return .redirect("/\(municipality.slug)/diaspora/profile?notice=saved")
        }
    }

    /// Checks and saves the member's profile with the municipality, audited; the page and the API.
    /// Consents keep the day they were first given; one left out is withdrawn.
    @discardableResult
    static func save(
        _ input: [String: String], consents: [String], member: Account, municipality: Municipality,
        env: AppEnvironment, actor: Actor
    ) async throws -> DiasporaProfile {
        let previous = try await DiasporaStore(env.database.sql).profile(
            account: member.id, municipality: municipality.id)
        let given = Set(consents.compactMap(Consent.init(rawValue:)))
        guard given.count == Set(consents).count else { throw AppError.invalid("consents", "invalid_choice") }
        let profile = try ProfileRules.check(
            input, consentsGiven: given, previous: previous, accountID: member.id,
            municipalityID: municipality.id, now: env.clock.now())
        let clock = env.clock
        try await env.database.transaction { db in
            try await DiasporaStore(db).save(profile, displayName: member.displayName, by: member.id)
            try await AuditLog(db, clock: clock).record(
                actor, "diaspora.profile.save", objectType: "diaspora_profile", objectID: profile.id,
                municipalityID: municipality.id)
        }
        return profile
    }

    func page(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws -> Response
    {
        let municipality = try context.pathMunicipality
        guard let member = context.verifiedAccount else { throw Redirect.toLogin(from: request.uri.description) }
        let c = env.catalogs[context.language]
        let profile = try await DiasporaStore(env.database.sql).profile(
            account: member.id, municipality: municipality.id)
        let value = { (name: String, saved: String?) in form?[name] ?? saved ?? "" }
        var view = FormView(catalog: c, error: error)
        view.select(
            "country", label: "diaspora_field_country",
            choices: [("", "—")] + (Country.sorted[context.language] ?? []).map { ($0.code, $0.name) },
            selected: form?["country"] ?? profile?.country)
        view.input("city", label: "diaspora_field_city", value: value("city", profile?.city), required: true)
        view.input(
            "since", label: "diaspora_field_since", type: "number",
            value: value("since", profile?.since.map(String.init)))
        view.input("profession", label: "diaspora_field_profession", value: value("profession", profile?.profession))
        view.input("sector", label: "diaspora_field_sector", value: value("sector", profile?.sector))
        view.input(
            "skills", label: "diaspora_field_skills", value: value("skills", profile?.skills.joined(separator: ", ")))
        view.input(
            "languages", label: "diaspora_field_languages",
            value: value("languages", profile?.languages.joined(separator: ", ")))
        view.checkboxes(
            "interests", label: "diaspora_field_interests",
            choices: Interest.allCases.map { ($0.rawValue, c.text("diaspora_interest_\($0.rawValue)")) },
            selected: Set(form?.all("interests") ?? profile?.interests.map(\.rawValue) ?? []))
        view.textarea(
            "associations", label: "diaspora_field_associations", value: value("associations", profile?.associations))
        view.checkboxes(
            "consents", label: "diaspora_field_consents",
            choices: Consent.allCases.map { consent in
                let since =
                    profile?.consents[consent].map {
                        " (\(c.text("diaspora_consent_since")) \(context.language.instant($0, zone: member.timeZone)))"
                    } ?? ""
                return (consent.rawValue, c.text("diaspora_consent_\(consent.rawValue)") + since)
            }, selected: Set(form?.all("consents") ?? profile.map { Array($0.consents.keys.map(\.rawValue)) } ?? []))
        var page = FormPage(
            title: c.text("diaspora_profile_title", ["municipality": municipality.names[context.language]]),
            intro: c.text("diaspora_profile_intro"), action: "/\(municipality.slug)/diaspora/profile", form: view,
            submit: c.text("save"))
        if request.query("notice") == "saved" { page.flash = c.text("notice_saved") }
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }
}
