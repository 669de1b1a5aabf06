import Crypto
import Documents
import Foundation
import Hummingbird
import Platform

/// Verification by anyone: the short code or the QR link, or the PDF itself; and the
/// published keys that let a document be checked offline.
struct VerifyRoutes: Sendable {
    let env: AppEnvironment
    /// Other deployments, for documents whose record or issuer is there.
    let deployments: @Sendable () -> (any KeeperDeployments)?
    static let uploadLimit = 2 * 1_048_576

    /// What a check found, with only what may be shown to anyone.
    struct Verdict: Encodable {
        let status: String
        let kind: String?
        let name: String?
        let issued_on: String?
        let municipality: String?
        let number: String?
        let revoked_at: String?
        /// Living verification: `current` when the record has had no later entry since the document
        /// was issued, `annotated` when it has (what was entered is not said), as of `as_of`;
        /// `unchecked` when the deployment keeping the record could not be asked.
        var record: String?
        var as_of: String?
        var verifications: Int?
        /// What a valid seal proves, for machines as the page says it for people.
        var seal =
            """
            Ed25519 electronic seal: the document was issued through Zavičaj by the named municipality and its \
            content has not changed; not a qualified electronic signature
            """

        /// Annotated: since the day of the first later entry; current: as of today.
        mutating func dated(_ change: Date?, today: Date) {
            record = change == nil ? "current" : "annotated"
            as_of = Day(sarajevo: change ?? today).description
        }

        static func bare(_ status: String) -> Verdict {
            Verdict(
                status: status, kind: nil, name: nil, issued_on: nil, municipality: nil, number: nil, revoked_at: nil)
        }
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("verify") { request, context in
            if let typed = request.query("code") {
                guard let code = ShortCode.normalized(typed) else {
                    return render(request, context, verdict: nil, error: AppError.invalid("code", "verify_code_format"))
                }
                return .redirect("/verify/\(code)")
            }
            return render(request, context, verdict: nil, error: nil)
        }
        router.get("verify/:code") { request, context in
            let code = ShortCode.normalized(context.parameters.get("code") ?? "")
            let document =
                try await code.asyncMap { try await ExtractStore(env.database.sql).document(code: $0) } ?? nil
            let json = request.headers[.accept]?.contains("application/json") == true
            return try respond(request, context, verdict: try await checked(document, count: json))
        }
        router.post("verify") { request, context in try await upload(request, context) }
        // The same check for programs: the PDF is the body.
        router.post("api/v1/verify") { request, _ in
            var request = request
            let pdf = Data(buffer: try await request.collectBody(upTo: Self.uploadLimit))
            guard pdf.starts(with: Data("%PDF-".utf8)) else { throw AppError.invalid("document", "verify_choose_file") }
            return try Response.json(try await verdict(pdf: pdf))
        }
        router.get(".well-known/zavicaj-keys.json") { _, _ in try await keys() }
    }

    /// The verdict on a document found (or not), looking for later entries on its record; `count` the
    /// check when someone asked for it (a program's JSON, an uploaded PDF), not when a page was only
    /// opened: link previews and scanners open the QR link too.
    func checked(_ document: IssuedDocument?, count: Bool) async throws -> Verdict {
        guard let document else { return .bare("unknown") }
        let store = ExtractStore(env.database.sql)
        if count { try await store.countVerification(document.id, at: env.clock.now()) }
        let summary = ExtractContent.publicSummary(document.content)
        var verdict = Verdict(
            status: document.revokedAt == nil ? "valid" : "revoked", kind: summary["kind"], name: summary["name"],
            issued_on: summary["issued_on"], municipality: summary["municipality"], number: summary["number"],
            revoked_at: document.revokedAt.map(Timestamp.text))
        let change: Date?
        if document.keptAt == nil {
            change = try await store.firstChange(of: document.entryID, after: document.entryVersion)
        } else {
            // The record is kept by another deployment: only it can say whether it has a later entry.
            do {
                guard let deployments = deployments() else { throw AppError.notFound }
                change = try await deployments.firstChange(of: document, env: env)
            } catch {
                verdict.record = "unchecked"
                verdict.verifications = document.verifications + (count ? 1 : 0)
                return verdict
            }
        }
        verdict.dated(change, today: env.clock.now())
        verdict.verifications = document.verifications + (count ? 1 : 0)
        return verdict
    }

    /// A PDF is valid when its seal holds for its embedded content under a published key and
    /// the document it names is on record and not revoked.
    func upload(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let upload = try await MultipartForm.read(request, limit: Self.uploadLimit)
        guard let file = upload.files.first(where: { !$0.data.isEmpty }) else {
            return render(request, context, verdict: nil, error: AppError.invalid("document", "verify_choose_file"))
        }
        return try respond(request, context, verdict: try await verdict(pdf: file.data))
    }

    /// A PDF's verdict: its seal under a published key, then the document it names on record; or,
    /// sealed by a trusted peer from a record kept here, the peer's word on it and the record's state.
    func verdict(pdf: Data) async throws -> Verdict {
        let keys = try await KeyRing(env.database.sql, clock: env.clock).publicKeys()
        switch DocumentContent.check(pdf: pdf, keys: keys) {
        case .unsealed:
            return .bare("invalid")
        case .invalid:
            return try await issuedElsewhere(pdf, ownKeys: keys)
        case .valid(let fields):
            let document = try await ExtractStore(env.database.sql).document(number: fields["document.number"] ?? "")
            guard let document, document.content == fields else { return .bare("unknown") }
            // The keeper's seal of the record, checked again under its keys pinned here.
            if let keeper = document.keptAt, let deployments = deployments(),
                DocumentContent.recordHolds(fields, keys: try await deployments.keys(of: keeper, env: env)) == false
            {
                return .bare("invalid")
            }
            return try await checked(document, count: true)
        }
    }

    /// A document another deployment issued from a record kept here: valid when a trusted peer's key
    /// sealed it, our own key sealed the record it carries, and the issuer says it stands.
    func issuedElsewhere(_ pdf: Data, ownKeys: [String: Curve25519.Signing.PublicKey]) async throws -> Verdict {
        let claimed = DocumentContent.fields(from: PDFDocument.infoStrings(in: pdf)[DocumentContent.contentKey] ?? "")
        guard let deployments = deployments(), let verifyURL = claimed["document.verify_url"],
            let issuer = verifyURL.range(of: "/verify/", options: .backwards).map({
                String(verifyURL[..<$0.lowerBound])
            }),
            case .valid(let fields) = DocumentContent.check(
                pdf: pdf, keys: try await deployments.keys(of: issuer, env: env)),
            DocumentContent.recordHolds(fields, keys: ownKeys) == true
        else { return .bare("invalid") }
        guard let standing = try? await deployments.standing(of: verifyURL, env: env),
            ["valid", "revoked"].contains(standing.status)
        else { return .bare("unknown") }
        let summary = ExtractContent.publicSummary(fields)
        var verdict = Verdict(
            status: standing.status, kind: summary["kind"], name: summary["name"], issued_on: summary["issued_on"],
            municipality: summary["municipality"], number: summary["number"], revoked_at: standing.revokedAt)
        let change = try await ExtractStore(env.database.sql).firstChange(
            of: fields["record.entry"] ?? "", after: Int(fields["record.version"] ?? "") ?? 0)
        verdict.dated(change, today: env.clock.now())
        return verdict
    }

    func respond(_ request: Request, _ context: AppRequestContext, verdict: Verdict) throws -> Response {
        if request.headers[.accept]?.contains("application/json") == true { return try Response.json(verdict) }
        return render(request, context, verdict: verdict, error: nil)
    }

    func render(_ request: Request, _ context: AppRequestContext, verdict: Verdict?, error: AppError?) -> Response {
        let c = env.catalogs[context.language]
        var result: VerifyPage.Result?
        if let verdict {
            var shown: VerifyPage.Shown?
            var record: String?
            if verdict.status == "valid" || verdict.status == "revoked" {
                shown = .init(
                    kind: c.text("extract_kind_\(verdict.kind ?? "")"), name: verdict.name ?? "",
                    issuedOn: verdict.issued_on ?? "", municipality: verdict.municipality ?? "",
                    number: verdict.number ?? "")
                if let state = verdict.record {
                    record = c.text(
                        "verify_record_\(state)", ["date": verdict.as_of.map(ExtractContent.localDate) ?? ""])
                }
            }
            result = .init(
                status: verdict.status, verdict: c.text("verify_\(verdict.status)"),
                explanation: c.text("verify_\(verdict.status)_explanation"), shown: shown, record: record,
                recordCurrent: verdict.record == "current")
        }
        let page = VerifyPage(
            title: c.text("verify_title"),
            offline: c.text("verify_offline", ["command": "zavicaj verify document.pdf"]),
            proves: c.text("verify_seal_proves"), result: result, errors: FormErrors(error, catalog: c))
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func keys() async throws -> Response {
        let rows = try await env.database.sql.raw(
            """
            SELECT id, public_key, created_at, retired_at, endorsed_by, endorsement FROM signing_keys \
            ORDER BY created_at
            """
        ).rows(PublishedKey.self)
        let keys = rows.map { row -> [String: Any] in
            var key: [String: Any] = [
                "kid": row.id, "alg": "Ed25519", "public_key": row.publicKey, "created_at": row.createdAt,
            ]
            if let retired = row.retiredAt { key["retired_at"] = retired }
            // The key it replaced signed its public key: peers that pinned that one follow the rotation.
            if let by = row.endorsedBy, let endorsement = row.endorsement {
                key["endorsed_by"] = by; key["endorsement"] = endorsement
            }
            return key
        }
        return try Response.jsonObject(
            [
                "keys": keys,
                "canonical_form": "UTF-8 NFC lines name=value sorted by name, joined by LF; signature over those bytes",
                "pdf_info_keys": [DocumentContent.contentKey, DocumentContent.sealKey],
            ],
            headers: [.cacheControl: "public, max-age=300"])
    }
}

/// A signing key as `/verify/keys.json` publishes it.
private struct PublishedKey: Decodable {
    let id: String, publicKey: String, createdAt: String, retiredAt: String?, endorsedBy: String?, endorsement: String?
}

/// Checking a document by its code or file, and the answer (`verify`).
struct VerifyPage: PageView {
    static let template = "verify"
    struct Shown: Sendable { let kind: String, name: String, issuedOn: String, municipality: String, number: String }
    struct Result: Sendable {
        let status: String, verdict: String, explanation: String
        let shown: Shown?
        let record: String?
        let recordCurrent: Bool
    }
    let title: String, offline: String, proves: String
    let result: Result?
    let errors: FormErrors
}
