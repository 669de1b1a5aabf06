import Foundation
import Hummingbird
import Platform

/// The registrar's pages: the municipality's requests, one request with the entries that
/// match it, issue or refuse, revoke; and the figures for a period.
struct ExtractStaffPages: Sendable {
    let env: AppEnvironment

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffGroup(env, roles: RegistryDesk.registrars)
        staff.get("extracts") { request, context in try await queue(request, context) }
        staff.get("extracts/:number") { request, context in try await detail(request, context, error: nil)
        }
        staff.post("extracts/:number/issue") { request, context in
            try await decide(request, context) { desk, extract, form in
                _ = try await desk.issue(
                    extract, entryID: form["entry_id"], language: form["language"], note: form["issue_note"])
            }
        }
        staff.post("extracts/:number/reject") { request, context in
            try await decide(request, context) { desk, extract, form in
                try form.confirmDestructive()
                return try await desk.reject(extract, reason: form["reason"], note: form["note"])
            }
        }
        staff.post("extracts/:number/ask-proof") { request, context in
            try await decide(request, context) { desk, extract, form in
                try await desk.askProof(extract, note: form["proof_note"])
            }
        }
        staff.post("extracts/:number/print") { request, context in
            let (_, desk) = try await desk(request, context)
            let extract = try await desk.open(context.parameters.get("number") ?? "")
            let document = try await desk.printed(extract)
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/pdf", .contentDisposition: "inline; filename=\"\(document.number).pdf\"",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: document.pdf)))
        }
        staff.post("extracts/:number/dispatch") { request, context in
            try await decide(request, context) { desk, extract, form in
                try await desk.dispatch(extract, trackingNumber: form["tracking_number"])
            }
        }
        staff.get("extracts/:number/files/:id") { request, context in
            let (_, desk) = try await desk(request, context)
            let extract = try await desk.open(context.parameters.get("number") ?? "")
            guard
                let file = try await ExtractStore(env.database.sql).file(
                    context.parameters.get("id") ?? "", of: extract.id)
            else { throw AppError.notFound }
            return Response.attachment(file.data, filename: file.filename, contentType: file.contentType)
        }
        staff.get("documents/{number}.pdf") { request, context in
            let (scope, _) = try await desk(request, context)
            let number = (context.parameters.get("number") ?? "").replacingOccurrences(of: ".pdf", with: "")
            guard let document = try await ExtractStore(env.database.sql).document(number: number),
                [document.municipalityID, document.keeperID].contains(scope.municipality.id)
            else { throw AppError.notFound }
            return try await ExtractPages.download(document, env: env, actor: context.actor, reader: scope.account)
        }
        staff.post("documents/:number/revoke") { request, context in
            let (scope, desk) = try await desk(request, context)
            let form = try await Form.read(request)
            let document = try await desk.revoke(
                context.parameters.get("number") ?? "", reason: form["revocation_reason"])
            guard let requestID = document.requestID,
                let extract = try await ExtractStore(env.database.sql).request(requestID)
            else {
                return Response.redirect("\(scope.base)/staff/extracts")
            }
            return Response.redirect("\(scope.base)/staff/extracts/\(extract.number)")
        }
    }

    func desk(_ request: Request, _ context: AppRequestContext) async throws -> (StaffScope, ExtractDesk) {
        let scope = try context.staffScope
        return (
            scope, ExtractDesk(env, municipality: scope.municipality, registrar: scope.account, actor: context.actor)
        )
    }

    func queue(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (scope, _) = try await desk(request, context)
        let c = env.catalogs[context.language]
        let status =
            request.query("status") == "all"
            ? nil : ExtractStatus(rawValue: request.query("status") ?? "received") ?? .received
        let list = try await ExtractStore(env.database.sql).queue(scope.municipality.id, status: status)
        try await env.audit.record(
            context.actor, "extract.queue", objectType: "municipality", objectID: scope.municipality.id,
            municipalityID: scope.municipality.id, detail: request.uri.query ?? "")
        let base = "\(scope.base)/staff/extracts"
        let (from, to) = Self.period(request, now: env.clock.now())
        let figures = try await ExtractFigures.load(
            env.database.sql, municipalityID: scope.municipality.id, from: from.date, to: to.adding(days: 1).date)
        let filters = (ExtractStatus.allCases.map(\.rawValue) + ["all"]).map { value in
            ExtractQueuePage.Filter(
                href: "\(base)?status=\(value)", label: c.text("extract_status_\(value)"),
                current: value == (status?.rawValue ?? "all"))
        }
        let page = ExtractQueuePage(
            title: c.text("extract_queue_title"), queueLink: base, empty: list.isEmpty,
            status: status?.rawValue ?? "all",
            filters: filters, requests: list.map { ExtractView.row($0, c, base: base, zone: scope.account.timeZone) },
            from: from.description, to: to.description,
            figures: .init(
                received: figures.received, issued: figures.issued, rejected: figures.rejected,
                waiting: figures.waiting,
                median: figures.medianHoursToIssue.map {
                    c.text("extract_hours", ["hours": String(format: "%.1f", $0)])
                }
                    ?? "—"))
        return env.pages.render(page, request: request, context: context)
    }

    /// The period of the figures: from/to in the query, else this calendar year so far (Sarajevo days, inclusive).
    static func period(_ request: Request, now: Date) -> (Day, Day) {
        let today = Day(sarajevo: now)
        let from = request.query("from").flatMap { Day(text: $0) } ?? Day(today.year, 1, 1)
        let to = request.query("to").flatMap { Day(text: $0) } ?? today
        return (from, max(from, to))
    }

    func detail(_ request: Request, _ context: AppRequestContext, error: AppError?) async throws -> Response {
        let (scope, desk) = try await desk(request, context)
        let extract = try await desk.open(context.parameters.get("number") ?? "")
        let c = env.catalogs[context.language]
        let zone = scope.account.timeZone
        let base = "\(scope.base)/staff/extracts/\(extract.number)"
        var page = ExtractRequestPage(
            summary: ExtractView.details(extract, c, zone: zone),
            requester: "\(extract.requesterName) <\(extract.requesterEmail)>",
            queueLink: "\(scope.base)/staff/extracts",
            selfLink: base, issueAction: "\(base)/issue", rejectAction: "\(base)/reject",
            askProofAction: "\(base)/ask-proof", dispatchAction: "\(base)/dispatch", printAction: "\(base)/print",
            canDispatch: extract.status == .issued && extract.delivery == .post && extract.trackingNumber == nil,
            canPrint: extract.status == .issued && extract.delivery == .post,
            price: ExtractView.price(
                extract, fees: try await ExtractStore(env.database.sql).fees(scope.municipality.id), c),
            query: .init(
                jmbg: request.query("jmbg") ?? "", name: request.query("name") ?? "",
                birthDate: request.query("birth_date") ?? ""),
            errors: FormErrors(error, catalog: c))
        page.printed = extract.printedAt.map {
            c.text("extract_printed", ["when": context.language.instant($0, zone: zone)])
        }
        page.files = try await ExtractStore(env.database.sql).files(of: extract.id).map {
            .init(link: "\(base)/files/\($0.id)", filename: $0.filename, role: c.text("extract_file_\($0.role)"))
        }
        page.hasFiles = !page.files.isEmpty
        let differences =
            error?.arguments["differences"].map { $0.split(separator: ",").map(String.init) }
            ?? ExtractRules.selfDifferences(extract, entry: nil)
        page.selfWarnings = differences.map { c.text($0) }
        page.hasSelfWarnings = !differences.isEmpty
        page.issueNote = extract.issueNote
        if extract.status == .received {
            let found = try await desk.suggestions(
                extract, jmbg: request.query("jmbg"), name: request.query("name"),
                birthDate: request.query("birth_date"))
            let municipalities = try await env.municipalities.all()
            page.hasSuggestions = !found.isEmpty
            page.suggestions = found.enumerated().map { index, entry in
                let f = entry.current
                return .init(
                    id: entry.id, first: index == 0, name: "\(f["given_name"] ?? "") \(f["surname"] ?? "")",
                    date: f["birth_date"] ?? f["marriage_date"] ?? "", book: c.text("book_\(entry.book.rawValue)"),
                    reference: entry.reference.description, link: "\(scope.base)/staff/registry/entries/\(entry.id)",
                    keeper: municipalities.first { $0.id == entry.municipalityID }?.names[context.language] ?? "")
            }
            page.languages = DocumentLanguage.all.map {
                .init(
                    value: $0.rawValue, label: c.text("extract_language_\($0.rawValue)"),
                    selected: $0 == extract.language)
            }
            page.reasons = RejectionReason.allCases.map {
                .init(value: $0.rawValue, label: c.text("extract_reason_\($0.rawValue)"), selected: false)
            }
        }
        page.documents = try await ExtractStore(env.database.sql).documents(ofRequest: extract.id).map { document in
            var shown = ExtractView.document(document, c, link: "", zone: zone)
            shown.staffLink = "\(scope.base)/staff/documents/\(document.number).pdf"
            shown.revokeAction = "\(scope.base)/staff/documents/\(document.number)/revoke"
            return shown
        }
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func decide(
        _ request: Request, _ context: AppRequestContext,
        _ action: (ExtractDesk, ExtractRequest, Form) async throws -> Void
    ) async throws -> Response {
        let (scope, desk) = try await desk(request, context)
        let extract = try await desk.open(context.parameters.get("number") ?? "")
        let form = try await Form.read(request)
        do {
            try await action(desk, extract, form)
        } catch let error as AppError where error.field != nil || error.status == .conflict {
            return try await detail(request, context, error: error)
        }
        return .redirect("\(scope.base)/staff/extracts/\(extract.number)")
    }
}

/// The registrar's queue with its filters and the period's figures (`extract_queue`).
struct ExtractQueuePage: PageView {
    static let template = "extract_queue"
    struct Filter: Sendable { let href: String, label: String, current: Bool }
    struct Figures: Sendable { let received: Int, issued: Int, rejected: Int, waiting: Int, median: String }
    let title: String, queueLink: String
    let empty: Bool
    let status: String
    let filters: [Filter]
    let requests: [ExtractRow]
    let from: String, to: String
    let figures: Figures
}

/// The registrar's request: suggested entries, issuing, refusing, asking for proof, print and post
/// (`extract_request`).
struct ExtractRequestPage: PageView {
    static let template = "extract_request"
    struct File: Sendable { let link: String, filename: String, role: String }
    struct Query: Sendable { let jmbg: String, name: String, birthDate: String }
    struct Suggestion: Sendable {
        let id: String
        let first: Bool
        let name: String, date: String, book: String, reference: String, link: String, keeper: String
    }
    struct Choice: Sendable {
        let value: String, label: String
        let selected: Bool
    }
    let summary: ExtractSummary
    let requester: String, queueLink: String, selfLink: String, issueAction: String, rejectAction: String
    let askProofAction: String, dispatchAction: String, printAction: String
    let canDispatch: Bool, canPrint: Bool
    let price: ExtractPrice
    let query: Query
    let errors: FormErrors
    var printed: String?
    var files: [File] = []
    var hasFiles = false
    var selfWarnings: [String] = []
    var hasSelfWarnings = false
    var issueNote: String?
    var hasSuggestions = false
    var suggestions: [Suggestion] = []
    var languages: [Choice] = []
    var reasons: [Choice] = []
    var documents: [ExtractDocumentView] = []
    var title: String { summary.title }
}
