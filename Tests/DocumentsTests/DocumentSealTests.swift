import Crypto
import Documents
import Foundation
import Testing

/// Ed25519 seals: inside the PDF, checked from the file alone, broken by any change, and
/// still valid after the signing key is rotated.
@Suite struct DocumentSealTests {
    static let fields = [
        "number": "JAJ-E-2026-000042", "type": "birth_extract", "name": "Đurđa Hadžić",
        "issued": "2026-11-25", "municipality": "Općina Jajce", "note": "bez roka važenja",
    ]

    @Test func aSealedPDFVerifiesFromTheFileAloneAndAnyChangeBreaksIt() throws {
        let old = SigningKey.generate(id: "2026-01"), current = SigningKey.generate(id: "2026-11")
        let seal = try DocumentSeal.sign(Self.fields, with: old)
        var page = PDFDocument.Page()
        page.text(Self.fields["name"]!, x: 56, y: 780, size: 12)
        var document = PDFDocument(font: Fonts.dejaVuSans)
        document.pages = [page]
        document.info = Self.fields.reduce(into: ["ZavicajSeal": seal.text]) { $0["Zavicaj_" + $1.key] = $1.value }
        let pdf = document.render()

        let info = PDFDocument.infoStrings(in: pdf)
        let read = try #require(info["ZavicajSeal"].flatMap(DocumentSeal.init(text:)))
        let content = info.filter { $0.key.hasPrefix("Zavicaj_") }.reduce(into: [String: String]()) {
            $0[String($1.key.dropFirst(8))] = $1.value
        }
        #expect(content == Self.fields)
        // Rotation: the published set holds both keys; a document signed with the old one still verifies.
        let published = [old.id: old.publicKey, current.id: current.publicKey]
        #expect(read.verifies(content, keys: published))
        #expect(!read.verifies(content, keys: [current.id: current.publicKey]), "an unpublished key verifies nothing")
        var changed = content
        changed["name"] = "Đurđa Hadzić"
        #expect(!read.verifies(changed, keys: published))
        #expect(
            !read.verifies(
                content.merging(["note": "bez roka važenja\nnumber=JAJ-E-2026-000043"]) { $1 }, keys: published))
    }

    @Test func canonicalFormIsOrderFreeAndUnicodeNormalized() {
        let composed = DocumentSeal.canonical(["b": "Đ", "a": "č"])
        let decomposed = DocumentSeal.canonical(["a": "c\u{30C}", "b": "Đ"])
        #expect(composed == decomposed)
        #expect(String(decoding: composed, as: UTF8.self) == "a=č\nb=Đ")
    }

    @Test func keysSurviveTheirStoredForm() throws {
        let key = SigningKey.generate(id: "k1")
        let again = try SigningKey(id: "k1", rawRepresentation: key.rawRepresentation)
        let seal = try DocumentSeal.sign(Self.fields, with: again)
        #expect(seal.verifies(Self.fields, keys: ["k1": key.publicKey]))
        #expect(DocumentSeal(text: seal.text) == seal)
    }
}
