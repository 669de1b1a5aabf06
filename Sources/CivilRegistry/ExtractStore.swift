import Documents
import Foundation
import Platform
import SQLKit

/// A document as issued: its signed content, the PDF, and whether it was revoked.
public struct IssuedDocument: Sendable {
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
    public let content: [String: String]
    public let seal: String
    public let pdf: Data
    public let issuedAt: Date
    public let issuedBy: String
    public var revokedAt: Date?
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
        ).first()
        return try row!.decode(column: "last", as: Int.self)
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
            .first().map(Self.request)
    }

    /// A municipality's requests, oldest waiting first; `status` nil for all.
    public func queue(_ municipalityID: String, status: ExtractStatus?, limit: Int = 200) async throws
        -> [ExtractRequest]
    {
        var query = SQLQueryString("SELECT * FROM extract_requests WHERE municipality_id = \(bind: municipalityID)")
        query.appendFilters([("status =", status?.rawValue)])
        query.appendInterpolation(unsafeRaw: " ORDER BY submitted_at, id LIMIT \(limit)")
        return try await db.raw(query).all().map(Self.request)
    }

    public func requests(of requesterID: String) async throws -> [ExtractRequest] {
        try await db.raw(
            "SELECT * FROM extract_requests WHERE requester_id = \(bind: requesterID) ORDER BY submitted_at DESC, id"
        )
        .all().map(Self.request)
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

    public func files(of ownerID: String) async throws -> [(
        id: String, role: String, filename: String, contentType: String
    )] {
        try await db.raw(
            """
            SELECT id, role, filename, content_type FROM registry_files WHERE owner_id = \(bind: ownerID) ORDER BY \
            uploaded_at, id
            """
        ).all().map {
            (
                try $0.decode(column: "id", as: String.self), try $0.decode(column: "role", as: String.self),
                try $0.decode(column: "filename", as: String.self),
                try $0.decode(column: "content_type", as: String.self)
            )
        }
    }

    public func file(_ id: String, of ownerID: String) async throws -> (
        filename: String, contentType: String, data: Data
    )? {
        guard
            let row = try await db.raw(
                "SELECT * FROM registry_files WHERE id = \(bind: id) AND owner_id = \(bind: ownerID)"
            ).first()
        else { return nil }
        return (
            try row.decode(column: "filename", as: String.self),
            try row.decode(column: "content_type", as: String.self),
            Data(base64Encoded: try row.decode(column: "data", as: String.self)) ?? Data()
        )
    }

    // MARK: Documents

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
        try await db.raw("SELECT * FROM issued_documents WHERE number = \(bind: number.uppercased())").first().map(
            Self.document)
    }

    public func document(code: String) async throws -> IssuedDocument? {
        try await db.raw("SELECT * FROM issued_documents WHERE code = \(bind: code)").first().map(Self.document)
    }

    public func documents(ofRequest id: String) async throws -> [IssuedDocument] {
        try await db.raw("SELECT * FROM issued_documents WHERE request_id = \(bind: id) ORDER BY issued_at").all().map(
            Self.document)
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
    public func latestVersion(of entryID: String) async throws -> Int {
        try await db.raw("SELECT MAX(version) AS v FROM registry_versions WHERE entry_id = \(bind: entryID)").first()?
            .decode(column: "v", as: Int?.self) ?? 0
    }

    /// Who holds a valid document drawn from the entry: the requester's mail, language and the document number.
    public func holders(of entryID: String) async throws -> [(
        email: String, name: String, accountID: String?, number: String, municipalityID: String
    )] {
        try await db.raw(
            """
            SELECT r.requester_email, r.requester_name, r.requester_id, d.number, d.municipality_id FROM \
            issued_documents d
            JOIN extract_requests r ON r.id = d.request_id
            WHERE d.entry_id = \(bind: entryID) AND d.revoked_at IS NULL AND r.requester_email <> ''
            """
        ).all().map { row in
            (
                try row.decode(column: "requester_email", as: String.self),
                try row.decode(column: "requester_name", as: String.self),
                try row.decode(column: "requester_id", as: String?.self),
                try row.decode(column: "number", as: String.self),
                try row.decode(column: "municipality_id", as: String.self)
            )
        }
    }

    // MARK: Fees

    public func fees(_ municipalityID: String) async throws -> ExtractFees {
        var fees = ExtractFees.standard
        for row in try await db.raw(
            "SELECT item, fee_fening FROM extract_fees WHERE municipality_id = \(bind: municipalityID)"
        ).all() {
            let item = try row.decode(column: "item", as: String.self),
                fee = try row.decode(column: "fee_fening", as: Int.self)
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

    // MARK: Rows

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func request(_ row: any SQLRow) throws -> ExtractRequest {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        func optional(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        return ExtractRequest(
            id: try text("id"), number: try text("number"), municipalityID: try text("municipality_id"),
            requesterID: try optional("requester_id"),
            requesterName: try text("requester_name"), requesterEmail: try text("requester_email"),
            kind: ExtractKind(rawValue: try text("kind")) ?? .birth,
            relation: Relation(rawValue: try text("relation")) ?? .own, relationship: try optional("relationship"),
            subject: (try? JSONDecoder().decode(ExtractSubject.self, from: Data(try text("subject").utf8)))
                ?? ExtractSubject(givenName: "", surname: ""),
            purpose: try text("purpose"), copies: try row.decode(column: "copies", as: Int.self),
            language: Language(rawValue: try text("language")) ?? .bs,
            delivery: Delivery(rawValue: try text("delivery")) ?? .electronic,
            postalAddress: try optional("postal_address"),
            payment: Payment(rawValue: try text("payment")) ?? .office,
            paymentReference: try optional("payment_reference"),
            feeFening: try row.decode(column: "fee_fening", as: Int.self),
            feeDocumentFening: try row.decode(column: "fee_document_fening", as: Int.self),
            feePostageFening: try row.decode(column: "fee_postage_fening", as: Int.self),
            status: ExtractStatus(rawValue: try text("status")) ?? .received,
            rejectionReason: try optional("rejection_reason"), rejectionNote: try optional("rejection_note"),
            documentNumber: try optional("document_number"),
            submittedAt: Timestamp.date(try text("submitted_at")) ?? Date(timeIntervalSince1970: 0),
            decidedAt: try optional("decided_at").flatMap(Timestamp.date), decidedBy: try optional("decided_by"),
            proofNote: try optional("proof_note"), trackingNumber: try optional("tracking_number"),
            dispatchedAt: try optional("dispatched_at").flatMap(Timestamp.date), issueNote: try optional("issue_note"),
            printedAt: try optional("printed_at").flatMap(Timestamp.date), printedBy: try optional("printed_by"))
    }

    static func document(_ row: any SQLRow) throws -> IssuedDocument {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        return IssuedDocument(
            id: try text("id"), number: try text("number"), code: try text("code"),
            requestID: try row.decode(column: "request_id", as: String?.self),
            municipalityID: try text("municipality_id"), keeperID: try text("keeper_id"), entryID: try text("entry_id"),
            entryVersion: try row.decode(column: "entry_version", as: Int.self),
            kind: ExtractKind(rawValue: try text("kind")) ?? .birth,
            language: Language(rawValue: try text("language")) ?? .bs,
            content: DocumentContent.fields(from: try text("content")),
            seal: try text("seal"), pdf: Data(base64Encoded: try text("pdf")) ?? Data(),
            issuedAt: Timestamp.date(try text("issued_at")) ?? Date(timeIntervalSince1970: 0),
            issuedBy: try text("issued_by"),
            revokedAt: try row.decode(column: "revoked_at", as: String?.self).flatMap(Timestamp.date),
            revocationReason: try row.decode(column: "revocation_reason", as: String?.self),
            verifications: try row.decode(column: "verifications", as: Int.self))
    }
}
