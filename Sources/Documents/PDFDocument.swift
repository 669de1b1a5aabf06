import Crypto
import Foundation

/// A one-font PDF 1.7 writer: pages of text, lines, filled boxes and QR codes. The font is
/// embedded as a subset (CIDFontType2, Identity-H) with a ToUnicode map, so Cyrillic and
/// diacritics both print and come back out as text. Pure: no I/O.
public struct PDFDocument: Sendable {
    public static let a4 = (width: 595.28, height: 841.89)

    public struct Page: Sendable {
        var operations: [Operation] = []
        public init() {}

        /// Text with its baseline starting at (x, y), points from the bottom-left corner.
        public mutating func text(_ text: String, x: Double, y: Double, size: Double) {
            operations.append(.text(text, x: x, y: y, size: size))
        }

        public mutating func line(from: (Double, Double), to: (Double, Double), width: Double = 0.5) {
            operations.append(.line(from.0, from.1, to.0, to.1, width))
        }

        /// A QR code with its bottom-left corner at (x, y), `side` points wide, quiet zone included.
        public mutating func qr(_ code: QRCode, x: Double, y: Double, side: Double) {
            operations.append(.qr(code, x: x, y: y, side: side))
        }
    }

    enum Operation: Sendable {
        case text(String, x: Double, y: Double, size: Double)
        case line(Double, Double, Double, Double, Double)
        case qr(QRCode, x: Double, y: Double, side: Double)
    }

    public let font: TrueTypeFont
    public var pages: [Page] = []
    /// Document information (Title, Subject, …) and any custom keys a caller adds.
    public var info: [String: String] = [:]

    public init(font: TrueTypeFont) { self.font = font }

    /// The finished file.
    public func render() -> Data { render(sealing: { _ in [:] }) }

    /// The file, with information strings that may depend on the SHA-256 (hex) of every byte
    /// before the information dictionary: the pages, the font, the structure. That dictionary
    /// is written last, so a seal placed in it can cover the whole visible document.
    public func render(sealing: (_ bodyDigest: String) throws -> [String: String]) rethrows -> Data {
        let scalars = pages.flatMap(\.operations).flatMap { operation -> [Unicode.Scalar] in
            if case .text(let text, _, _, _) = operation { return Array(text.unicodeScalars) }
            return []
        }
        var byGlyph: [Int: Unicode.Scalar] = [:]
        for scalar in scalars { byGlyph[font.glyph(for: scalar)] = byGlyph[font.glyph(for: scalar)] ?? scalar }
        let (subset, newGlyph) = font.subset(byGlyph.keys.sorted())

        var writer = ObjectWriter()
        let catalog = writer.reserve(), pagesID = writer.reserve(), fontID = writer.reserve()
        let cidFont = writer.reserve(), descriptor = writer.reserve(), fontFile = writer.reserve(),
            toUnicode = writer.reserve()
        var pageIDs: [Int] = []
        for page in pages {
            let content = writer.stream(contentStream(page, newGlyph: newGlyph))
            let id = writer.add(
                """
                << /Type /Page /Parent \(pagesID) 0 R /MediaBox [0 0 \(Self.number(Self.a4.width)) \
                \(Self.number(Self.a4.height))] /Resources << /Font << /F1 \(fontID) 0 R >> >> /Contents \(content) 0 \
                R >>
                """
            )
            pageIDs.append(id)
        }
        writer.set(catalog, "<< /Type /Catalog /Pages \(pagesID) 0 R >>")
        writer.set(
            pagesID,
            "<< /Type /Pages /Kids [\(pageIDs.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(pageIDs.count) >>")
        let name = "ZVSUBS+DejaVuSans"
        writer.set(
            fontID,
            """
            << /Type /Font /Subtype /Type0 /BaseFont /\(name) /Encoding /Identity-H /DescendantFonts [\(cidFont) 0 R] \
            /ToUnicode \(toUnicode) 0 R >>
            """
        )
        let scale = { (units: Int) in units * 1000 / font.unitsPerEm }
        let widths = newGlyph.sorted { $0.value < $1.value }.map { "\($0.value) [\(scale(font.advance($0.key)))]" }
            .joined(separator: " ")
        writer.set(
            cidFont,
            """
            << /Type /Font /Subtype /CIDFontType2 /BaseFont /\(name) /CIDSystemInfo << /Registry (Adobe) /Ordering \
            (Identity) /Supplement 0 >> /FontDescriptor \(descriptor) 0 R /CIDToGIDMap /Identity /DW 600 /W \
            [\(widths)] >>
            """
        )
        writer.set(
            descriptor,
            """
            << /Type /FontDescriptor /FontName /\(name) /Flags 32 \
            /FontBBox [\(font.bbox.map { String(scale($0)) }.joined(separator: " "))] /ItalicAngle 0 \
            /Ascent \(scale(font.ascent)) /Descent \(scale(font.descent)) /CapHeight \(scale(font.ascent)) \
            /StemV 80 /FontFile2 \(fontFile) 0 R >>
            """
        )
        writer.setStream(fontFile, subset, extra: "/Length1 \(subset.count)")
        writer.setStream(
            toUnicode,
            Data(Self.toUnicode(byGlyph.compactMap { old, scalar in newGlyph[old].map { ($0, scalar) } }).utf8))
        let body = writer.prefix()
        let infoStrings = info.merging(try sealing(Hex.bytes(SHA256.hash(data: body)))) { $1 }
        let infoID = writer.add(
            "<< "
                + infoStrings.sorted { $0.key < $1.key }.map { "/\($0.key) \(Self.string($0.value))" }.joined(
                    separator: " ") + " >>")
        return writer.finish(root: catalog, info: infoID)
    }

    func contentStream(_ page: Page, newGlyph: [Int: Int]) -> Data {
        var out = ""
        for operation in page.operations {
            switch operation {
            case .text(let text, let x, let y, let size):
                let glyphs = Hex.four(
                    text.unicodeScalars.map { UInt16(truncatingIfNeeded: newGlyph[font.glyph(for: $0)] ?? 0) })
                out += "BT /F1 \(Self.number(size)) Tf \(Self.number(x)) \(Self.number(y)) Td <\(glyphs)> Tj ET\n"
            case .line(let x1, let y1, let x2, let y2, let width):
                out +=
                    """
                    \(Self.number(width)) w \(Self.number(x1)) \(Self.number(y1)) m \(Self.number(x2)) \
                    \(Self.number(y2)) l S\n
                    """
            case .qr(let code, let x, let y, let side):
                let module = side / Double(code.size + 8)
                out += "q 0 g\n"
                for (row, modules) in code.modules.enumerated() {
                    for (column, dark) in modules.enumerated() where dark {
                        let left = x + Double(column + 4) * module, bottom = y + side - Double(row + 5) * module
                        out +=
                            """
                            \(Self.number(left)) \(Self.number(bottom)) \(Self.number(module)) \(Self.number(module)) \
                            re\n
                            """
                    }
                }
                out += "f Q\n"
            }
        }
        return Data(out.utf8)
    }

    /// The CMap that turns glyph numbers back into text (what `pdftotext` reads).
    static func toUnicode(_ pairs: [(glyph: Int, scalar: Unicode.Scalar)]) -> String {
        let entries = pairs.sorted { $0.glyph < $1.glyph }.map { glyph, scalar in
            "<\(Hex.four([UInt16(truncatingIfNeeded: glyph)]))> <\(Hex.four(String(Character(scalar)).utf16))>"
        }
        var chunks: [String] = []
        for start in stride(from: 0, to: entries.count, by: 100) {
            let part = entries[start..<min(start + 100, entries.count)]
            chunks.append("\(part.count) beginbfchar\n\(part.joined(separator: "\n"))\nendbfchar")
        }
        return """
            /CIDInit /ProcSet findresource begin
            12 dict begin
            begincmap
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
            /CMapName /Adobe-Identity-UCS def
            /CMapType 2 def
            1 begincodespacerange
            <0000> <FFFF>
            endcodespacerange
            \(chunks.joined(separator: "\n"))
            endcmap
            CMapName currentdict /CMap defineresource pop
            end
            end
            """
    }

    /// A PDF text string: UTF-16BE with a byte-order mark, as hex (safe for any text).
    static func string(_ text: String) -> String {
        "<FEFF" + Hex.four(text.utf16) + ">"
    }

    static func number(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : "", magnitude = abs(hundredths)
        guard magnitude % 100 != 0 else { return sign + String(magnitude / 100) }
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// Numbers objects, remembers where each starts, and writes the cross-reference table.
struct ObjectWriter {
    var bodies: [Int: Data] = [:]
    var count = 0

    mutating func reserve() -> Int { count += 1; return count }

    mutating func set(_ id: Int, _ dictionary: String) { bodies[id] = Data(dictionary.utf8) }

    mutating func add(_ dictionary: String) -> Int {
        let id = reserve()
        set(id, dictionary)
        return id
    }

    mutating func setStream(_ id: Int, _ content: Data, extra: String = "") {
        var body = Data("<< /Length \(content.count) \(extra)>>\nstream\n".utf8)
        body.append(content)
        body.append(Data("\nendstream".utf8))
        bodies[id] = body
    }

    mutating func stream(_ content: Data) -> Int {
        let id = reserve()
        setStream(id, content)
        return id
    }

    /// The header and objects 1…count as `finish` writes them.
    func prefix(offsets: inout [Int]) -> Data {
        var out = Data("%PDF-1.7\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        for id in 1...count {
            offsets.append(out.count)
            out.append(Data("\(id) 0 obj\n".utf8))
            out.append(bodies[id] ?? Data("null".utf8))
            out.append(Data("\nendobj\n".utf8))
        }
        return out
    }

    func prefix() -> Data {
        var offsets: [Int] = []
        return prefix(offsets: &offsets)
    }

    func finish(root: Int, info: Int) -> Data {
        var offsets: [Int] = []
        var out = prefix(offsets: &offsets)
        let xref = out.count
        var table = "xref\n0 \(count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            table += String(repeating: "0", count: max(0, 10 - digits.count)) + digits + " 00000 n \n"
        }
        table += "trailer\n<< /Size \(count + 1) /Root \(root) 0 R /Info \(info) 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        out.append(Data(table.utf8))
        return out
    }
}
