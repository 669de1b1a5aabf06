import Foundation
import Hummingbird
import Platform

/// The asker's pages: ask a question, follow it, reply, rate the answer, fetch a file.
struct InquiryPages: Sendable {
    let env: AppEnvironment
    var service: InquiryService { InquiryService(env) }
    var store: InquiryStore { InquiryStore(env.database.sql) }
    /// Five files of 10 MB plus the text fields.
    static let uploadLimit = AttachmentKind.uploadLimit

    func addRoutes(to router: Router<AppRequestContext>) {
        let portal = router.municipalityGroup(env)
        portal.get("inquiries/new") { request, context in
            // The time zone first chosen is guessed from the browser's languages.
            try await VisitorPages.respond(request, context, env, varying: request.headers[.acceptLanguage] ?? "") {
                context in try await askFormPage(request, context, form: nil, error: nil)
            }
        }
        portal.post("inquiries") { request, context in try await ask(request, context) }
        portal.get("inquiries/:number") { request, context in try await follow(request, context, error: nil) }
        portal.post("inquiries/:number/reply") { request, context in try await reply(request, context) }
        portal.post("inquiries/:number/rate") { request, context in try await rate(request, context) }
        portal.get("inquiries/:number/attachments/:id") { request, context in
            let (inquiry, _) = try await opened(request, context, key: request.query("key"))
            return try await InquiryView.download(store, inquiry: inquiry, id: context.parameters.get("id"))
        }
    }

    func catalog(_ context: AppRequestContext) -> Catalog { env.catalogs[context.language] }

    // MARK: Ask

    func askForm(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws
        -> Response
    {
        .html(try await askFormPage(request, context, form: form, error: error), status: error?.status ?? .ok)
    }

    func askFormPage(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws
        -> String
    {
        let municipality = try context.pathMunicipality
        let categories = try await store.categories(municipality.id)
        let me = context.verifiedAccount
        var view = FormView(catalog: catalog(context), error: error)
        view.select(
            "category", label: "field_category",
            choices: [("", "—")] + categories.map { ($0.id, $0.names[context.language]) },
            selected: form?["category"])
        view.input("subject", label: "field_subject", value: form?["subject"] ?? "", required: true)
        view.textarea("body", label: "field_question", value: form?["body"] ?? "", required: true)
        view.input(
            "name", label: "field_display_name", value: form?["name"] ?? me?.displayName ?? "", autocomplete: "name",
            required: true)
        view.input(
            "email", label: "field_email", type: "email", value: form?["email"] ?? me?.email ?? "",
            autocomplete: "email", required: true)
        view.select(
            "language", label: "field_language", choices: FormView.languageChoices(env.catalogs),
            selected: form?["language"] ?? me?.language.rawValue ?? context.language.rawValue)
        view.select(
            "time_zone", label: "field_time_zone",
            choices: TimeZones.choices(in: context.language, keeping: me?.timeZone),
            selected: form?["time_zone"] ?? me?.timeZone
                ?? TimeZones.guess(acceptLanguage: request.headers[.acceptLanguage]))
        view.files(
            "attachments", label: "field_attachments",
            accept: ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png",
            hint: catalog(context).text("attachments_hint"))
        var page = FormPage(
            title: catalog(context).text("inquiry_ask_title", ["municipality": municipality.names[context.language]]),
            intro: catalog(context).text("inquiry_ask_intro"),
            action: "/\(municipality.slug)/inquiries?_csrf=\(context.formToken)", form: view,
            submit: catalog(context).text("inquiry_send"))
        page.multipart = true
        return env.pages.html(page, request: request, context: context)
    }

    func ask(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let municipality = try context.pathMunicipality
        let upload = try await MultipartForm.read(request, limit: Self.uploadLimit)
        let form = upload.form
        var submission = Submission(
            categoryID: form["category"], subject: form["subject"], body: form["body"], name: form["name"],
            email: form["email"], language: form["language"], timeZone: form["time_zone"])
        submission.files = upload.files.map { ($0.filename, $0.data) }
        do {
            let (inquiry, _) = try await service.submit(submission, to: municipality, asker: context.verifiedAccount)
            if inquiry.confirmedAt != nil {
                return .redirect("/\(municipality.slug)/inquiries/\(inquiry.number)?notice=sent")
            }
            let page = MessagePage(
                title: catalog(context).text("inquiry_sent_title"),
                message: catalog(context).text(
                    "inquiry_sent_confirm", ["number": inquiry.number, "email": inquiry.askerEmail]))
            return env.pages.render(page, request: request, context: context, status: .created)
        } catch let error as AppError where error.field != nil {
            return try await askForm(request, context, form: form, error: error)
        }
    }

    // MARK: Follow

    /// The inquiry, if this person may open it (their key or their own account); anyone else gets 404.
    func opened(_ request: Request, _ context: AppRequestContext, key: String?) async throws -> (Inquiry, Municipality)
    {
        let municipality = try context.pathMunicipality
        guard let number = context.parameters.get("number"),
            let inquiry = try await store.find(number: number.uppercased()),
            inquiry.municipalityID == municipality.id,
            try await service.askerMayOpen(inquiry, key: key, account: context.verifiedAccount)
        else { throw AppError.notFound }
        return (inquiry, municipality)
    }

    func follow(_ request: Request, _ context: AppRequestContext, error: AppError?, key explicit: String? = nil)
        async throws -> Response
    {
        let key = explicit ?? request.query("key")
        var (inquiry, municipality) = try await opened(request, context, key: key)
        inquiry = try await service.confirmIfNeeded(inquiry)
        if inquiry.status == .merged, let target = inquiry.mergedInto,
            let merged = try await store.find(id: target)
        {
            let page = MessagePage(
                title: catalog(context).text("inquiry_title"),
                message: catalog(context).text("inquiry_merged", ["number": merged.number]))
            return env.pages.render(page, request: request, context: context)
        }
        let c = catalog(context)
        let view = InquiryView(env: env, catalog: c, language: context.language)
        let base = "/\(municipality.slug)/inquiries/\(inquiry.number)"
        let notice = request.query("notice").flatMap { ["sent", "replied", "rated"].contains($0) ? $0 : nil }
        let page = InquiryFollowPage(
            summary: try await view.summary(inquiry, zone: inquiry.askerTimeZone),
            thread: try await view.thread(
                inquiry, includeInternal: false, zone: inquiry.askerTimeZone, attachmentBase: "\(base)/attachments",
                key: key),
            base: base, key: key ?? "", municipality: municipality.names[context.language],
            canReply: [.open, .assigned, .waitingOnAsker, .answered].contains(inquiry.status),
            canRate: inquiry.status == .closed && inquiry.rating == nil, ratings: (1...5).map { .init(value: $0) },
            replyAction: "\(base)/reply?_csrf=\(context.formToken)",
            flash: notice.map { c.text("notice_inquiry_\($0)") }, errors: FormErrors(error, catalog: c))
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func reply(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let upload = try await MultipartForm.read(request, limit: Self.uploadLimit)
        let key = upload.form["key"]
        let (inquiry, municipality) = try await opened(request, context, key: key)
        do {
            _ = try await service.askerReply(
                inquiry, body: upload.form["body"], files: upload.files.map { ($0.filename, $0.data) })
        } catch let error as AppError where error.status == .unprocessableContent || error.status == .conflict {
            return try await follow(request, context, error: error, key: key)
        }
        return .redirect(followLink(municipality, inquiry, key: key, notice: "replied"))
    }

    func rate(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await Form.read(request)
        let (inquiry, municipality) = try await opened(request, context, key: form["key"])
        do {
            _ = try await service.rate(inquiry, rating: form["rating"], comment: form["comment"])
        } catch let error as AppError where error.status == .unprocessableContent || error.status == .conflict {
            return try await follow(request, context, error: error, key: form["key"])
        }
        return .redirect(followLink(municipality, inquiry, key: form["key"], notice: "rated"))
    }

    func followLink(_ municipality: Municipality, _ inquiry: Inquiry, key: String?, notice: String) -> String {
        var link = "/\(municipality.slug)/inquiries/\(inquiry.number)?notice=\(notice)"
        if let key, !key.isEmpty { link += "&key=\(PageRenderer.percentEncoded(key))" }
        return link
    }
}
