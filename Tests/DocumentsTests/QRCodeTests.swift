import Documents
import Foundation
import TestSupport
import Testing

@Suite struct QRCodeTests {
    @Test func sizeGrowsWithTheText() throws {
        #expect(try QRCode("ZAVICAJ").size == 21)
        #expect(try QRCode(String(repeating: "x", count: 100)).size == 4 * 5 + 17 + 4 * 1)  // version 6
        #expect(throws: QRCode.Failure.self) { try QRCode(String(repeating: "x", count: 300)) }
        #expect(try QRCode("x").svg(title: "a \"b\" <c>").contains("aria-label=\"a &quot;b&quot; &lt;c&gt;\""))
    }

    /// An independent decoder reads back what was encoded, across versions 1–10.
    @Test(
        .needs(.zbarimg),
        arguments: [
            "ZAVICAJ", "https://zavicaj.test/verify/ABCD-1234",
            "otpauth://totp/Zavi%C4%8Daj:registrar%40jajce.zavicaj.test?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Zavi%C4%8Daj",
            String(repeating: "Općina Ključ 0123456789 ", count: 8),
        ])
    func zbarimgDecodesIt(_ text: String) throws {
        let zbarimg = try Tools.path(.zbarimg)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).pgm")
        try QRCode(text).pgm().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Tools.run(zbarimg, ["--raw", "-q", "-Sbinary", file.path], keepErrors: false)
        #expect(result.status == 0)
        #expect(String(result.output.dropLast(result.output.hasSuffix("\n") ? 1 : 0)) == text)
    }
}
