import Documents
import Foundation
import Hummingbird
import Platform

/// The office's pages: log a contact in one form; find members, export them, see them by country.
struct OfficeStaffPages: Sendable {
    let env: AppEnvironment
    static let office: Set<Role> = [.officer, .departmentStaff, .municipalAdmin, .platformAdmin]

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffGroup(env, roles: Self.office)
        staff.get("office") { request, context in try await office(request, context, form: nil, error: nil)
        }
        staff.post("office") { request, context in
            let scope = try context.staffScope
            let form = try await Form.read(request)
            do {
                _ = try await OfficeDesk(env: env, scope: scope, actor: context.actor).logContact(form.values)
            } catch let error as AppError where error.field != nil {
                return try await office(request, context, form: form, error: error)
            }
            return .redirect("\(scope.base)/staff/office?notice=saved")
        }
        staff.get("members") { request, context in try await members(request, context) }
        staff.get("members.csv") { request, context in try await csv(request, context) }
        staff.post("members/segments") { request, context in
            let scope = try context.staffScope
            let form = try await Form.read(request)
            let (_, query) = try await OfficeDesk(env: env, scope: scope, actor: context.actor).saveSegment(form.values)
            return Response.redirect("\(scope.base)/staff/members?\(query)")
        }
    }

    func office(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws
        -> Response
    {
        let scope = try context.staffScope
        let c = env.catalogs[context.language]
        var view = FormView(catalog: c, error: error)
        view.select(
            "party", label: "office_field_party",
            choices: OfficeContact.Party.allCases.map { ($0.rawValue, c.text("office_party_\($0.rawValue)")) },
            selected: form?["party"])
        view.input("party_name", label: "office_field_party_name", value: form?["party_name"] ?? "")
        view.select(
            "channel", label: "office_field_channel",
            choices: OfficeContact.Channel.allCases.map { ($0.rawValue, c.text("office_channel_\($0.rawValue)")) },
            selected: form?["channel"])
        view.input("topic", label: "office_field_topic", value: form?["topic"] ?? "", required: true)
        view.textarea("outcome", label: "office_field_outcome", value: form?["outcome"] ?? "", required: true)
        view.select(
            "referral", label: "office_field_referral",
            choices: [("", "—")]
                + OfficeContact.Referral.allCases.map { ($0.rawValue, c.text("office_referral_\($0.rawValue)")) },
            selected: form?["referral"])
        view.input("referred_to", label: "office_field_referred_to", value: form?["referred_to"] ?? "")
        var page = FormPage(
            title: c.text("office_title"), action: "\(scope.base)/staff/office", form: view,
            submit: c.text("office_log"))
        let recent = try await DiasporaStore(env.database.sql).recentContacts(scope.municipality.id)
        page.table = Table(
            caption: c.text("office_recent"),
            head: [
                c.text("office_field_channel"), c.text("office_field_topic"), c.text("office_field_outcome"),
                c.text("office_field_referral"),
            ],
            rows: recent.map {
                Table.Row([
                    c.text("office_channel_\($0["channel"] ?? "")"), $0["topic"] ?? "", $0["outcome"] ?? "",
                    ($0["referral_kind"] ?? "").isEmpty
                        ? "—" : "\(c.text("office_referral_\($0["referral_kind"]!)")): \($0["referral_to"] ?? "")",
                ])
            })
        if request.query("notice") == "saved" { page.flash = c.text("notice_saved") }
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func filter(_ request: Request) -> MemberFilter {
        MemberFilter(query: Form(encoded: request.uri.query ?? ""))
    }

    func members(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let scope = try context.staffScope
        let c = env.catalogs[context.language]
        let store = DiasporaStore(env.database.sql)
        let found = try await store.members(scope.municipality.id, filter(request))
        // Counts by country move slowly and cost a pass over every profile: kept for a few seconds.
        let counts = try await env.database.shared("diaspora.byCountry") { ShortLivedCache<[CountryCount]>() }
            .value(scope.municipality.id, now: env.clock.now()) {
                try await store.byCountry(scope.municipality.id).map {
                    CountryCount(country: $0.country, count: $0.count)
                }
            }
        try await env.audit.record(
            context.actor, "diaspora.members", objectType: "municipality", objectID: scope.municipality.id,
            municipalityID: scope.municipality.id, detail: request.uri.query ?? "")
        let q = { (name: String) in request.query(name) ?? "" }
        let none = SelectOption("", "—")
        let page = MembersPage(
            title: c.text("diaspora_members_title"),
            query: .init(name: q("name"), city: q("city"), skill: q("skill")),
            countries: [none]
                + (Country.sorted[context.language] ?? []).map {
                    SelectOption($0.code, $0.name, selected: $0.code == q("country").uppercased())
                },
            interests: [none]
                + Interest.allCases.map {
                    SelectOption(
                        $0.rawValue, c.text("diaspora_interest_\($0.rawValue)"), selected: $0.rawValue == q("interest"))
                },
            consents: [none]
                + Consent.allCases.map {
                    SelectOption(
                        $0.rawValue, c.text("diaspora_consent_\($0.rawValue)"), selected: $0.rawValue == q("consent"))
                },
            members: found.map { m in
                .init(
                    name: m.name, country: Country.name(m.profile.country, in: context.language), city: m.profile.city,
                    skills: m.profile.skills.joined(separator: ", "),
                    contact: m.profile.consents[.contact] != nil ? m.email : "—")
            },
            segments: try await store.segments(scope.municipality.id).map {
                Link("\(scope.base)/staff/members?\($0.query)", $0.name)
            },
            segmentAction: "\(scope.base)/staff/members/segments", queryCountry: q("country"),
            queryInterest: q("interest"), queryConsent: q("consent"), empty: found.isEmpty,
            csvLink: "\(scope.base)/staff/members.csv?\(request.uri.query ?? "")",
            chart: BarChart.horizontal(
                counts.map { (Country.name($0.country, in: context.language), $0.count) },
                title: c.text("diaspora_by_country")),
            byCountry: counts.map { .init(country: Country.name($0.country, in: context.language), count: $0.count) })
        return env.pages.render(page, request: request, context: context)
    }

    /// The filtered members as CSV; only those who agreed to be contacted, and only what that allows.
    func csv(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let scope = try context.staffScope
        var f = filter(request)
        // Only people who consented are exported: to the page's consent filter, else to being contacted.
        f.consent = f.consent ?? .contact
        let found = try await DiasporaStore(env.database.sql).members(scope.municipality.id, f, limit: 100_000)
        try await env.audit.record(
            context.actor, "diaspora.export", objectType: "municipality", objectID: scope.municipality.id,
            municipalityID: scope.municipality.id, detail: "\(found.count) rows; \(request.uri.query ?? "")")
        var out = "name,email,country,city,profession,skills,interests\r\n"
        for m in found {
            out +=
                [
                    m.name, m.email, m.profile.country, m.profile.city, m.profile.profession,
                    m.profile.skills.joined(separator: ";"),
                    m.profile.interests.map(\.rawValue).joined(separator: ";"),
                ].map(CSV.field).joined(separator: ",") + "\r\n"
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"members.csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: out)))
    }
}

struct CountryCount: Sendable { let country: String, count: Int }

/// The office's member search, segments and the members by country (`diaspora_members`).
struct MembersPage: PageView {
    static let template = "diaspora_members"
    struct Query: Sendable { let name: String, city: String, skill: String }
    struct Member: Sendable { let name: String, country: String, city: String, skills: String, contact: String }
    struct ByCountry: Sendable {
        let country: String
        let count: Int
    }
    let title: String
    let query: Query
    let countries: [SelectOption], interests: [SelectOption], consents: [SelectOption]
    let members: [Member]
    let segments: [Link]
    let segmentAction: String, queryCountry: String, queryInterest: String, queryConsent: String
    let empty: Bool
    let csvLink: String, chart: String
    let byCountry: [ByCountry]
}
