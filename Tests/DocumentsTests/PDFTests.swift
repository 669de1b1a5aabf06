import Documents
import Foundation
import TestSupport
import Testing

/// PDFs checked by independent tools: qpdf (structure), pdftotext (text with diacritics and
/// Cyrillic), zbarimg (the QR code, after pdftoppm renders the page).
@Suite struct PDFTests {
    static let lines = [
        "IZVOD IZ MATIČNE KNJIGE ROĐENIH", "Prezime i ime: Hadžić Đurđa Šćepanović Žana",
        "ИЗВОД ИЗ МАТИЧНЕ КЊИГЕ РОЂЕНИХ — Љубушки, Ђурђевдан", "bez roka važenja",
    ]

    static func sample() throws -> Data {
        var page = PDFDocument.Page()
        for (index, line) in lines.enumerated() { page.text(line, x: 56, y: 780 - Double(index) * 24, size: 12) }
        page.line(from: (56, 680), to: (539, 680))
        page.qr(try QRCode("https://zavicaj.test/verify/ABCD-EFGH"), x: 56, y: 480, side: 160)
        var document = PDFDocument(font: Fonts.dejaVuSans)
        document.pages = [page]
        document.info = ["Title": "Izvod — Ђурђевдан", "Producer": "Zavičaj"]
        return document.render()
    }

    static func write(_ data: Data) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("zavicaj-\(UUID().uuidString).pdf")
            .path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func pdfIsSmall() throws {
        let pdf = try Self.sample()
        #expect(pdf.count < 100_000, "\(pdf.count) bytes")
    }

    @Test(.needs(.qpdf)) func pdfPassesQpdf() throws {
        let (status, output) = try Tools.run(try Tools.path(.qpdf), ["--check", try Self.write(try Self.sample())])
        #expect(status == 0, "\(output)")
        #expect(output.contains("No syntax or stream encoding errors"))
    }

    @Test(.needs(.pdftotext)) func textComesBackWithDiacriticsAndCyrillic() throws {
        let pdftotext = try Tools.path(.pdftotext)
        let path = try Self.write(try Self.sample())
        let (status, output) = try Tools.run(pdftotext, ["-enc", "UTF-8", path, "-"])
        #expect(status == 0)
        for line in Self.lines { #expect(output.contains(line), "\(line) in \(output)") }
    }

    @Test(.needs(.pdftoppm, .zbarimg)) func qrCodeDecodesFromTheRenderedPage() throws {
        let pdftoppm = try Tools.path(.pdftoppm), zbarimg = try Tools.path(.zbarimg)
        let path = try Self.write(try Self.sample())
        let image = path + "-page"
        #expect(try Tools.run(pdftoppm, ["-r", "150", "-png", "-singlefile", path, image]).status == 0)
        let (status, output) = try Tools.run(zbarimg, ["--quiet", "--raw", image + ".png"], keepErrors: false)
        #expect(status == 0)
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "https://zavicaj.test/verify/ABCD-EFGH")
    }

    @Test func subsetKeepsOnlyTheGlyphsUsed() throws {
        let font = Fonts.dejaVuSans
        let glyphs = "Đurđa".unicodeScalars.map { font.glyph(for: $0) }
        #expect(!glyphs.contains(0), "DejaVu has every letter")
        let (subset, mapping) = font.subset(glyphs)
        #expect(Set(mapping.values) == Set(0..<mapping.count), "renumbered without gaps")
        #expect(subset.count < 10_000)
        // The table directory lists the tables a PDF viewer needs, and maxp counts the kept glyphs.
        let bytes = [UInt8](subset)
        let u16 = { (at: Int) in Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
        let tags = (0..<u16(4)).map { String(decoding: bytes[12 + $0 * 16..<16 + $0 * 16], as: UTF8.self) }
        #expect(tags == ["glyf", "head", "hhea", "hmtx", "loca", "maxp", "post"])
        let maxp = tags.firstIndex(of: "maxp")!
        let offset = u16(12 + maxp * 16 + 8) << 16 | u16(12 + maxp * 16 + 10)
        #expect(u16(offset + 4) == mapping.count)
    }
}
