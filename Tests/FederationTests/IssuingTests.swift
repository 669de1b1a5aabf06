import CivilRegistry
import Documents
import Foundation
import NIOHTTP1
import Platform
import TestSupport
import Testing
import ZavicajServer

/// A registrar in Kakanj's deployment (A) issues an extract from a birth entry kept by Jajce's
/// deployment (B): the document carries B's sealed record and A's seal, verifies at both and offline,
/// follows later entries at B, and nothing is issued while B is down.
@Suite struct IssuingTests {
    @Test(arguments: Backend.all) func anExtractIssuedFromAnotherDeploymentsRecordVerifiesAtBothAndFollowsTheRecord(
        _ backend: Backend
    ) async throws {
        try await Deployment.pair(backend) { a, b in try await issueAndVerify(a, b) }
    }

    func issueAndVerify(_ a: Deployment, _ b: Deployment) async throws {
        let (peerB, peerA, entryID) = try await granted(a, b)
        let registrar = try await a.token(.registrar, "kakanj")
        let number = try await waitingRequest(
            in: a,
            for: try #require(
                try await RegistryStore(b.env.database.sql)
                    .entry(entryID)))
        let issuePath = "/api/v1/kakanj/federation/peers/\(peerB)/entries/\(entryID)/issue"
        let ledgerA = try await a.count("ledger", "kind = 'ematicar_service'")

        // A request of the wrong book is refused after the read, and nothing is issued.
        let death = try await waitingRequest(in: a, for: nil, kind: "death")
        var answer = try await a.call(.POST, issuePath, token: registrar, json: ["request": death])
        #expect(answer.status == 422 && answer.code == "extract_wrong_book", "\(answer.json)")
        #expect(try await a.count("issued_documents") == 0)

        answer = try await a.call(.POST, issuePath, token: registrar, json: ["request": number, "issue_note": "Ok"])
        #expect(answer.status == 201, "\(answer.json)")
        #expect(answer.json["keeper_deployment"] as? String == b.base)
        let code = try #require(answer.json["code"] as? String)
        let document = try #require(
            try await ExtractStore(a.env.database.sql).document(number: answer.json["number"] as? String ?? ""))
        #expect(try await ExtractStore(a.env.database.sql).request(number)?.status == .issued)
        // Issued once: a second attempt (a double click, a retry after a restart) is refused before B is asked.
        answer = try await a.call(.POST, issuePath, token: registrar, json: ["request": number, "issue_note": "Ok"])
        #expect(answer.status == 409 && answer.code == "extract_already_decided")
        #expect(try await a.count("issued_documents") == 1)

        // The document: A's seal over the extract and B's seal over the record version it was drawn from.
        let keysA = try await KeyRing(a.env.database.sql, clock: a.env.clock).publicKeys()
        let keysB = try await KeyRing(b.env.database.sql, clock: b.env.clock).publicKeys()
        guard case .valid(let fields) = DocumentContent.check(pdf: document.pdf, keys: keysA) else {
            Issue.record("A's seal does not hold")
            return
        }
        #expect(fields["record.deployment"] == b.base && fields["record.entry"] == entryID)
        #expect(DocumentContent.recordHolds(fields, keys: keysB) == true)
        #expect(DocumentContent.recordHolds(fields, keys: keysA) == false, "B's record, not A's")
        var forged = fields
        forged["record.field.surname"] = "Drugačije"
        #expect(DocumentContent.recordHolds(forged, keys: keysB) == false)
        let jajce = try #require(try await b.env.municipalities.all().first { $0.slug == "jajce" })
        #expect(fields["document.keeper_id"] == jajce.id && fields["document.keeper"] == jajce.names[.bs])

        // B's ledger counts the read, A's the document; B's audit says who read and for which request.
        #expect(try await b.count("ledger", "kind = 'registry_peer_read'") == 2)
        #expect(try await a.count("ledger", "kind = 'ematicar_service'") == ledgerA + 1)
        #expect(
            try await b.count(
                "audit_log", "action = 'registry.entry.read' AND object_id = '\(entryID)' AND detail LIKE '%\(number)%'"
            )
                == 1)

        // Verified at A by its code: valid, and B says the record has no later entry.
        answer = try await verify(a, code: code)
        #expect(answer.json["status"] as? String == "valid" && answer.json["record"] as? String == "current")
        // The PDF uploaded at B: sealed by a trusted peer from B's own record, and A says it stands.
        answer = try await b.call(.POST, "/api/v1/verify", raw: document.pdf)
        #expect(answer.json["status"] as? String == "valid" && answer.json["record"] as? String == "current")
        #expect(try await a.call(.POST, "/api/v1/verify", raw: document.pdf).json["status"] as? String == "valid")

        // B enters a name change: A's living verification now says annotated, and so does B's.
        let annotation: [String: Any] = [
            "kind": "name_change", "description": "Promjena prezimena", "act": "Rješenje", "issuer": "Općina Jajce",
            "act_number": "03-13-12/26", "act_date": "2026-06-01", "fields": ["surname": "Begić"],
        ]
        answer = try await b.call(
            .POST, "/api/v1/registry/entries/\(entryID)/annotations", token: try await b.token(.registrar, "jajce"),
            json: annotation)
        #expect(answer.status == 201, "\(answer.json)")
        #expect(try await verify(a, code: code).json["record"] as? String == "annotated")
        // Each living check at A asked B, signed and audited there: by code twice, by upload at A, and
        // once for B's own upload check (B asks A, whose verdict asks B).
        #expect(try await b.count("audit_log", "action = 'registry.entry.status'") == 4)
        #expect(
            try await b.call(.POST, "/api/v1/verify", raw: document.pdf).json["record"] as? String == "annotated")

        // Revoked at A: B's verification asks A and says so.
        answer = try await a.call(
            .POST, "/api/v1/documents/\(document.number)/revoke", token: registrar, json: ["reason": "Greška"])
        #expect(answer.status == 200, "\(answer.json)")
        #expect(try await b.call(.POST, "/api/v1/verify", raw: document.pdf).json["status"] as? String == "revoked")

        // B no longer trusts A: a document sealed by A proves nothing at B.
        _ = try await b.call(
            .POST, "/api/v1/federation/peers/\(peerA)/revoke", token: try await b.token(.platformAdmin))
        #expect(try await b.call(.POST, "/api/v1/verify", raw: document.pdf).json["status"] as? String == "invalid")

        // B down: the registrar is told at once, nothing is issued, the request waits in A's queue;
        // A's living verification says it could not ask.
        await b.stop()
        let other = try await waitingRequest(in: a, for: nil)
        answer = try await a.call(.POST, issuePath, token: registrar, json: ["request": other])
        #expect(answer.status == 502 && answer.code == "federation_unreachable")
        #expect(try await ExtractStore(a.env.database.sql).request(other)?.status == .received)
        #expect(try await a.count("issued_documents") == 1)
        answer = try await verify(a, code: code)
        #expect(answer.json["status"] as? String == "revoked" && answer.json["record"] as? String == "unchecked")
    }

    /// The page a registrar uses: the peer's entry with the waiting requests of its book, and the issue.
    @Test func aRegistrarIssuesFromThePeersEntryPage() async throws {
        try await Deployment.pair(.sqlite) { a, b in
            let (peerB, _, entryID) = try await granted(a, b)
            let number = try await waitingRequest(
                in: a, for: try await RegistryStore(b.env.database.sql).entry(entryID))
            try await issueOnThePage(a, peer: peerB, entry: entryID, request: number)
        }
    }

    func issueOnThePage(_ a: Deployment, peer peerB: String, entry entryID: String, request number: String)
        async throws
    {
        try await a.browse { browser in
            try await browser.signInStaff(a.app, role: .registrar, slug: "kakanj")
            let page = try await browser.get("/kakanj/staff/federation/\(peerB)/\(entryID)?purpose=\(number)")
            #expect(
                page.status == .ok && page.body.contains("value=\"\(number)\" selected"),
                "the request searched for is offered first")
            let issued = try await browser.post(
                "/kakanj/staff/federation/\(peerB)/\(entryID)/issue",
                ["request": number, "language": "", "issue_note": "Isti podaci"])
            #expect(issued.status == .seeOther && issued.location == "/kakanj/staff/extracts/\(number)")
        }
        #expect(try await ExtractStore(a.env.database.sql).request(number)?.status == .issued)
    }

    // MARK: Helpers

    /// A and B trust each other and Jajce lets A issue from its births; (B at A, A at B, an entry of Jajce).
    func granted(_ a: Deployment, _ b: Deployment) async throws -> (String, String, String) {
        let (peerB, peerA) = try await FederationTests().connect(a, b)
        let (entryID, _) = try await FederationTests().birthEntry(in: b, slug: "jajce")
        _ = try await b.call(
            .POST, "/api/v1/jajce/federation/grants/\(peerA)", token: try await b.token(.municipalAdmin, "jajce"),
            json: ["grants": [["book": "births", "permission": "issue"]]])
        return (peerB, peerA, entryID)
    }

    /// A waiting request in Kakanj for the person of `entry` (or anyone), by a confirmed demo account.
    func waitingRequest(in a: Deployment, for entry: RegistryEntry?, kind: String = "birth") async throws -> String {
        let person = entry?.current ?? [:]
        let account = try #require(
            try await a.env.accounts.find(email: DemoData.email(role: .officer, slug: "kakanj")))
        let kakanj = try #require(try await a.env.municipalities.all().first { $0.slug == "kakanj" })
        let request = try await ExtractService(a.env).submit(
            [
                "kind": kind, "relation": kind == "death" ? "child" : "self", "birth_place": "Kakanj",
                "mother_name": "Fata", "given_name": person["given_name"] ?? "Amra",
                "surname": person["surname"] ?? "Kovač", "jmbg": person["jmbg"] ?? "",
                "birth_date": person["birth_date"] ?? "1980-01-01", "purpose": "Test", "copies": "1",
                "language": "bs", "delivery": "electronic", "payment": "office",
            ], to: kakanj, by: account,
            actor: Actor(accountID: account.id, email: account.email, clientAddress: "test"))
        return request.number
    }

    func verify(_ deployment: Deployment, code: String) async throws -> Deployment.Answer {
        try await deployment.call(.GET, "/verify/\(code)", accept: "application/json")
    }
}
