import Foundation
import Hummingbird
import Platform

/// Pages for events abroad: the member reports and follows; the registrar asks, refuses or enters.
struct AbroadPages: Sendable {
    let env: AppEnvironment
    var store: AbroadStore { AbroadStore(env.database.sql) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffGroup(env)
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
                let (scope, report) = try await staffReport(request, context)
                let form = try await Form.read(request)
                do {
                    try await AbroadService(env).decide(
                        report, to: status, note: form["note"], municipality: scope.municipality, actor: context.actor)
                } catch let error as AppError where error.field != nil || error.status == .conflict {
                    return try await detail(request, context, error: error)
                }
                return .redirect("\(scope.base)/staff/abroad/\(report.number)")
            }
        }
        staff.get("abroad/:number/files/:id") { request, context in
            let (_, report) = try await staffReport(request, context)
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
        let municipality = try await PortalCapability.municipality(context, env)
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
        var data = view.data
        data["title"] = c.text("abroad_title", ["municipality": municipality.names[context.language]])
        data["intro"] = c.text("abroad_intro")
        data["action"] = "/\(municipality.slug)/abroad?_csrf=\(context.formToken)"
        data["multipart"] = true
        data["submit"] = c.text("abroad_send")
        return env.pages.render(
            "form", titleKey: "abroad_title", request: request, context: context, data: data,
            status: error?.status ?? .ok)
    }

    func submit(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let municipality = try await PortalCapability.municipality(context, env)
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
        let municipality = try await PortalCapability.municipality(context, env)
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
        var data = view(report, c, zone: member.timeZone)
        data["answerAction"] = "/\(municipality.slug)/abroad/\(report.number)/answer?_csrf=\(context.formToken)"
        if let error { data["formError"] = c.text(error.messageKey, error.arguments) }
        return env.pages.render(
            "abroad_status", titleKey: "abroad_status_title", request: request, context: context, data: data,
            status: error?.status ?? .ok)
    }

    func view(_ r: AbroadReport, _ c: Catalog, zone: String) -> [String: Any] {
        var facts = [["label": c.text("abroad_field_book"), "value": c.text("abroad_book_\(r.book.rawValue)")]]
        for name in AbroadReport.fields + ["answer"] {
            if let value = r.details[name] { facts.append(["label": c.text("abroad_field_\(name)"), "value": value]) }
        }
        facts.append(["label": c.text("extract_submitted"), "value": c.language.instant(r.submittedAt, zone: zone)])
        return [
            "title": "\(r.number) — \(c.text("abroad_book_\(r.book.rawValue)"))", "number": r.number, "facts": facts,
            "status": c.text("abroad_status_\(r.status.rawValue)"), "note": r.note ?? "",
            "moreInfo": r.status == .moreInfo,
            "received": r.status == .received,
        ]
    }

    // MARK: Registrar

    func staffReport(_ request: Request, _ context: AppRequestContext) async throws -> (StaffScope, AbroadReport) {
        let scope = try await StaffScope.resolve(request, context, env, roles: RegistryDesk.registrars)
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
        let scope = try await StaffScope.resolve(request, context, env, roles: RegistryDesk.registrars)
        let c = env.catalogs[context.language]
        let status =
            request.query("status") == "all"
            ? nil : AbroadReport.Status(rawValue: request.query("status") ?? "received") ?? .received
        let list = try await store.queue(scope.municipality.id, status: status)
        try await env.audit.record(
            context.actor, "abroad.queue", objectType: "municipality", objectID: scope.municipality.id,
            municipalityID: scope.municipality.id, detail: request.uri.query ?? "")
        return env.pages.render(
            "abroad_queue", titleKey: "abroad_queue_title", request: request, context: context,
            data: [
                "empty": list.isEmpty,
                "filters": (AbroadReport.Status.allCases.map(\.rawValue) + ["all"]).map { value in
                    [
                        "href": "\(scope.base)/staff/abroad?status=\(value)", "label": c.text("abroad_status_\(value)"),
                        "current": value == (status?.rawValue ?? "all"),
                    ]
                },
                "reports": list.map { r in
                    [
                        "link": "\(scope.base)/staff/abroad/\(r.number)", "number": r.number,
                        "event": c.text("abroad_book_\(r.book.rawValue)"),
                        "person": "\(r.details["given_name"] ?? "") \(r.details["surname"] ?? "")",
                        "country": r.details["country"] ?? "",
                        "status": c.text("abroad_status_\(r.status.rawValue)"),
                    ]
                },
            ])
    }

    func detail(_ request: Request, _ context: AppRequestContext, error: AppError?) async throws -> Response {
        let (scope, report) = try await staffReport(request, context)
        let c = env.catalogs[context.language]
        var data = view(report, c, zone: scope.account.timeZone)
        let base = "\(scope.base)/staff/abroad/\(report.number)"
        data["requester"] = "\(report.requesterName) <\(report.requesterEmail)>"
        data["queueLink"] = "\(scope.base)/staff/abroad"
        data["enterLink"] = "\(scope.base)/staff/registry/new/\(report.book.rawValue)?abroad=\(report.number)"
        data["moreInfoAction"] = "\(base)/more_info"
        data["rejectAction"] = "\(base)/rejected"
        data["entryLink"] = report.entryID.map { "\(scope.base)/staff/registry/entries/\($0)" } ?? ""
        data["files"] = try await ExtractStore(env.database.sql).files(of: report.id).map {
            ["link": "\(base)/files/\($0.id)", "filename": $0.filename]
        }
        if let error { data["formError"] = c.text(error.messageKey, error.arguments) }
        return env.pages.render(
            "abroad_report", titleKey: "abroad_queue_title", request: request, context: context, data: data,
            status: error?.status ?? .ok)
    }
}
