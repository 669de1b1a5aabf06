import Documents
import Foundation
import Platform
import SQLKit

/// A document as issued: its signed content, the PDF, and whether it was revoked.
public struct IssuedDocument: Sendable, Decodable {
    public let id: String
    public let number: String
    public let code: String
    public let requestID: String?
    public let municipalityID: String
    public let keeperID: String
    public let entryID: String
    public let entryVersion: Int
    public let kind: ExtractKind
    public let language: Language
    @DocumentFields public var content: [String: String]
    public let seal: String
    @Base64Column public var pdf: Data
    @Instant public var issuedAt: Date
    public let issuedBy: String
    @OptionalInstant public var revokedAt: Date?
    public var revocationReason: String?
    /// How many times anyone verified it (by code, QR or upload).
    public var verifications = 0
}

/// SQL for requests, documents and fees.
public struct ExtractStore: Sendable {
    let db: any SQLDatabase
    public init(_ db: any SQLDatabase) { self.db = db }

    /// The next number of a series (`request`, `document`) for the municipality and year; inside
    /// the writing transaction, so a rolled-back request gives its number back.
    func next(_ series: String, municipalityID: String, year: Int) async throws -> Int {
        let row = try await db.raw(
            """
            INSERT INTO extract_sequences (municipality_id, year, series, last) VALUES (\(bind: municipalityID), \
            \(bind: year), \(bind: series), 1)
            ON CONFLICT (municipality_id, year, series) DO UPDATE SET last = extract_sequences.last + 1
            RETURNING last
            """
        ).value("last", as: Int.self)
        return row!
    }

    // MARK: Requests

    public func insert(_ r: ExtractRequest, duplicateKey: String) async throws {
        try await db.raw(
            .insert(
                into: "extract_requests",
                columns: [
                    "id", "municipality_id", "number", "requester_id", "requester_name", "requester_email", "kind",
                    "relation", "subject",
                    "duplicate_key", "purpose", "copies", "language", "delivery", "postal_address", "payment",
                    "payment_reference", "fee_fening",
                    "status", "submitted_at", "relationship", "fee_document_fening", "fee_postage_fening",
                ],
                rows: [
                    [
                        r.id, r.municipalityID, r.number, r.requesterID, r.requesterName, r.requesterEmail,
                        r.kind.rawValue, r.relation.rawValue,
                        Self.json(r.subject), duplicateKey, r.purpose, r.copies, r.language.rawValue,
                        r.delivery.rawValue, r.postalAddress,
                        r.payment.rawValue, r.paymentReference, r.feeFening, r.status.rawValue,
                        Timestamp.text(r.submittedAt), r.relationship,
                        r.feeDocumentFening, r.feePostageFening,
                    ]
                ])
        ).run()
    }

    public func waiting(requesterID: String, duplicateKey: String) async throws -> Bool {
        try await db.raw(
            """
            SELECT id FROM extract_requests WHERE requester_id = \(bind: requesterID) AND duplicate_key = \
            \(bind: duplicateKey) AND status = 'received'
            """
        ).first() != nil
    }

    /// By its human number (`JAJ-M-2026-000001`) or its id.
    public func request(_ key: String) async throws -> ExtractRequest? {
        try await db.raw("SELECT * FROM extract_requests WHERE number = \(bind: key.uppercased()) OR id = \(bind: key)")
            .row(ExtractRequest.self)
    }

    /// A municipality's requests, oldest waiting first; `status` nil for all.
    public func queue(_ municipalityID: String, status: ExtractStatus?, limit: Int = 200) async throws
        -> [ExtractRequest]
    {
        var query = SQLQueryString("SELECT * FROM extract_requests WHERE municipality_id = \(bind: municipalityID)")
        query.appendFilters([("status =", status?.rawValue)])
        query.appendInterpolation(unsafeRaw: " ORDER BY submitted_at, id LIMIT \(limit)")
        return try await db.raw(query).rows(ExtractRequest.self)
    }

    public func requests(of requesterID: String) async throws -> [ExtractRequest] {
        try await db.raw(
            "SELECT * FROM extract_requests WHERE requester_id = \(bind: requesterID) ORDER BY submitted_at DESC, id"
        )
        .rows(ExtractRequest.self)
    }

    /// Records the decision once: a request already decided is left as it is (returns false).
    public func decide(
        _ id: String, status: ExtractStatus, reason: String?, note: String?, documentNumber: String?,
        by accountID: String, at now: Date
    ) async throws -> Bool {
        let rows = try await db.raw(
            """
            UPDATE extract_requests SET status = \(bind: status.rawValue), rejection_reason = \(bind: reason), \
            rejection_note = \(bind: note),
              document_number = \(bind: documentNumber), decided_at = \(bind: Timestamp.text(now)), decided_by = \
            \(bind: accountID)
            WHERE id = \(bind: id) AND status = 'received' RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    /// The registrar asks for proof (status waiting_proof), or the requester's proof puts it back in the queue.
    public func setProof(_ id: String, note: String?, from: ExtractStatus, to: ExtractStatus) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE extract_requests SET status = \(bind: to.rawValue), proof_note = \(bind: note)
            WHERE id = \(bind: id) AND status = \(bind: from.rawValue) RETURNING id
            """
        ).all()).isEmpty
    }

    public func setIssueNote(_ id: String, _ note: String) async throws {
        try await db.raw("UPDATE extract_requests SET issue_note = \(bind: note) WHERE id = \(bind: id)").run()
    }

    /// Records the first printed copy (for a wet signature and stamp); later prints keep the first time.
    public func printed(_ id: String, by accountID: String, at now: Date) async throws {
        try await db.raw(
            """
            UPDATE extract_requests SET printed_at = \(bind: Timestamp.text(now)), printed_by = \(bind: accountID)
            WHERE id = \(bind: id) AND printed_at IS NULL
            """
        ).run()
    }

    public func dispatch(_ id: String, trackingNumber: String, at now: Date) async throws {
        try await db.raw(
            """
            UPDATE extract_requests SET tracking_number = \(bind: trackingNumber), dispatched_at = \
            \(bind: Timestamp.text(now)) WHERE id = \(bind: id)
            """
        ).run()
    }

    // MARK: Files (proofs, powers of attorney, foreign documents)

    public func attach(_ file: CheckedAttachment, to ownerID: String, role: String, at now: Date) async throws {
        try await db.raw(
            .insert(
                into: "registry_files",
                columns: ["id", "owner_id", "role", "filename", "content_type", "data", "uploaded_at"],
                rows: [
                    [
                        Random.id(), ownerID, role, file.filename, file.kind.contentType,
                        file.data.base64EncodedString(),
                        Timestamp.text(now),
                    ]
                ])
        ).run()
    }

    public struct FileInfo: Sendable, Decodable {
        public let id: String, role: String, filename: String, contentType: String
    }

    public func files(of ownerID: String) async throws -> [FileInfo] {
        try await db.raw(
            """
            SELECT id, role, filename, content_type FROM registry_files WHERE owner_id = \(bind: ownerID) ORDER BY \
            uploaded_at, id
            """
        ).rows(FileInfo.self)
    }

    public struct StoredFile: Sendable, Decodable {
        public let filename: String, contentType: String
        @Base64Column public var data: Data
    }

    public func file(_ id: String, of ownerID: String) async throws -> StoredFile? {
        try await db.raw("SELECT * FROM registry_files WHERE id = \(bind: id) AND owner_id = \(bind: ownerID)")
            .row(StoredFile.self)
    }

    /// Who holds a valid document drawn from the entry: the requester's mail, language and the document number.
    public func insert(_ d: IssuedDocument) async throws {
        try await db.raw(
            .insert(
                into: "issued_documents",
                columns: [
                    "id", "number", "code", "request_id", "municipality_id", "keeper_id", "entry_id", "entry_version",
                    "kind", "language",
                    "content", "seal", "pdf", "issued_at", "issued_by",
                ],
                rows: [
                    [
                        d.id, d.number, d.code, d.requestID, d.municipalityID, d.keeperID, d.entryID, d.entryVersion,
                        d.kind.rawValue,
                        d.language.rawValue, String(decoding: DocumentContent.text(d.content), as: UTF8.self), d.seal,
                        d.pdf.base64EncodedString(),
                        Timestamp.text(d.issuedAt), d.issuedBy,
                    ]
                ])
        ).run()
    }

    public func document(number: String) async throws -> IssuedDocument? {
        try await db.raw("SELECT * FROM issued_documents WHERE number = \(bind: number.uppercased())")
            .row(IssuedDocument.self)
    }

    public func document(code: String) async throws -> IssuedDocument? {
        try await db.raw("SELECT * FROM issued_documents WHERE code = \(bind: code)").row(IssuedDocument.self)
    }

    public func documents(ofRequest id: String) async throws -> [IssuedDocument] {
        try await db.raw("SELECT * FROM issued_documents WHERE request_id = \(bind: id) ORDER BY issued_at")
            .rows(IssuedDocument.self)
    }

    public func revoke(_ id: String, reason: String, by accountID: String, at now: Date) async throws -> Bool {
        let rows = try await db.raw(
            """
            UPDATE issued_documents SET revoked_at = \(bind: Timestamp.text(now)), revocation_reason = \
            \(bind: reason), revoked_by = \(bind: accountID)
            WHERE id = \(bind: id) AND revoked_at IS NULL RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    /// Counts one verification of the document; who verified is not kept.
    public func countVerification(_ id: String, at now: Date) async throws {
        try await db.raw(
            """
            UPDATE issued_documents SET verifications = verifications + 1, last_verified_at = \
            \(bind: Timestamp.text(now)) WHERE id = \(bind: id)
            """
        ).run()
    }

    /// The newest version of an entry, to tell whether a document drawn from an older one is still current.
    /// When the entry first changed after `version` (the version a document was drawn from), if it has.
    public func firstChange(of entryID: String, after version: Int) async throws -> Date? {
        try await db.raw(
            """
            SELECT recorded_at FROM registry_versions WHERE entry_id = \(bind: entryID) AND version > \(bind: version) \
            ORDER BY version LIMIT 1
            """
        ).row(Change.self)?.recordedAt
    }

    private struct Change: Decodable { @Instant var recordedAt: Date }

    /// Who holds a valid document drawn from the entry: the requester's mail, language and the document number.
    public struct Holder: Sendable, Decodable {
        public let number: String, municipalityID: String, accountID: String?, email: String, name: String
        enum CodingKeys: String, CodingKey {
            case number, municipalityID, accountID = "requesterID", email = "requesterEmail", name = "requesterName"
        }
    }

    public func holders(of entryID: String) async throws -> [Holder] {
        try await db.raw(
            """
            SELECT r.requester_email, r.requester_name, r.requester_id, d.number, d.municipality_id FROM \
            issued_documents d
            JOIN extract_requests r ON r.id = d.request_id
            WHERE d.entry_id = \(bind: entryID) AND d.revoked_at IS NULL AND r.requester_email <> ''
            """
        ).rows(Holder.self)
    }

    // MARK: Fees

    public func fees(_ municipalityID: String) async throws -> ExtractFees {
        var fees = ExtractFees.standard
        for row in try await db.raw(
            "SELECT item, fee_fening FROM extract_fees WHERE municipality_id = \(bind: municipalityID)"
        ).rows(FeeRow.self) {
            let (item, fee) = (row.item, row.feeFening)
            if let kind = ExtractKind(rawValue: item) {
                fees.byKind[kind] = fee
            } else if item == "postage" {
                fees.postage = fee
            } else if item.hasPrefix("rate_") {
                fees.rates[item.dropFirst(5).uppercased()] = fee
            } else if item == "ciec_capped" {
                fees.ciecCapped = fee == 1
            }
        }
        return fees
    }

    private struct FeeRow: Decodable { let item: String, feeFening: Int }

    public func save(_ fees: ExtractFees, for municipalityID: String) async throws {
        try await db.raw("DELETE FROM extract_fees WHERE municipality_id = \(bind: municipalityID)").run()
        let rows: [[any Encodable & Sendable]] =
            fees.byKind.sorted { $0.key.rawValue < $1.key.rawValue }.map {
                [municipalityID, $0.key.rawValue, $0.value]
            }
            + [[municipalityID, "postage", fees.postage], [municipalityID, "ciec_capped", fees.ciecCapped ? 1 : 0]]
            + fees.rates.sorted { $0.key < $1.key }.map { [municipalityID, "rate_\($0.key.lowercased())", $0.value] }
        try await db.raw(.insert(into: "extract_fees", columns: ["municipality_id", "item", "fee_fening"], rows: rows))
            .run()
    }

    public func paymentAccount(_ municipalityID: String) async throws -> PaymentAccount? {
        try await db.raw(
            "SELECT * FROM extract_payment_accounts WHERE municipality_id = \(bind: municipalityID)"
        ).row(PaymentAccount.self)
    }

    func save(_ account: PaymentAccount?, for municipalityID: String) async throws {
        try await db.raw("DELETE FROM extract_payment_accounts WHERE municipality_id = \(bind: municipalityID)").run()
        guard let a = account else { return }
        try await db.raw(
            """
            INSERT INTO extract_payment_accounts (municipality_id, recipient, iban, swift, reference)
            VALUES (\(bind: municipalityID), \(bind: a.recipient), \(bind: a.iban), \(bind: a.swift), \
            \(bind: a.reference))
            """
        ).run()
    }

    // MARK: Rows

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// A document's printed fields, stored as `key=value` lines (`DocumentContent.text`).
@propertyWrapper
public struct DocumentFields: Decodable, Sendable {
    public var wrappedValue: [String: String]
    public init(wrappedValue: [String: String]) { self.wrappedValue = wrappedValue }
    public init(from decoder: any Decoder) throws {
        wrappedValue = DocumentContent.fields(from: try decoder.singleValueContainer().decode(String.self))
    }
}
