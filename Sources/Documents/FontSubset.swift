import Foundation

/// A TrueType font, read far enough to lay text out and to embed only the glyphs a
/// document uses (a subset keeps a PDF small). Pure: bytes in, bytes out.
public struct TrueTypeFont: Sendable {
    public enum Failure: Error { case malformed(String) }

    let data: [UInt8]
    let tables: [String: Range<Int>]
    public let unitsPerEm: Int
    public let ascent: Int
    public let descent: Int
    public let bbox: [Int]
    let glyphCount: Int
    let longLoca: Bool
    let metricsCount: Int
    let cmap: [UInt32: Int]

    public init(_ bytes: Data) throws {
        let data = [UInt8](bytes)
        self.data = data
        guard data.count > 12 else { throw Failure.malformed("too short") }
        var tables: [String: Range<Int>] = [:]
        let count = Self.u16(data, 4)
        for index in 0..<count {
            let record = 12 + index * 16
            guard record + 16 <= data.count else { throw Failure.malformed("table directory") }
            let tag = String(decoding: data[record..<record + 4], as: UTF8.self)
            let offset = Self.u32(data, record + 8), length = Self.u32(data, record + 12)
            guard offset + length <= data.count else { throw Failure.malformed("table \(tag)") }
            tables[tag] = offset..<offset + length
        }
        for tag in ["head", "hhea", "maxp", "loca", "glyf", "hmtx", "cmap"] where tables[tag] == nil {
            throw Failure.malformed("no \(tag) table")
        }
        self.tables = tables
        let head = tables["head"]!.lowerBound, hhea = tables["hhea"]!.lowerBound
        unitsPerEm = Self.u16(data, head + 18)
        bbox = [36, 38, 40, 42].map { Self.i16(data, head + $0) }
        longLoca = Self.i16(data, head + 50) == 1
        ascent = Self.i16(data, hhea + 4)
        descent = Self.i16(data, hhea + 6)
        metricsCount = Self.u16(data, hhea + 34)
        glyphCount = Self.u16(data, tables["maxp"]!.lowerBound + 4)
        cmap = try Self.readCmap(data, tables["cmap"]!)
    }

    /// The glyph for a character (0, the "missing" box, when the font has none).
    public func glyph(for scalar: Unicode.Scalar) -> Int { cmap[scalar.value] ?? 0 }

    /// Advance width of a glyph in font units.
    public func advance(_ glyph: Int) -> Int {
        let hmtx = tables["hmtx"]!.lowerBound
        return Self.u16(data, hmtx + 4 * min(glyph, metricsCount - 1))
    }

    /// Width of a text in points at `size`.
    public func width(of text: String, size: Double) -> Double {
        Double(text.unicodeScalars.reduce(0) { $0 + advance(glyph(for: $1)) }) * size / Double(unitsPerEm)
    }

    func glyphData(_ glyph: Int) -> ArraySlice<UInt8> {
        let loca = tables["loca"]!.lowerBound, glyf = tables["glyf"]!.lowerBound
        let (start, end) =
            longLoca
            ? (Self.u32(data, loca + 4 * glyph), Self.u32(data, loca + 4 * glyph + 4))
            : (Self.u16(data, loca + 2 * glyph) * 2, Self.u16(data, loca + 2 * glyph + 2) * 2)
        return data[glyf + start..<glyf + max(start, end)]
    }

    /// Components of a composite glyph: (offset of the glyph index within the glyph data, the index).
    static func components(_ glyph: ArraySlice<UInt8>) -> [(offset: Int, glyph: Int)] {
        let bytes = Array(glyph)
        guard bytes.count >= 10, i16(bytes, 0) < 0 else { return [] }
        var result: [(Int, Int)] = []
        var position = 10
        while position + 4 <= bytes.count {
            let flags = u16(bytes, position)
            result.append((position + 2, u16(bytes, position + 2)))
            position += 4 + (flags & 0x0001 != 0 ? 4 : 2)
            if flags & 0x0008 != 0 {
                position += 2
            } else if flags & 0x0040 != 0 {
                position += 4
            } else if flags & 0x0080 != 0 {
                position += 8
            }
            if flags & 0x0020 == 0 { break }
        }
        return result
    }

    /// A font holding only `glyphs` (and what composite glyphs are built from), renumbered
    /// from 1 in the order given; glyph 0 stays the missing-glyph box. Returns the font and
    /// the new number of each old glyph.
    public func subset(_ glyphs: [Int]) -> (font: Data, newGlyph: [Int: Int]) {
        var order = [0]
        var newGlyph = [0: 0]
        func add(_ glyph: Int) {
            guard glyph < glyphCount, newGlyph[glyph] == nil else { return }
            newGlyph[glyph] = order.count
            order.append(glyph)
            for component in Self.components(glyphData(glyph)) { add(component.glyph) }
        }
        glyphs.forEach(add)

        var glyf: [UInt8] = [], loca: [UInt8] = [], hmtx: [UInt8] = []
        let hmtxStart = tables["hmtx"]!.lowerBound
        for old in order {
            Self.put32(&loca, glyf.count)
            var bytes = Array(glyphData(old))
            for component in Self.components(glyphData(old)) {
                let renumbered = newGlyph[component.glyph] ?? 0
                bytes[component.offset] = UInt8(renumbered >> 8); bytes[component.offset + 1] = UInt8(renumbered & 0xFF)
            }
            glyf += bytes
            while glyf.count % 4 != 0 { glyf.append(0) }
            Self.put16(&hmtx, advance(old))
            let lsb =
                old < metricsCount ? hmtxStart + 4 * old + 2 : hmtxStart + 4 * metricsCount + 2 * (old - metricsCount)
            hmtx += data[lsb..<lsb + 2]
        }
        Self.put32(&loca, glyf.count)

        var head = Array(data[tables["head"]!])
        head[8..<12] = [0, 0, 0, 0]  // checkSumAdjustment, set below
        head[50] = 0; head[51] = 1  // long loca offsets
        var hhea = Array(data[tables["hhea"]!])
        hhea[34] = UInt8(order.count >> 8); hhea[35] = UInt8(order.count & 0xFF)
        var maxp = Array(data[tables["maxp"]!])
        maxp[4] = UInt8(order.count >> 8); maxp[5] = UInt8(order.count & 0xFF)
        var post: [UInt8] = [0, 3, 0, 0]  // format 3: no glyph names
        post += Array(data[tables["post"].map { $0.lowerBound + 4 }.map { $0..<$0 + 28 } ?? 0..<0])
        while post.count < 32 { post.append(0) }

        let font = Self.assemble([
            "glyf": glyf, "head": head, "hhea": hhea, "hmtx": hmtx, "loca": loca, "maxp": maxp, "post": post,
        ])
        return (Data(font), newGlyph)
    }

    /// Writes an sfnt file: directory sorted by tag, tables 4-byte aligned, checksums set.
    static func assemble(_ tables: [String: [UInt8]]) -> [UInt8] {
        let tags = tables.keys.sorted()
        var power = 1, log = 0
        while power * 2 <= tags.count { power *= 2; log += 1 }
        var out: [UInt8] = [0, 1, 0, 0]
        put16(&out, tags.count); put16(&out, power * 16); put16(&out, log); put16(&out, tags.count * 16 - power * 16)
        var offset = 12 + 16 * tags.count
        var body: [UInt8] = []
        var headOffset = 0
        for tag in tags {
            var table = tables[tag]!
            out += Array(tag.utf8)
            put32(&out, checksum(table)); put32(&out, offset); put32(&out, table.count)
            if tag == "head" { headOffset = offset }
            while table.count % 4 != 0 { table.append(0) }
            body += table
            offset += table.count
        }
        out += body
        let adjustment = (0xB1B0AFBA &- UInt32(checksum(out))) & 0xFFFFFFFF
        out[headOffset + 8] = UInt8(adjustment >> 24); out[headOffset + 9] = UInt8((adjustment >> 16) & 0xFF)
        out[headOffset + 10] = UInt8((adjustment >> 8) & 0xFF); out[headOffset + 11] = UInt8(adjustment & 0xFF)
        return out
    }

    static func checksum(_ bytes: [UInt8]) -> Int {
        var sum: UInt32 = 0
        var index = 0
        while index < bytes.count {
            var word: UInt32 = 0
            for byte in 0..<4 { word = word << 8 | UInt32(index + byte < bytes.count ? bytes[index + byte] : 0) }
            sum = sum &+ word
            index += 4
        }
        return Int(sum)
    }

    /// The Windows Unicode cmap: format 12 (full Unicode) when present, else format 4 (BMP).
    static func readCmap(_ data: [UInt8], _ range: Range<Int>) throws -> [UInt32: Int] {
        let base = range.lowerBound
        var best: (format: Int, offset: Int)?
        for index in 0..<u16(data, base + 2) {
            let record = base + 4 + index * 8
            let platform = u16(data, record), encoding = u16(data, record + 2), offset = base + u32(data, record + 4)
            let format = u16(data, offset)
            if platform == 3, (encoding == 10 && format == 12) || (encoding == 1 && format == 4),
                format > (best?.format ?? 0)
            {
                best = (format, offset)
            }
        }
        guard let (format, offset) = best else { throw Failure.malformed("no Unicode cmap") }
        var map: [UInt32: Int] = [:]
        if format == 12 {
            for group in 0..<u32(data, offset + 12) {
                let at = offset + 16 + group * 12
                let start = u32(data, at), end = u32(data, at + 4), glyph = u32(data, at + 8)
                for code in start...end { map[UInt32(code)] = glyph + code - start }
            }
            return map
        }
        let segments = u16(data, offset + 6) / 2
        let ends = offset + 14, starts = ends + 2 * segments + 2, deltas = starts + 2 * segments,
            rangeOffsets = deltas + 2 * segments
        for segment in 0..<segments {
            let start = u16(data, starts + 2 * segment), end = u16(data, ends + 2 * segment)
            let delta = u16(data, deltas + 2 * segment), rangeOffset = u16(data, rangeOffsets + 2 * segment)
            guard start != 0xFFFF else { continue }
            for code in start...end {
                let glyph: Int
                if rangeOffset == 0 {
                    glyph = (code + delta) & 0xFFFF
                } else {
                    let at = rangeOffsets + 2 * segment + rangeOffset + 2 * (code - start)
                    let raw = at + 1 < data.count ? u16(data, at) : 0
                    glyph = raw == 0 ? 0 : (raw + delta) & 0xFFFF
                }
                if glyph != 0 { map[UInt32(code)] = glyph }
            }
        }
        return map
    }

    static func u16(_ d: [UInt8], _ at: Int) -> Int { Int(d[at]) << 8 | Int(d[at + 1]) }
    static func i16(_ d: [UInt8], _ at: Int) -> Int { Int(Int16(bitPattern: UInt16(d[at]) << 8 | UInt16(d[at + 1]))) }
    static func u32(_ d: [UInt8], _ at: Int) -> Int { u16(d, at) << 16 | u16(d, at + 2) }
    static func put16(_ out: inout [UInt8], _ value: Int) { out += [UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)] }
    static func put32(_ out: inout [UInt8], _ value: Int) {
        put16(&out, (value >> 16) & 0xFFFF); put16(&out, value & 0xFFFF)
    }
}
