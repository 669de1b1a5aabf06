import Foundation
import Hummingbird
import Platform

/// The member's pages: request a document from abroad, follow it, download it.
struct ExtractPages: Sendable {
    let env: AppEnvironment
    static let uploadLimit = AttachmentKind.uploadLimit
    var store: ExtractStore { ExtractStore(env.database.sql) }

    func addRoutes(to router: Router<AppRequestContext>) {
        let portal = router.municipalityGroup(env)
        portal.get("extracts") { request, context in try await mine(request, context) }
        portal.get("extracts/new") { request, context in try await form(request, context, form: nil, error: nil) }
        portal.post("extracts") { request, context in try await submit(request, context) }
        portal.get("extracts/:number") { request, context in try await status(request, context, error: nil) }
        portal.post("extracts/:number/proof") { request, context in
            let (extract, municipality, _) = try await opened(request, context)
            let upload = try await MultipartForm.read(request, limit: Self.uploadLimit)
            do {
                try await ExtractService(env).answerProof(extract, files: upload.chosenFiles, actor: context.actor)
            } catch let error as AppError where error.field != nil || error.status == .conflict {
                return try await status(request, context, error: error)
            }
            return .redirect("/\(municipality.slug)/extracts/\(extract.number)?notice=proof")
        }
        portal.get("extracts/:number/document.pdf") { request, context in
            let (extract, _, member) = try await opened(request, context)
            guard let number = extract.documentNumber, let document = try await store.document(number: number) else {
                throw AppError.notFound
            }
            return try await ExtractPages.download(document, env: env, actor: context.actor, reader: member)
        }
    }

    func member(_ request: Request, _ context: AppRequestContext) throws -> Account {
        guard let account = context.verifiedAccount else { throw Redirect.toLogin(from: request.uri.description) }
        return account
    }

    // MARK: Request

    func form(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws -> Response
    {
        let municipality = try context.pathMunicipality
        let me = try member(request, context)
        let c = env.catalogs[context.language]
        let fees = try await store.fees(municipality.id)
        let value = { (name: String, fallback: String) in form?[name] ?? fallback }
        // A first visit asks for the member's own document: the names come from the account.
        let own = form == nil ? Self.split(me.displayName) : (given: "", surname: "")
        var view = FormView(catalog: c, error: error)
        view.select(
            "kind", label: "extract_field_kind",
            choices: ExtractKind.allCases.map {
                ($0.rawValue, "\(c.text("extract_kind_\($0.rawValue)")) — \(ExtractFees.shown(fees.byKind[$0] ?? 0))")
            }, selected: form?["kind"])
        view.select(
            "relation", label: "extract_field_relation",
            choices: Relation.allCases.map { ($0.rawValue, c.text("extract_relation_\($0.rawValue)")) },
            selected: form?["relation"] ?? Relation.own.rawValue)
        view.input("relationship", label: "extract_field_relationship", value: value("relationship", ""))
        view.files(
            "power_of_attorney", label: "extract_field_power_of_attorney",
            accept: ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png",
            hint: c.text("extract_power_of_attorney_hint"))
        for (name, required, fallback) in [
            ("given_name", true, own.given), ("surname", true, own.surname), ("jmbg", false, ""),
        ] {
            view.input(name, label: "extract_field_\(name)", value: value(name, fallback), required: required)
        }
        view.input("birth_date", label: "extract_field_birth_date", type: "date", value: value("birth_date", ""))
        for name in ["birth_place", "father_name", "mother_name", "spouse_name"] {
            view.input(name, label: "extract_field_\(name)", value: value(name, ""))
        }
        view.input("purpose", label: "extract_field_purpose", value: value("purpose", ""), required: true)
        view.input("copies", label: "extract_field_copies", type: "number", value: value("copies", "1"), required: true)
        view.select(
            "language", label: "extract_field_language",
            choices: DocumentLanguage.all.map { ($0.rawValue, env.catalogs[$0].text("language_name")) },
            selected: form?["language"]
                ?? (DocumentLanguage.all.contains(me.language) ? me.language.rawValue : Language.bs.rawValue))
        view.select(
            "delivery", label: "extract_field_delivery",
            choices: Delivery.allCases.map {
                (
                    $0.rawValue,
                    $0 == .post
                        ? "\(c.text("extract_delivery_post")) (+\(ExtractFees.shown(fees.postage)))"
                        : c.text("extract_delivery_\($0.rawValue)")
                )
            }, selected: form?["delivery"])
        view.textarea("postal_address", label: "extract_field_postal_address", value: value("postal_address", ""))
        view.select(
            "payment", label: "extract_field_payment",
            choices: Payment.allCases.map { ($0.rawValue, c.text("extract_payment_\($0.rawValue)")) },
            selected: form?["payment"])
        view.input("payment_reference", label: "extract_field_payment_reference", value: value("payment_reference", ""))
        // Asked only where they apply (see `Relation`, and the stylesheet's `.when-…` rules).
        view.showOnly("relationship", when: "statement")
        view.showOnly("power_of_attorney", when: "document")
        view.showOnly("postal_address", when: "post")
        view.showOnly("payment_reference", when: "transfer")
        var page = FormPage(
            title: c.text("extract_request_title", ["municipality": municipality.names[context.language]]),
            intro: c.text("extract_request_intro"), action: "/\(municipality.slug)/extracts?_csrf=\(context.formToken)",
            form: view, submit: c.text("extract_send"))
        page.multipart = true
        page.table = ExtractView.priceTable(fees, c)
        page.lead = [Link("/\(municipality.slug)/extracts/check", c.text("presence_link_first"))]
        page.asides = [
            ExtractGuide.payment(
                try await store.paymentAccount(municipality.id), fees: fees, number: nil, amount: nil, c),
            ExtractGuide.nextSteps(c),
        ]
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func submit(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let municipality = try context.pathMunicipality
        let me = try member(request, context)
        let upload = try await MultipartForm.read(request, limit: Self.uploadLimit)
        let form = upload.form
        do {
            let extract = try await ExtractService(env).submit(
                form.values, files: upload.chosenFiles,
                to: municipality, by: me, actor: context.actor)
            return .redirect("/\(municipality.slug)/extracts/\(extract.number)?notice=sent")
        } catch let error as AppError
            where error.field != nil || error.code == "extract_duplicate" || error.code == "extract_confirm_email"
        {
            return try await self.form(request, context, form: form, error: error)
        }
    }

    // MARK: Follow

    /// The requester's own request of this municipality; anyone else gets 404.
    /// "Amra Hadžić" as given name and surname: the last word is the surname (the member corrects
    /// it where that is wrong; it is only a first value).
    static func split(_ name: String) -> (given: String, surname: String) {
        let words = name.split(separator: " ")
        guard words.count > 1 else { return (name, "") }
        return (words.dropLast().joined(separator: " "), String(words.last!))
    }

    func opened(_ request: Request, _ context: AppRequestContext) async throws -> (
        ExtractRequest, Municipality, Account
    ) {
        let municipality = try context.pathMunicipality
        let me = try member(request, context)
        guard let extract = try await store.request(context.parameters.get("number") ?? ""),
            extract.municipalityID == municipality.id,
            extract.requesterID == me.id
        else { throw AppError.notFound }
        return (extract, municipality, me)
    }

    func mine(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let municipality = try context.pathMunicipality
        let me = try member(request, context)
        let c = env.catalogs[context.language]
        let list = try await store.requests(of: me.id).filter { $0.municipalityID == municipality.id }
        let page = ExtractMinePage(
            title: c.text("extract_mine_title"), newLink: "/\(municipality.slug)/extracts/new", empty: list.isEmpty,
            requests: list.map { ExtractView.row($0, c, base: "/\(municipality.slug)/extracts", zone: me.timeZone) })
        return env.pages.render(page, request: request, context: context)
    }

    func status(_ request: Request, _ context: AppRequestContext, error: AppError?) async throws -> Response {
        let (extract, municipality, me) = try await opened(request, context)
        let c = env.catalogs[context.language]
        let document = try await extract.documentNumber.asyncMap { try await store.document(number: $0) } ?? nil
        let notice = request.query("notice").flatMap { ["sent", "proof"].contains($0) ? $0 : nil }
        let fees = try await store.fees(municipality.id)
        let page = ExtractStatusPage(
            summary: ExtractView.details(extract, c, zone: me.timeZone),
            municipality: municipality.names[context.language],
            proofAction: "/\(municipality.slug)/extracts/\(extract.number)/proof?_csrf=\(context.formToken)",
            price: ExtractView.price(extract, fees: fees, c),
            payment: extract.payment == .transfer && [.received, .waitingProof].contains(extract.status)
                ? ExtractGuide.payment(
                    try await store.paymentAccount(municipality.id), fees: fees, number: extract.number,
                    amount: extract.feeFening, c) : nil,
            document: document.map {
                ExtractView.document(
                    $0, c, link: "/\(municipality.slug)/extracts/\(extract.number)/document.pdf", zone: me.timeZone)
            },
            flash: notice.map { c.text("extract_notice_\($0)") }, errors: FormErrors(error, catalog: c))
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    /// The PDF itself; reading it is logged in the issuing and the keeping municipality.
    static func download(_ document: IssuedDocument, env: AppEnvironment, actor: Actor, reader: Account) async throws
        -> Response
    {
        for municipalityID in Set([document.municipalityID, document.keeperID]) {
            try await env.audit.record(
                actor, "document.download", objectType: "issued_document", objectID: document.id,
                municipalityID: municipalityID, detail: "\(document.number) by \(reader.id)")
        }
        var headers: HTTPFields = [
            .contentType: "application/pdf", .contentDisposition: "inline; filename=\"\(document.number).pdf\"",
        ]
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: document.pdf)))
    }
}
