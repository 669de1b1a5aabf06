import Crypto
import Documents
import Federation
import Foundation
import Platform
import Testing

/// The pure rules: which fetched key sets are a rotation to follow and which a change to refuse,
/// and what a signed message proves.
@Suite struct PeerKeysTests {
    let k1 = SigningKey.generate(id: "k1"), k2 = SigningKey.generate(id: "k2"), k3 = SigningKey.generate(id: "k3")

    func published(_ key: SigningKey, endorsedBy signer: SigningKey? = nil) throws -> PeerKeys.Key {
        PeerKeys.Key(
            kid: key.id, public_key: key.publicKey.rawRepresentation.base64EncodedString(), endorsed_by: signer?.id,
            endorsement: try signer?.signature(for: key.publicKey.rawRepresentation).base64EncodedString())
    }

    @Test func aNewKeyEndorsedByAPinnedOneIsFollowedAlongTheChain() throws {
        let pinned = PeerKeys(keys: [try published(k1)])
        #expect(pinned.compare(pinned) == .same)
        let once = PeerKeys(keys: [try published(k1), try published(k2, endorsedBy: k1)])
        #expect(pinned.compare(once) == .rotated(once))
        let twice = PeerKeys(keys: once.keys + [try published(k3, endorsedBy: k2)])
        #expect(pinned.compare(twice) == .rotated(twice))
    }

    @Test func aKeyNobodyTrustedVouchesForOrAPinnedKeyChangedWaitsForAnAdmin() throws {
        let pinned = PeerKeys(keys: [try published(k1)])
        let unendorsed = PeerKeys(keys: [try published(k1), try published(k2)])
        #expect(pinned.compare(unendorsed) == .changed(unendorsed))
        let stranger = SigningKey.generate(id: "x")
        let vouchedByStranger = PeerKeys(keys: [try published(k1), try published(k2, endorsedBy: stranger)])
        #expect(pinned.compare(vouchedByStranger) == .changed(vouchedByStranger))
        // The same id with other bytes, or the pinned key gone: an impostor or a lost key, either way a person decides.
        let replaced = PeerKeys(keys: [try published(SigningKey.generate(id: "k1"))])
        #expect(pinned.compare(replaced) == .changed(replaced))
        let dropped = PeerKeys(keys: [try published(k2, endorsedBy: k1)])
        #expect(pinned.compare(dropped) == .changed(dropped))
    }

    @Test func theKeysDocumentAsADeploymentPublishesIt() throws {
        let document = """
            {"keys": [{"kid": "zv-1", "alg": "Ed25519", "public_key": "\(k1.publicKey.rawRepresentation.base64EncodedString())",
            "created_at": "2026-11-18T00:00:00Z"}], "canonical_form": "…"}
            """
        #expect(try PeerKeys.published(Data(document.utf8)).keys.map(\.kid) == ["zv-1"])
        #expect(throws: (any Error).self) { try PeerKeys.published(Data(#"{"keys": []}"#.utf8)) }
        #expect(throws: (any Error).self) {
            try PeerKeys.published(Data(#"{"keys": [{"kid": "a", "public_key": "bm90IGEga2V5"}]}"#.utf8))
        }
    }

    @Test func aSignedMessageHoldsOnlyForItsOwnBytesAndItsSigner() throws {
        struct Body: Codable { let text: String }
        let message = try SignedMessage.sign(Body(text: "zahtjev"), with: k1)
        let keys = ["k1": k1.publicKey]
        #expect(message.verifies(with: keys))
        #expect(!message.verifies(with: ["k1": k2.publicKey]))
        var altered = message.payload
        altered[altered.startIndex] ^= 1
        #expect(!SignedMessage(payload: altered, kid: "k1", signature: message.signature).verifies(with: keys))
        #expect(try SignedMessage.read(message.json()) == message)
        // FIPS 180-2, Appendix B.1: SHA-256("abc").
        #expect(
            SignedMessage.digest(Data("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func aMessageIsFreshForFiveMinutesEitherSide() {
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        func request(sentAt offset: TimeInterval) -> PeerRequest {
            PeerRequest(
                id: "1", from: "a", to: "b", sent_at: Timestamp.text(now.addingTimeInterval(offset)), kind: .search,
                registrar: .init(id: "r", name: "R"), municipality: "kakanj", municipality_name: "Kakanj",
                purpose: "p")
        }
        #expect(request(sentAt: -300).isFresh(at: now) && request(sentAt: 300).isFresh(at: now))
        #expect(!request(sentAt: -301).isFresh(at: now) && !request(sentAt: 301).isFresh(at: now))
    }

    @Test func anEntryHoldsOnlyWhenEveryVersionIsSealedByTheKeeperAsSent() throws {
        let first = ["entry": "e1", "version": "1", "field.surname": "Hodžić"]
        let second = ["entry": "e1", "version": "2", "field.surname": "Hodžić-Kovač", "annotation.kind": "marriage"]
        func version(_ sealed: [String: String], _ key: SigningKey) throws -> SharedVersion {
            SharedVersion(sealed: sealed, seal: try DocumentSeal.sign(sealed, with: key).text, recorded_by_name: "M")
        }
        var entry = SharedEntry(
            municipality: "jajce", municipality_name: "Jajce", registered_on: "2001-05-02", sealed: second,
            seal: try DocumentSeal.sign(second, with: k1).text)
        let keys = ["k1": k1.publicKey]
        #expect(entry.sealsHold(under: keys))
        entry.history = [try version(first, k1), try version(second, k1)]
        #expect(entry.sealsHold(under: keys))
        #expect(!entry.sealsHold(under: ["k1": k2.publicKey]))
        // An earlier version sealed by a key the keeper never had, or a history that ends elsewhere.
        entry.history = [try version(first, k2), try version(second, k1)]
        #expect(!entry.sealsHold(under: keys))
        entry.history = [try version(first, k1)]
        #expect(!entry.sealsHold(under: keys))
    }
}
