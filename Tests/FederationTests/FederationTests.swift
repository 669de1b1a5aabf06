import AsyncHTTPClient
import CivilRegistry
import Documents
import Federation
import Foundation
import NIOHTTP1
import Platform
import TestSupport
import Testing

/// Two deployments, each with its own server and database, exchanging signed registry look-ups:
/// trust and grants, the answer and both logs, then every way a message must be refused.
@Suite struct FederationTests {
    /// Kakanj (deployment A) trusts Jajce's deployment (B) and the other way round; a registrar in A
    /// searches and reads a birth entry kept in B.
    @Test(arguments: Backend.all) func aRegistrarFindsAnEntryKeptByAnotherDeploymentWithinWhatItGranted(
        _ backend: Backend
    ) async throws {
        let (a, b) = (try await Deployment.start(backend), try await Deployment.start(backend))
        defer {
            Task {
                await a.stop(); await b.stop()
            }
        }
        let (peerB, peerA) = try await connect(a, b)
        let registrar = try await a.token(.registrar, "kakanj")
        let (entryID, jmbg) = try await birthEntry(in: b, slug: "jajce")
        let search = "/api/v1/kakanj/federation/peers/\(peerB)/search?jmbg=\(jmbg)&purpose=KAK-2026-000042"

        // None by default: B answers, but from no book.
        var answer = try await a.call(.GET, search, token: registrar)
        #expect(answer.status == 200)
        #expect((answer.json["entries"] as? [Any])?.isEmpty == true)

        // Jajce's municipal admin opens its births to A for searching only.
        let admin = try await b.token(.municipalAdmin, "jajce")
        answer = try await b.call(
            .POST, "/api/v1/jajce/federation/grants/\(peerA)", token: admin,
            json: ["grants": [["book": "births", "permission": "search"]]])
        #expect(answer.status == 200)
        answer = try await a.call(.GET, search, token: registrar)
        let entries = answer.json["entries"] as? [[String: Any]] ?? []
        #expect(entries.count == 1 && entries.first?["id"] as? String == entryID)
        #expect((entries.first?["fields"] as? [String: String])?["jmbg"] == jmbg)

        // Jajce's grant opens Jajce's books only: another municipality on B keeps its own closed.
        let other = try await birthEntry(in: b, slug: "kljuc")
        answer = try await a.call(
            .GET, "/api/v1/kakanj/federation/peers/\(peerB)/search?jmbg=\(other.jmbg)&purpose=x", token: registrar)
        #expect(answer.status == 200 && (answer.json["entries"] as? [Any])?.isEmpty == true)

        // Reading it to issue needs the issue grant; until then it is as if it were not there.
        let read = "/api/v1/kakanj/federation/peers/\(peerB)/entries/\(entryID)?purpose=KAK-2026-000042"
        #expect(try await a.call(.GET, read, token: registrar).status == 404)
        _ = try await b.call(
            .POST, "/api/v1/jajce/federation/grants/\(peerA)", token: admin,
            json: ["grants": [["book": "births", "permission": "search"], ["book": "births", "permission": "issue"]]])
        answer = try await a.call(.GET, read, token: registrar)
        #expect(answer.status == 200)
        let sealed = answer.json["sealed"] as? [String: String] ?? [:]
        let seal = try #require(DocumentSeal(text: answer.json["seal"] as? String ?? ""))
        let keysB = try await KeyRing(b.env.database.sql, clock: b.env.clock).publicKeys()
        #expect(seal.verifies(sealed, keys: keysB))
        // Everything an extract needs: each version as sealed (its later entries), and whose law decides the form.
        let kept = try #require(try await RegistryStore(b.env.database.sql).entry(entryID))
        let history = answer.json["history"] as? [[String: Any]] ?? []
        #expect(history.count == kept.versions.count && history.count >= 1)
        for version in history {
            let seal = DocumentSeal(text: version["seal"] as? String ?? "")
            #expect(seal?.verifies(version["sealed"] as? [String: String] ?? [:], keys: keysB) == true)
        }
        let jajce = try #require(try await b.env.municipalities.all().first { $0.slug == "jajce" })
        let keeper = answer.json["keeper"] as? [String: Any] ?? [:]
        #expect(
            keeper["entity"] as? String == jajce.entity.rawValue
                && keeper["canton"] as? String == jajce.canton?.rawValue)
        #expect((keeper["names"] as? [String: String])?["bs"] == jajce.names[.bs])

        // A request without a purpose is not sent at all.
        let before = try await a.count("federation_messages")
        answer = try await a.call(
            .GET, "/api/v1/kakanj/federation/peers/\(peerB)/search?jmbg=\(jmbg)", token: registrar)
        #expect(answer.status == 422 && answer.code == "federation_purpose")
        #expect(try await a.count("federation_messages") == before)

        // B's audit log says who read its book, from where, and why; both sides logged every exchange.
        #expect(
            try await b.count(
                "audit_log",
                "action = 'registry.entry.read' AND object_id = '\(entryID)' AND detail LIKE '%KAK-2026-000042%'") == 1)
        #expect(try await b.count("audit_log", "action = 'registry.entry.found' AND actor_email LIKE 'peer:%'") >= 1)
        // B's ledger counts the record handed over to issue from, in the municipality that keeps it.
        #expect(try await b.count("ledger", "kind = 'registry_peer_read' AND source_id IS NOT NULL") == 1)
        #expect(try await a.count("federation_messages", "direction = 'out' AND status = 'answered'") == 4)
        #expect(try await a.count("federation_messages", "direction = 'out' AND status = 'refused'") == 1)
        #expect(try await b.count("federation_messages", "direction = 'in' AND status = 'answered'") == 4)
        #expect(try await b.count("federation_messages", "direction = 'in' AND status = 'refused'") == 1)

        // Each side's export checks offline: every signature and digest holds, and a changed byte is found.
        for side in [a, b] {
            let exported = try await side.call(
                .GET, "/api/v1/federation/log", token: try await side.token(.platformAdmin))
            var export = try JSONDecoder().decode(MessageExport.self, from: exported.body)
            #expect(export.messages.count == 5 && export.problems().isEmpty)
            export = try JSONDecoder().decode(
                MessageExport.self,
                from: Data(
                    String(decoding: exported.body, as: UTF8.self).replacingOccurrences(
                        of: "KAK-2026-000042", with: "KAK-2026-000043"
                    ).utf8))
            // The purpose as the log's column says it, no longer what was signed.
            #expect(export.problems().count == 4)  // the fifth had purpose "x"
        }
    }

    /// A forged signature, an altered message, a replay, a stale one, a revoked trust, a key that
    /// changed without the old key's endorsement (until an admin accepts it), a followed rotation,
    /// and a peer that is down.
    @Test(arguments: Backend.all) func everyMessageThatIsNotGenuineFreshAndTrustedIsRefused(_ backend: Backend)
        async throws
    {
        let (a, b) = (try await Deployment.start(backend), try await Deployment.start(backend))
        defer {
            Task {
                await a.stop(); await b.stop()
            }
        }
        let (peerB, peerA) = try await connect(a, b)
        let (_, jmbg) = try await birthEntry(in: b, slug: "jajce")
        let registrar = try await a.token(.registrar, "kakanj")
        let search = "/api/v1/kakanj/federation/peers/\(peerB)/search?jmbg=\(jmbg)&purpose=test"
        let keyA = try await KeyRing(a.env.database.sql, clock: a.env.clock).current()
        let request = PeerRequest(
            id: Random.id(), from: a.base, to: b.base, sent_at: Timestamp.text(a.env.clock.now()), kind: .search,
            registrar: .init(id: "r", name: "Registrar"), municipality: "kakanj", municipality_name: "Kakanj",
            purpose: "test", terms: .init(jmbg: jmbg))

        // Forged: signed by a key that is not A's, under A's key id.
        let forged = try SignedMessage.sign(request, with: SigningKey.generate(id: keyA.id))
        #expect(
            try await b.call(.POST, "/api/v1/federation/messages", raw: forged.json()).code
                == "federation_bad_signature")
        // Altered: A's genuine signature over other bytes.
        let genuine = try SignedMessage.sign(request, with: keyA)
        var bytes = genuine.payload
        bytes[bytes.count - 3] ^= 1
        let altered = SignedMessage(payload: bytes, kid: genuine.kid, signature: genuine.signature)
        #expect(
            try await b.call(.POST, "/api/v1/federation/messages", raw: altered.json()).code
                == "federation_bad_signature")
        // Genuine once; the same bytes again are a replay.
        #expect(try await b.call(.POST, "/api/v1/federation/messages", raw: genuine.json()).status == 200)
        let replay = try await b.call(.POST, "/api/v1/federation/messages", raw: genuine.json())
        #expect(replay.status == 409 && replay.code == "federation_replay")
        #expect(try await b.count("audit_log", "action = 'federation.refused'") == 3)

        // Stale: A's clock six minutes behind B's.
        b.app.clock.advance(by: 360)
        #expect(try await a.call(.GET, search, token: registrar).code == "federation_stale")
        a.app.clock.advance(by: 360)
        #expect(try await a.call(.GET, search, token: registrar).status == 200)

        // A rotates its key: the new one is endorsed by the old, and B follows without asking anyone.
        try await KeyRing(a.env.database.sql, clock: a.env.clock).rotate()
        #expect(try await a.call(.GET, search, token: registrar).status == 200)
        #expect(try await b.count("audit_log", "action = 'federation.peer.rotated'") == 1)
        let madeUp = try SignedMessage.sign(request, with: SigningKey.generate(id: "zv-made-up"))
        #expect(
            try await b.call(.POST, "/api/v1/federation/messages", raw: madeUp.json()).code
                == "federation_bad_signature")

        // A's keys replaced with none vouching for the new one (a lost database, or an impostor): refused
        // until B's admin, having compared them with A's operator, accepts them.
        // B fetches a peer's keys at most once a minute, so made-up key ids cannot make it hammer A.
        for app in [a.app, b.app] { app.clock.advance(by: 61) }
        try await a.env.database.sql.raw("DELETE FROM signing_keys").run()
        var answer = try await a.call(.GET, search, token: registrar)
        #expect(answer.status == 401 && answer.code == "federation_keys_changed")
        answer = try await a.call(.GET, search, token: registrar)
        #expect(answer.code == "federation_keys_changed")
        #expect(try await b.count("audit_log", "action = 'federation.peer.keys_changed'") == 1)
        let adminB = try await b.token(.platformAdmin)
        answer = try await b.call(.POST, "/api/v1/federation/peers/\(peerA)/accept-keys", token: adminB)
        #expect(answer.status == 200)
        #expect(try await a.call(.GET, search, token: registrar).status == 200)

        // Trust revoked on B: A's registrar is told so; restored, it works again.
        _ = try await b.call(.POST, "/api/v1/federation/peers/\(peerA)/revoke", token: adminB)
        answer = try await a.call(.GET, search, token: registrar)
        #expect(answer.status == 401 && answer.code == "federation_unknown_peer")
        _ = try await b.call(.POST, "/api/v1/federation/peers/\(peerA)/restore", token: adminB)
        #expect(try await a.call(.GET, search, token: registrar).status == 200)

        // B down: the registrar is told at once, and the request stays logged as sent, unanswered.
        await b.stop()
        answer = try await a.call(.GET, search, token: registrar)
        #expect(answer.status == 502 && answer.code == "federation_unreachable")
        #expect(try await a.count("federation_messages", "direction = 'out' AND status = 'sent'") == 1)
    }

    // MARK: Helpers

    /// Each platform admin adds the other deployment; returns (B's id at A, A's id at B).
    func connect(_ a: Deployment, _ b: Deployment) async throws -> (String, String) {
        let atA = try await a.call(
            .POST, "/api/v1/federation/peers", token: try await a.token(.platformAdmin),
            json: ["base_url": b.base + "/", "name": "Jajce"])
        let atB = try await b.call(
            .POST, "/api/v1/federation/peers", token: try await b.token(.platformAdmin),
            json: ["base_url": a.base, "name": "Kakanj"])
        #expect(atA.status == 201 && atB.status == 201, "\(atA.json) \(atB.json)")
        return (atA.json["id"] as? String ?? "", atB.json["id"] as? String ?? "")
    }

    /// A demo birth entry of `slug` with a JMBG.
    func birthEntry(in deployment: Deployment, slug: String) async throws -> (id: String, jmbg: String) {
        struct Row: Decodable { let entryID: String, jmbg: String }
        let row = try await deployment.env.database.sql.raw(
            """
            SELECT i.entry_id, i.jmbg FROM registry_index i JOIN registry_entries e ON e.id = i.entry_id \
            JOIN municipalities m ON m.id = e.municipality_id WHERE m.slug = \(bind: slug) AND e.book = 'births' \
            AND i.jmbg IS NOT NULL ORDER BY i.entry_id LIMIT 1
            """
        ).row(Row.self)
        let found = try #require(row)
        return (found.entryID, found.jmbg)
    }
}
