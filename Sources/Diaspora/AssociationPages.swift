import Foundation
import Hummingbird
import Platform

/// Associations abroad, cooperation agreements and office space: kept by the office, the
/// associations that agree listed publicly.
struct AssociationPages: Sendable {
    let env: AppEnvironment
    var store: AssociationStore { AssociationStore(env.database.sql) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffGroup(env, roles: OfficeStaffPages.office)
        let portal = router.municipalityGroup(env)
        portal.get("associations") { request, context in
            let municipality = try context.pathMunicipality
            let c = env.catalogs[context.language]
            let list = try await store.list(municipality.id, publicOnly: true)
            let page = AssociationDirectoryPage(
                title: c.text("association_directory_title", ["municipality": municipality.names[context.language]]),
                empty: list.isEmpty, associations: list.map { Self.row($0, language: context.language) })
            return env.pages.render(page, request: request, context: context)
        }
        staff.get("associations") { request, context in
            try await page(request, context, forms: [:], error: nil)
        }
        staff.post("associations") { request, context in
            try await write(request, context, form: "association") { desk, form, _ in
                _ = try await desk.addAssociation(form.values, worksWith: form.all("works_with"))
            }
        }
        staff.post("associations/agreements") { request, context in
            try await write(request, context, form: "agreement", multipart: true) { desk, form, files in
                _ = try await desk.addAgreement(form.values, files: files)
            }
        }
        staff.post("associations/spaces") { request, context in
            try await write(request, context, form: "space") { desk, form, _ in
                try await desk.allocateSpace(form.values)
            }
        }
        staff.get("associations/agreements/{id}.pdf") { request, context in
            let scope = try context.staffScope
            guard
                let pdf = try await store.document(
                    ofAgreement: context.parameters.get("id") ?? "", municipalityID: scope.municipality.id)
            else { throw AppError.notFound }
            return Response(
                status: .ok, headers: [.contentType: "application/pdf"], body: .init(byteBuffer: ByteBuffer(bytes: pdf))
            )
        }
    }

    static func row(_ a: Association, language: Language) -> AssociationLine {
        AssociationLine(
            name: a.name, place: "\(a.city), \(Country.name(a.country, in: language))",
            website: a.website.isEmpty ? nil : a.website,
            members: a.members.map(String.init) ?? "—", contact: "\(a.contactName) <\(a.contactEmail)>",
            public: a.publicListing)
    }

    /// Runs one of the page's forms: checked and written at the desk, or shown again with the errors.
    func write(
        _ request: Request, _ context: AppRequestContext, form name: String, multipart: Bool = false,
        _ action: (OfficeDesk, Form, [(filename: String, data: Data)]) async throws -> Void
    ) async throws -> Response {
        let scope = try context.staffScope
        let (form, files): (Form, [(filename: String, data: Data)])
        if multipart {
            let upload = try await MultipartForm.read(request, limit: 11 * 1_048_576)
            (form, files) = (upload.form, upload.chosenFiles)
        } else {
            (form, files) = (try await Form.read(request), [])
        }
        do {
            try await action(OfficeDesk(env: env, scope: scope, actor: context.actor), form, files)
        } catch let error as AppError where error.field != nil {
            return try await page(request, context, forms: [name: form], error: error)
        }
        return .redirect("\(scope.base)/staff/associations?notice=saved")
    }

    func page(_ request: Request, _ context: AppRequestContext, forms: [String: Form], error: AppError?) async throws
        -> Response
    {
        let scope = try context.staffScope
        let c = env.catalogs[context.language]
        let associations = try await store.list(scope.municipality.id, publicOnly: false)
        let municipalities = try await env.municipalities.all()
        let countries = [("", "—")] + (Country.sorted[context.language] ?? []).map { ($0.code, $0.name) }
        let choices = [("", "—")] + associations.map { ($0.id, $0.name) }

        var a = FormView(catalog: c, error: forms["association"] != nil ? error : nil)
        let af = forms["association"]
        for name in ["name", "city"] {
            a.input(name, label: "association_field_\(name)", value: af?[name] ?? "", required: true)
        }
        a.select("country", label: "diaspora_field_country", choices: countries, selected: af?["country"])
        a.input(
            "contact_name", label: "association_field_contact_name", value: af?["contact_name"] ?? "", required: true)
        a.input("contact_email", label: "field_email", type: "email", value: af?["contact_email"] ?? "", required: true)
        for name in ["phone", "website", "members"] {
            a.input(name, label: "association_field_\(name)", value: af?[name] ?? "")
        }
        a.checkboxes(
            "works_with", label: "association_field_works_with",
            choices: municipalities.map { ($0.slug, $0.names[context.language]) },
            selected: Set(af?.all("works_with") ?? [scope.municipality.slug]))
        a.select(
            "public_listing", label: "association_field_public",
            choices: [("no", c.text("no")), ("yes", c.text("yes"))], selected: af?["public_listing"])

        var g = FormView(catalog: c, error: forms["agreement"] != nil ? error : nil, idPrefix: "agreement-")
        let gf = forms["agreement"]
        g.select(
            "party", label: "agreement_field_party",
            choices: Agreement.Party.allCases.map { ($0.rawValue, c.text("agreement_party_\($0.rawValue)")) },
            selected: gf?["party"])
        g.select(
            "association_id", label: "agreement_field_association", choices: choices, selected: gf?["association_id"])
        g.input("party_name", label: "agreement_field_party_name", value: gf?["party_name"] ?? "")
        g.input("subject", label: "agreement_field_subject", value: gf?["subject"] ?? "", required: true)
        g.input(
            "signed_on", label: "agreement_field_signed_on", type: "date", value: gf?["signed_on"] ?? "", required: true
        )
        g.input("valid_until", label: "agreement_field_valid_until", type: "date", value: gf?["valid_until"] ?? "")
        g.select(
            "status", label: "agreement_field_status",
            choices: Agreement.Status.allCases.map { ($0.rawValue, c.text("agreement_status_\($0.rawValue)")) },
            selected: gf?["status"])
        g.files(
            "document", label: "agreement_field_document", accept: ".pdf,application/pdf",
            hint: c.text("agreement_document_hint"))

        var s = FormView(catalog: c, error: forms["space"] != nil ? error : nil, idPrefix: "space-")
        let sf = forms["space"]
        s.select(
            "association_id", label: "agreement_field_association", choices: choices, selected: sf?["association_id"])
        s.input("premises", label: "space_field_premises", value: sf?["premises"] ?? "", required: true)
        s.input("from_date", label: "space_field_from", type: "date", value: sf?["from_date"] ?? "", required: true)
        s.input("until_date", label: "space_field_until", type: "date", value: sf?["until_date"] ?? "")

        let agreements = try await store.agreements(scope.municipality.id).map { g in
            AssociationsPage.Agreement(
                party: g.partyName, subject: g.subject, signed: g.signedOn.description,
                until: g.validUntil?.description ?? "—", status: c.text("agreement_status_\(g.status.rawValue)"),
                document: g.hasDocument ? "\(scope.base)/staff/associations/agreements/\(g.id).pdf" : "")
        }
        let spaces = try await store.spaces(scope.municipality.id).map {
            AssociationsPage.Space(
                association: $0.association, premises: $0.premises, from: $0.from, until: $0.until ?? "—")
        }
        let page = AssociationsPage(
            title: c.text("association_title"), base: scope.base,
            associations: associations.map { Self.row($0, language: context.language) }, associationFields: a.fields,
            agreementFields: g.fields, spaceFields: s.fields, agreements: agreements, spaces: spaces,
            flash: request.query("notice") == "saved" ? c.text("notice_saved") : nil,
            errors: FormErrors([a, g, s], error: error, catalog: c))
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }
}

/// An association as the directory and the office list it.
struct AssociationLine: Sendable {
    let name: String, place: String, website: String?, members: String, contact: String
    let `public`: Bool
}

/// The public directory of associations that agreed to be listed (`diaspora_directory`).
struct AssociationDirectoryPage: PageView {
    static let template = "diaspora_directory"
    let title: String
    let empty: Bool
    let associations: [AssociationLine]
}

/// The office's associations, agreements and office spaces (`diaspora_associations`).
struct AssociationsPage: PageView {
    static let template = "diaspora_associations"
    struct Agreement: Sendable {
        let party: String, subject: String, signed: String, until: String, status: String, document: String
    }
    struct Space: Sendable { let association: String, premises: String, from: String, until: String }
    let title: String, base: String
    let associations: [AssociationLine]
    let associationFields: [Field], agreementFields: [Field], spaceFields: [Field]
    let agreements: [Agreement]
    let spaces: [Space]
    let flash: String?
    let errors: FormErrors
}
