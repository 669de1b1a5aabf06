import Foundation
import Hummingbird
import Platform

/// `/api/v1` for E-matičar and the registry books: the same flows as the pages.
struct ExtractAPI: Sendable {
    let env: AppEnvironment
    var store: ExtractStore { ExtractStore(env.database.sql) }
    static let bodyLimit = AttachmentKind.maximumCount * AttachmentKind.maximumSize * 4 / 3 + 1_048_576

    static let requestSchema: JSONSchema =
        .object(
            [
                "kind": .string(oneOf: ExtractKind.self),
                "relation": .string(oneOf: Relation.self),
                "relationship": .string("How the requester is related, in words (sibling, deceased relative, proxy)"),
                "attachments": .array(
                    of: .object([
                        "filename": .string(),
                        "content_base64": .string(),
                    ]), "A proxy's power of attorney"),
                "jmbg": .string(pattern: "^[0-9]{13}$"),
                "given_name": .string(),
                "surname": .string(),
                "birth_date": .string(format: "date"),
                "birth_place": .string(),
                "father_name": .string(),
                "mother_name": .string(),
                "spouse_name": .string(),
                "purpose": .string(maxLength: 500),
                "copies": .integer(minimum: 1, maximum: 10),
                "language": .string(oneOf: DocumentLanguage.all.map(\.rawValue)),
                "delivery": .string(oneOf: Delivery.self),
                "postal_address": .string(),
                "payment": .string(oneOf: Payment.self),
                "payment_reference": .string(),
            ], required: ["kind", "relation", "given_name", "surname", "purpose", "language", "delivery", "payment"])
    static let issueSchema: JSONSchema =
        .object(
            [
                "entry_id": .string(),
                "language": .string(oneOf: DocumentLanguage.all.map(\.rawValue)),
                "issue_note": .string("Required when a request for self differs from the entry", maxLength: 1000),
            ], required: ["entry_id"])
    static let rejectSchema: JSONSchema =
        .object(
            [
                "reason": .string(oneOf: RejectionReason.self),
                "note": .string(maxLength: 2000),
            ], required: ["reason"])
    static let revokeSchema: JSONSchema =
        .object(
            [
                "reason": .string(maxLength: 1000)
            ], required: ["reason"])

    static let operations: [APIOperation] = [
        APIOperation(
            "post", "/api/v1/{slug}/extract-requests",
            summary: "Request a civil-registry document from abroad (signed-in member)", requiresAuth: true,
            requestSchema: requestSchema,
            responses: [
                201: "Received; the price in KM with its parts and in EUR and CHF", 401: "Not signed in",
                403: "E-mail not confirmed", 409: "The same request is already waiting", 422: "Invalid field",
            ]),
        APIOperation(
            "get", "/api/v1/extract-requests/{id}",
            summary: "One request (its requester, or a registrar of its municipality); id or number",
            requiresAuth: true, responses: [200: "The request", 404: "Unknown, or not yours"]),
        APIOperation(
            "get", "/api/v1/{slug}/extract-fees",
            summary:
                """
                The municipality's fees in KM, postage, exchange rates and whether CIEC is capped at the ordinary fee \
                (municipal admin)
                """,
            requiresAuth: true, responses: [200: "The fees", 404: "Unknown municipality"]),
        APIOperation(
            "post", "/api/v1/{slug}/extract-fees",
            summary:
                """
                Change the fees (every fee_<kind>, fee_postage, rate_eur, rate_chf as on the page; ciec_capped 1 or \
                0); unsent fields keep their value
                """,
            requiresAuth: true, requestSchema: .object([:], others: .string()),
            responses: [200: "Saved", 404: "Unknown municipality", 422: "Invalid field"]),
        APIOperation(
            "get", "/api/v1/{slug}/extract-requests",
            summary: "The registrar's queue: status = received|issued|rejected|all",
            requiresAuth: true,
            responses: [200: "Requests, oldest first", 401: "Not signed in", 404: "Not your municipality"]),
        APIOperation(
            "post", "/api/v1/extract-requests/{id}/issue",
            summary: "Issue the signed document from a registry entry (registrar)", requiresAuth: true,
            requestSchema: issueSchema,
            responses: [201: "Issued", 404: "Unknown", 409: "Already decided", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/extract-requests/{id}/reject",
            summary: "Refuse a request with a reason the requester reads (registrar)", requiresAuth: true,
            requestSchema: rejectSchema,
            responses: [200: "Rejected", 404: "Unknown", 409: "Already decided", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/extract-requests/{id}/ask-proof",
            summary: "Ask the requester for proof before issuing (registrar); the request waits",
            requiresAuth: true,
            requestSchema:
                .object(
                    [
                        "note": .string(maxLength: 1000)
                    ], required: ["note"]),
            responses: [
                200: "Waiting for proof", 404: "Unknown", 409: "Not waiting in the queue", 422: "Invalid field",
            ]),
        APIOperation(
            "post", "/api/v1/extract-requests/{id}/proof",
            summary: "The requester's proof (attachments: PDF, JPEG or PNG in base64)",
            requiresAuth: true,
            requestSchema:
                .object(
                    [
                        "attachments": .array(
                            of: .object([
                                "filename": .string(),
                                "content_base64": .string(),
                            ]), maxItems: 5)
                    ], required: ["attachments"]),
            responses: [
                200: "Back in the queue", 404: "Unknown, or not yours", 409: "No proof was asked for",
                422: "No file, or a file of a refused type",
            ]),
        APIOperation(
            "post", "/api/v1/extract-requests/{id}/print",
            summary:
                """
                Print the issued document for a handwritten signature and stamp before posting (registrar); recorded \
                on the request
                """,
            requiresAuth: true, responses: [200: "The PDF to print", 404: "Unknown", 409: "Not issued"]),
        APIOperation(
            "post", "/api/v1/extract-requests/{id}/dispatch",
            summary:
                "The registered-mail number (UPU S10: service R, posted in BA) of a posted, printed document "
                + "(registrar)",
            requiresAuth: true,
            requestSchema:
                .object(
                    [
                        "tracking_number": .string(pattern: "^R[A-Z][0-9]{9}BA$")
                    ], required: ["tracking_number"]),
            responses: [
                200: "Recorded", 404: "Unknown", 409: "Not issued for post",
                422: "Not a valid S10 number, not registered mail, not posted in BiH, or not printed yet",
            ]),
        APIOperation(
            "get", "/api/v1/documents/{number}.pdf",
            summary: "An issued document as PDF (its requester, or staff of the issuing or keeping municipality)",
            requiresAuth: true, responses: [200: "application/pdf", 404: "Unknown, or not yours"]),
        APIOperation(
            "post", "/api/v1/documents/{number}/revoke",
            summary: "Revoke a document issued in error (registrar of the issuing municipality)",
            requiresAuth: true, requestSchema: revokeSchema,
            responses: [200: "Revoked", 404: "Unknown", 409: "Already revoked", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/registry/{book}",
            summary: "Enter a new entry in a book: births, marriages, deaths, citizens (registrar)",
            requiresAuth: true,
            requestSchema:
                .object(
                    [
                        "area": .string("The registry area (matično područje)"),
                        "book_year": .string(pattern: "^[0-9]{4}$"),
                        "volume": .string(pattern: "^[0-9]+$"), "page": .string(pattern: "^[0-9]+$"),
                        "number": .string(pattern: "^[0-9]+$"), "registered_on": .string(format: "date"),
                        "abroad": .string(
                            "The number of the report of an event abroad this entry records (closed with it)"),
                    ], required: ["area", "book_year", "volume", "page", "number", "registered_on"],
                    others: .string(),
                    description:
                        """
                        Also every field of the book, by name; a JMBG field may be left out with <field>_missing: \
                        foreign_citizen, not_assigned or unknown; confirm_warnings: \"true\" once the registrar has \
                        checked the warnings a 422 named
                        """
                ),
            responses: [201: "Entered", 404: "Unknown book or municipality", 422: "Invalid field"]),
        APIOperation(
            "get", "/api/v1/registry/search",
            summary:
                "Search every municipality's books: jmbg, name, birth_date, book, volume, page, number (registrar)",
            requiresAuth: true, responses: [200: "Entries", 401: "Not signed in", 403: "Not a registrar"]),
        APIOperation(
            "post", "/api/v1/{slug}/registry-presence",
            summary:
                "Is a matching entry in the books of the deployment? found: true|false, nothing more "
                + "(member; 5 an hour)",
            requiresAuth: true,
            requestSchema:
                .object(
                    [
                        "kind": .string(),
                        "jmbg": .string(),
                        "given_name": .string(),
                        "surname": .string(),
                        "birth_date": .string(format: "date"),
                    ], required: ["kind"]),
            responses: [
                200: "{\"found\": bool}", 401: "Not signed in", 422: "Invalid field", 429: "Too many checks this hour",
            ]),
        APIOperation(
            "post", "/api/v1/verify",
            summary: "Verify an issued document from the PDF itself (the body is the file, at most 2 MB)",
            requiresAuth: false, requestType: "application/pdf",
            responses: [
                200:
                    """
                status: valid, revoked, unknown or invalid (not sealed, or the seal does not hold), as for \
                /verify/{code}
                """,
                422: "No file was sent",
            ]),
        APIOperation(
            "get", "/verify/{code}", summary: "Verify a document by its short code; JSON with Accept: application/json",
            requiresAuth: false,
            responses: [
                200:
                    """
                status: valid, revoked or unknown, with type, name, date of issue and municipality; record: \
                current or annotated as_of a date; verifications
                """
            ]),
        APIOperation(
            "get", "/.well-known/zavicaj-keys.json",
            summary: "The Ed25519 public keys documents are signed with, current and retired", requiresAuth: false,
            responses: [200: "Keys by id"]),
    ]

    func addRoutes(to router: Router<AppRequestContext>) {
        let api = router.group("api/v1")
        let portal = router.municipalityGroup(env, prefix: "api/v1/")
        let admin = router.staffAPIGroup(env, roles: ExtractAdminPages.admins)
        admin.get("extract-fees") { request, context in
            let scope = try context.staffScope
            return try Response.json(
                ExtractAdminPages.values(
                    try await store.fees(scope.municipality.id),
                    account: try await store.paymentAccount(scope.municipality.id)))
        }
        admin.post("extract-fees") { request, context in
            let scope = try context.staffScope
            var fields = ExtractAdminPages.values(
                try await store.fees(scope.municipality.id),
                account: try await store.paymentAccount(scope.municipality.id)
            ).mapValues { [$0] }
            for (name, value) in try await JSONBody.decode(FieldsBody.self, request).values { fields[name] = [value] }
            try await ExtractAdminPages(env: env).apply(
                Form(fields: fields), to: scope.municipality, actor: context.actor)
            return try Response.json(
                ExtractAdminPages.values(
                    try await store.fees(scope.municipality.id),
                    account: try await store.paymentAccount(scope.municipality.id)))
        }
        portal.post("extract-requests") { request, context in
            let municipality = try context.pathMunicipality
            guard let member = context.verifiedAccount else { throw AppError.unauthorized }
            let body = try await JSONBody.decode(ExtractRequestBody.self, request, limit: Self.bodyLimit)
            let extract = try await ExtractService(env).submit(
                body.fields, files: try JSONFile.decoded(body.attachments, field: "attachments"), to: municipality,
                by: member, actor: context.actor)
            return try Response.json(try await json(extract), status: .created)
        }
        api.get("extract-requests/:id") { request, context in
            let (extract, _) = try await opened(context)
            return try Response.json(
                try await json(extract, documents: try await store.documents(ofRequest: extract.id)))
        }
        portal.get("extract-requests") { request, context in
            let (municipality, _) = try await desk(context)
            let status =
                request.query("status") == "all"
                ? nil : ExtractStatus(rawValue: request.query("status") ?? "received") ?? .received
            try await env.audit.record(
                context.actor, "extract.queue", objectType: "municipality", objectID: municipality.id,
                municipalityID: municipality.id, detail: request.uri.query ?? "")
            var list: [RequestJSON] = []
            for extract in try await store.queue(municipality.id, status: status) {
                list.append(try await json(extract))
            }
            return try Response.json(["requests": list])
        }
        api.post("extract-requests/:id/issue") { request, context in
            let (extract, desk) = try await registrarOpened(context)
            let body = try await JSONBody.decode(IssueBody.self, request)
            let document = try await desk.issue(
                extract, entryID: body.entry_id, language: body.language, note: body.issue_note)
            return try Response.json(documentJSON(document), status: .created)
        }
        api.post("extract-requests/:id/reject") { request, context in
            let (extract, desk) = try await registrarOpened(context)
            let body = try await JSONBody.decode(RejectBody.self, request)
            try await desk.reject(extract, reason: body.reason, note: body.note)
            return try Response.json(try await json(try await store.request(extract.id)!))
        }
        api.post("extract-requests/:id/ask-proof") { request, context in
            let (extract, desk) = try await registrarOpened(context)
            try await desk.askProof(extract, note: try await JSONBody.decode(NoteBody.self, request).note)
            return try Response.json(try await json(store.request(extract.id)!))
        }
        api.post("extract-requests/:id/print") { request, context in
            let (extract, desk) = try await registrarOpened(context)
            let document = try await desk.printed(extract)
            return Response(
                status: .ok, headers: [.contentType: "application/pdf"],
                body: .init(byteBuffer: ByteBuffer(bytes: document.pdf)))
        }
        api.post("extract-requests/:id/dispatch") { request, context in
            let (extract, desk) = try await registrarOpened(context)
            let body = try await JSONBody.decode(DispatchBody.self, request)
            try await desk.dispatch(extract, trackingNumber: body.tracking_number)
            return try Response.json(try await json(store.request(extract.id)!))
        }
        api.post("extract-requests/:id/proof") { request, context in
            let (extract, desk) = try await opened(context)
            guard desk == nil else { throw AppError.notFound }
            let body = try await JSONBody.decode(ProofBody.self, request, limit: Self.bodyLimit)
            try await ExtractService(env).answerProof(
                extract, files: try JSONFile.decoded(body.attachments, field: "attachments"), actor: context.actor)
            return try Response.json(try await json(store.request(extract.id)!))
        }
        api.get("documents/{number}.pdf") { request, context in try await download(context) }
        api.post("documents/:number/revoke") { request, context in
            guard let account = context.verifiedAccount,
                let document = try await store.document(number: context.parameters.get("number") ?? ""),
                account.canStaff(document.municipalityID), let role = account.role,
                RegistryDesk.registrars.contains(role),
                let municipality = try await env.municipalities.find(id: document.municipalityID)
            else { throw AppError.notFound }
            let body = try await JSONBody.decode(RevokeBody.self, request)
            let revoked = try await ExtractDesk(
                env, municipality: municipality, registrar: account, actor: context.actor
            ).revoke(document.number, reason: body.reason)
            return try Response.json(documentJSON(revoked))
        }
        RegistryAPI(env: env).addRoutes(
            to: api, registrars: router.staffAPIGroup(env, roles: RegistryDesk.registrars))
    }

    // MARK: Access

    /// The requester, or a registrar of the request's municipality; anyone else 404.
    func opened(_ context: AppRequestContext) async throws -> (ExtractRequest, ExtractDesk?) {
        guard let account = context.verifiedAccount else { throw AppError.unauthorized }
        guard let extract = try await store.request(context.parameters.get("id") ?? ""),
            ExtractService(env).mayOpen(extract, account: account),
            let municipality = try await env.municipalities.find(id: extract.municipalityID)
        else { throw AppError.notFound }
        guard extract.requesterID != account.id else { return (extract, nil) }
        let desk = ExtractDesk(env, municipality: municipality, registrar: account, actor: context.actor)
        return (try await desk.open(extract.id), desk)
    }

    func registrarOpened(_ context: AppRequestContext) async throws -> (ExtractRequest, ExtractDesk) {
        let (extract, desk) = try await opened(context)
        guard let desk else { throw AppError.notFound }
        return (extract, desk)
    }

    func desk(_ context: AppRequestContext) async throws -> (Municipality, ExtractDesk) {
        guard let account = context.verifiedAccount else { throw AppError.unauthorized }
        let municipality = try context.pathMunicipality
        guard account.canStaff(municipality.id), let role = account.role, RegistryDesk.registrars.contains(role)
        else {
            throw AppError.notFound
        }
        return (municipality, ExtractDesk(env, municipality: municipality, registrar: account, actor: context.actor))
    }

    func download(_ context: AppRequestContext) async throws -> Response {
        guard let account = context.verifiedAccount else { throw AppError.unauthorized }
        let number = (context.parameters.get("number") ?? "").replacingOccurrences(of: ".pdf", with: "")
        guard let document = try await store.document(number: number) else { throw AppError.notFound }
        let request = try await document.requestID.asyncMap { try await store.request($0) } ?? nil
        let mine = request?.requesterID == account.id
        let staff =
            account.isStaff && (account.canStaff(document.municipalityID) || account.canStaff(document.keeperID))
        guard mine || staff else { throw AppError.notFound }
        return try await ExtractPages.download(document, env: env, actor: context.actor, reader: account)
    }

    // MARK: JSON

    struct RequestJSON: Encodable {
        let id: String, number: String, status: String, kind: String, relation: String, relationship: String?,
            subject: ExtractSubject, purpose: String
        let copies: Int, language: String, delivery: String, postal_address: String?, payment: String,
            payment_reference: String?
        let fee_fening: Int, fee_document_fening: Int, fee_postage_fening: Int, price: [String: Int],
            proof_note: String?, tracking_number: String?
        let submitted_at: String, decided_at: String?, rejection_reason: String?, rejection_note: String?
        let document_number: String?
        var documents: [DocumentJSON]?
    }

    struct DocumentJSON: Encodable {
        let number: String, code: String, kind: String, language: String, issued_at: String, revoked_at: String?,
            revocation_reason: String?
        let verify_url: String, pdf_url: String
        /// How many times it was verified (by a program, or by uploading the PDF).
        let verifications: Int
    }

    /// The request, with its price also in the municipality's foreign currencies (minor units).
    func json(_ r: ExtractRequest, documents: [IssuedDocument]? = nil) async throws -> RequestJSON {
        let fees = try await store.fees(r.municipalityID)
        var price = ["BAM": r.feeFening]
        for currency in ExtractFees.currencies { price[currency] = fees.converted(r.feeFening, to: currency) }
        return RequestJSON(
            id: r.id, number: r.number, status: r.status.rawValue, kind: r.kind.rawValue, relation: r.relation.rawValue,
            relationship: r.relationship, subject: r.subject,
            purpose: r.purpose, copies: r.copies, language: r.language.rawValue, delivery: r.delivery.rawValue,
            postal_address: r.postalAddress,
            payment: r.payment.rawValue, payment_reference: r.paymentReference, fee_fening: r.feeFening,
            fee_document_fening: r.feeDocumentFening, fee_postage_fening: r.feePostageFening, price: price,
            proof_note: r.proofNote,
            tracking_number: r.trackingNumber, submitted_at: Timestamp.text(r.submittedAt),
            decided_at: r.decidedAt.map(Timestamp.text), rejection_reason: r.rejectionReason,
            rejection_note: r.rejectionNote,
            document_number: r.documentNumber, documents: documents?.map(documentJSON))
    }

    func documentJSON(_ d: IssuedDocument) -> DocumentJSON {
        DocumentJSON(
            number: d.number, code: d.code, kind: d.kind.rawValue, language: d.language.rawValue,
            issued_at: Timestamp.text(d.issuedAt),
            revoked_at: d.revokedAt.map(Timestamp.text), revocation_reason: d.revocationReason,
            verify_url: "\(env.settings.baseURL)/verify/\(d.code)",
            pdf_url: "\(env.settings.baseURL)/api/v1/documents/\(d.number).pdf", verifications: d.verifications)
    }
}
