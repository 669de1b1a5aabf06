import Foundation
import Hummingbird
import Platform

/// Pages for events abroad: the member reports and follows; the registrar asks, refuses or enters.
struct AbroadPages: Sendable {
    let env: AppEnvironment
    var store: AbroadStore { AbroadStore(env.database.sql) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffGroup(env, roles: RegistryDesk.registrars)
        let portal = router.municipalityGroup(env)
        portal.get("abroad/new") { request, context in try await form(request, context, form: nil, error: nil) }
        portal.post("abroad") { request, context in try await submit(request, context) }
        portal.get("abroad/:number") { request, context in try await status(request, context, error: nil) }
        portal.post("abroad/:number/answer") { request, context in
            let (report, municipality, _) = try await mine(request, context)
            let upload = try await MultipartForm.read(request, limit: ExtractPages.uploadLimit)
            do {
                try await AbroadService(env).answer(
                    report, text: upload.form["answer"], files: upload.chosenFiles, actor: context.actor)
            } catch let error as AppError where error.field != nil || error.status == .conflict {
                return try await status(request, context, error: error)
            }
            return .redirect("/\(municipality.slug)/abroad/\(report.number)")
        }
        staff.get("abroad") { request, context in try await queue(request, context) }
        staff.get("abroad/:number") { request, context in try await detail(request, context, error: nil) }
        for status in [AbroadReport.Status.moreInfo, .rejected] {
            staff.post("abroad/:number/\(status.rawValue)") { request, context in
                let (scope, report) = try await staffReport(try context.staffScope, context)
                let form = try await Form.read(request)
                do {
                    if status == .rejected { try form.confirmDestructive() }
                    try await AbroadService(env).decide(
                        report, to: status, note: form["note"], municipality: scope.municipality, actor: context.actor)
                } catch let error as AppError where error.field != nil || error.status == .conflict {
                    return try await detail(request, context, error: error)
                }
                return .redirect("\(scope.base)/staff/abroad/\(report.number)")
            }
        }
        staff.get("abroad/:number/files/:id") { request, context in
            let (_, report) = try await staffReport(try context.staffScope, context)
            guard
                let file = try await ExtractStore(env.database.sql).file(
                    context.parameters.get("id") ?? "", of: report.id)
            else { throw AppError.notFound }
            return Response.attachment(file.data, filename: file.filename, contentType: file.contentType)
        }
    }

    // MARK: Member

    func form(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws -> Response
    {
        let municipality = try context.pathMunicipality
        guard context.verifiedAccount != nil else { throw Redirect.toLogin(from: request.uri.description) }
        let c = env.catalogs[context.language]
        var view = FormView(catalog: c, error: error)
        view.select(
            "book", label: "abroad_field_book",
            choices: AbroadReport.books.map { ($0.rawValue, c.text("abroad_book_\($0.rawValue)")) },
            selected: form?["book"])
        for name in AbroadReport.fields.dropLast() {
            view.input(
                name, label: "abroad_field_\(name)", type: name == "event_date" ? "date" : "text",
                value: form?[name] ?? "", required: true)
        }
        view.textarea("other_persons", label: "abroad_field_other_persons", value: form?["other_persons"] ?? "")
        view.files(
            "foreign_document", label: "abroad_field_foreign_document",
            accept: ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png",
            hint: c.text("abroad_foreign_document_hint"))
        var page = FormPage(
            title: c.text("abroad_title", ["municipality": municipality.names[context.language]]),
            intro: c.text("abroad_intro"), action: "/\(municipality.slug)/abroad?_csrf=\(context.formToken)",
            form: view, submit: c.text("abroad_send"))
        page.multipart = true
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func submit(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let municipality = try context.pathMunicipality
        guard let member = context.verifiedAccount else { throw Redirect.toLogin(from: request.uri.description) }
        let upload = try await MultipartForm.read(request, limit: ExtractPages.uploadLimit)
        do {
            let report = try await AbroadService(env).report(
                upload.form.values, files: upload.chosenFiles, to: municipality, by: member, actor: context.actor)
            return .redirect("/\(municipality.slug)/abroad/\(report.number)")
        } catch let error as AppError where error.field != nil || error.code == "extract_confirm_email" {
            return try await form(request, context, form: upload.form, error: error)
        }
    }

    func mine(_ request: Request, _ context: AppRequestContext) async throws -> (AbroadReport, Municipality, Account) {
        let municipality = try context.pathMunicipality
        guard let member = context.verifiedAccount else { throw Redirect.toLogin(from: request.uri.description) }
        guard let report = try await store.report(context.parameters.get("number") ?? ""),
            report.municipalityID == municipality.id,
            report.requesterID == member.id
        else { throw AppError.notFound }
        return (report, municipality, member)
    }

    func status(_ request: Request, _ context: AppRequestContext, error: AppError?) async throws -> Response {
        let (report, municipality, member) = try await mine(request, context)
        let c = env.catalogs[context.language]
        let page = AbroadStatusPage(
            report: AbroadSummary(report, c, zone: member.timeZone),
            answerAction: "/\(municipality.slug)/abroad/\(report.number)/answer?_csrf=\(context.formToken)",
            errors: FormErrors(error, catalog: c))
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    // MARK: Registrar

    func staffReport(_ scope: StaffScope, _ context: AppRequestContext) async throws -> (StaffScope, AbroadReport) {
        guard let report = try await store.report(context.parameters.get("number") ?? ""),
            report.municipalityID == scope.municipality.id
        else {
            throw AppError.notFound
        }
        try await env.audit.record(
            context.actor, "abroad.read", objectType: "abroad_report", objectID: report.id,
            municipalityID: scope.municipality.id,
            detail: report.number)
        return (scope, report)
    }

    func queue(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let scope = try context.staffScope
        let c = env.catalogs[context.language]
        let status =
            request.query("status") == "all"
            ? nil : AbroadReport.Status(rawValue: request.query("status") ?? "received") ?? .received
        let list = try await store.queue(scope.municipality.id, status: status)
        try await env.audit.record(
            context.actor, "abroad.queue", objectType: "municipality", objectID: scope.municipality.id,
            municipalityID: scope.municipality.id, detail: request.uri.query ?? "")
        let filters = (AbroadReport.Status.allCases.map(\.rawValue) + ["all"]).map { value in
            AbroadQueuePage.Filter(
                href: "\(scope.base)/staff/abroad?status=\(value)", label: c.text("abroad_status_\(value)"),
                current: value == (status?.rawValue ?? "all"))
        }
        let reports = list.map { r in
            AbroadQueuePage.Row(
                link: "\(scope.base)/staff/abroad/\(r.number)", number: r.number,
                event: c.text("abroad_book_\(r.book.rawValue)"),
                person: "\(r.details["given_name"] ?? "") \(r.details["surname"] ?? "")",
                country: r.details["country"] ?? "", status: c.text("abroad_status_\(r.status.rawValue)"))
        }
        let page = AbroadQueuePage(
            title: c.text("abroad_queue_title"), empty: list.isEmpty, filters: filters, reports: reports)
        return env.pages.render(page, request: request, context: context)
    }

    func detail(_ request: Request, _ context: AppRequestContext, error: AppError?) async throws -> Response {
        let (scope, report) = try await staffReport(try context.staffScope, context)
        let c = env.catalogs[context.language]
        let base = "\(scope.base)/staff/abroad/\(report.number)"
        let files = try await ExtractStore(env.database.sql).files(of: report.id).map {
            Link("\(base)/files/\($0.id)", $0.filename)
        }
        let page = AbroadReportPage(
            report: AbroadSummary(report, c, zone: scope.account.timeZone),
            requester: "\(report.requesterName) <\(report.requesterEmail)>", queueLink: "\(scope.base)/staff/abroad",
            enterLink: "\(scope.base)/staff/registry/new/\(report.book.rawValue)?abroad=\(report.number)",
            moreInfoAction: "\(base)/more_info", rejectAction: "\(base)/rejected",
            entryLink: report.entryID.map { "\(scope.base)/staff/registry/entries/\($0)" }, files: files,
            errors: FormErrors(error, catalog: c))
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }
}

/// A report of an event abroad as both its member and the registrar read it.
struct AbroadSummary: Sendable {
    struct Fact: Sendable { let label: String, value: String }
    let title: String, number: String, facts: [Fact], status: String, note: String?
    let moreInfo: Bool, received: Bool

    init(_ r: AbroadReport, _ c: Catalog, zone: String) {
        var facts = [Fact(label: c.text("abroad_field_book"), value: c.text("abroad_book_\(r.book.rawValue)"))]
        for name in AbroadReport.fields + ["answer"] {
            if let value = r.details[name] { facts.append(Fact(label: c.text("abroad_field_\(name)"), value: value)) }
        }
        facts.append(Fact(label: c.text("extract_submitted"), value: c.language.instant(r.submittedAt, zone: zone)))
        title = "\(r.number) — \(c.text("abroad_book_\(r.book.rawValue)"))"
        number = r.number
        self.facts = facts
        status = c.text("abroad_status_\(r.status.rawValue)")
        note = r.note
        moreInfo = r.status == .moreInfo
        received = r.status == .received
    }
}

/// The member's page of their report (`abroad_status`).
struct AbroadStatusPage: PageView {
    static let template = "abroad_status"
    let report: AbroadSummary
    let answerAction: String
    let errors: FormErrors
    var title: String { report.title }
}

/// The registrar's page of a report (`abroad_report`).
struct AbroadReportPage: PageView {
    static let template = "abroad_report"
    let report: AbroadSummary
    let requester: String, queueLink: String, enterLink: String, moreInfoAction: String, rejectAction: String
    let entryLink: String?
    let files: [Link]
    let errors: FormErrors
    var title: String { report.title }
}

/// The registrar's queue of reports (`abroad_queue`).
struct AbroadQueuePage: PageView {
    static let template = "abroad_queue"
    struct Filter: Sendable { let href: String, label: String, current: Bool }
    struct Row: Sendable {
        let link: String, number: String, event: String, person: String, country: String, status: String
    }
    let title: String
    let empty: Bool
    let filters: [Filter]
    let reports: [Row]
}
