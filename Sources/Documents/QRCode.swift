import Foundation

/// A QR code (ISO/IEC 18004) in byte mode at error-correction level M, versions 1–10
/// (up to 213 bytes: enough for otpauth links and verification URLs). Pure: no I/O.
public struct QRCode: Sendable {
    public let size: Int
    /// modules[y][x], true = dark.
    public let modules: [[Bool]]

    public enum Failure: Error { case tooLong(Int) }

    /// Error-correction codewords per block and the blocks' data lengths, level M.
    static let blocks: [(ec: Int, data: [Int])] = [
        (10, [16]), (16, [28]), (26, [44]), (18, [32, 32]), (24, [43, 43]), (16, [27, 27, 27, 27]),
        (18, [31, 31, 31, 31]), (22, [38, 38, 39, 39]), (22, [36, 36, 36, 37, 37]), (26, [43, 43, 43, 43, 44]),
    ]
    static let alignment: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
    ]

    public init(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard let version = (1...10).first(where: { Self.capacityBits($0) >= 4 + ($0 < 10 ? 8 : 16) + bytes.count * 8 })
        else {
            throw Failure.tooLong(bytes.count)
        }
        var matrix = Matrix(size: version * 4 + 17)
        matrix.drawFunctionPatterns(version: version, alignment: Self.alignment[version - 1])
        let codewords = Self.interleave(Self.dataCodewords(bytes, version: version), version: version)
        matrix.drawCodewords(codewords)
        // The mask with the lowest penalty, each scored once.
        matrix =
            (0..<8).map { mask in
                let m = matrix.masked(mask); return (m, m.penalty)
            }.min { $0.1 < $1.1 }!.0
        size = matrix.size
        modules = matrix.dark
    }

    static func capacityBits(_ version: Int) -> Int { blocks[version - 1].data.reduce(0, +) * 8 }

    /// Mode, length, bytes, terminator and padding, as codewords.
    static func dataCodewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) {
            for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) }
        }
        append(0b0100, 4)
        append(bytes.count, version < 10 ? 8 : 16)
        for byte in bytes { append(Int(byte), 8) }
        let capacity = capacityBits(version)
        append(0, min(4, capacity - bits.count))
        append(0, (8 - bits.count % 8) % 8)
        var codewords = stride(from: 0, to: bits.count, by: 8).map { start in
            (0..<8).reduce(UInt8(0)) { $0 << 1 | (bits[start + $1] ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while codewords.count * 8 < capacity { codewords.append(pad); pad = pad == 0xEC ? 0x11 : 0xEC }
        return codewords
    }

    /// Splits into blocks, adds Reed–Solomon codewords, and interleaves them.
    static func interleave(_ data: [UInt8], version: Int) -> [UInt8] {
        let layout = blocks[version - 1]
        let divisor = ReedSolomon.divisor(degree: layout.ec)
        var offset = 0
        let split = layout.data.map { length -> [UInt8] in
            defer { offset += length }
            return Array(data[offset..<offset + length])
        }
        let ec = split.map { ReedSolomon.remainder($0, divisor: divisor) }
        var result: [UInt8] = []
        for i in 0..<layout.data.max()! { for block in split where i < block.count { result.append(block[i]) } }
        for i in 0..<layout.ec { for block in ec { result.append(block[i]) } }
        return result
    }

    /// An SVG drawing with a 4-module quiet zone, crisp at any size.
    public func svg(title: String) -> String {
        var path = ""
        for y in 0..<size { for x in 0..<size where modules[y][x] { path += "M\(x + 4),\(y + 4)h1v1h-1z" } }
        let side = size + 8
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" \
            width="\(side * 6)" height="\(side * 6)" role="img" \
            aria-label="\(Markup.escape(title))" shape-rendering="crispEdges">\
            <rect width="100%" height="100%" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
            """
    }

    /// A binary PGM image (for checking with tools such as zbarimg).
    public func pgm(scale: Int = 4) -> Data {
        let side = (size + 8) * scale
        var data = Data("P5\n\(side) \(side)\n255\n".utf8)
        for y in 0..<side {
            for x in 0..<side {
                let mx = x / scale - 4, my = y / scale - 4
                let dark = mx >= 0 && my >= 0 && mx < size && my < size && modules[my][mx]
                data.append(dark ? 0 : 255)
            }
        }
        return data
    }
}

/// Reed–Solomon over GF(256) with the QR polynomial 0x11D.
enum ReedSolomon {
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z = 0
        for i in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            z ^= ((Int(y) >> i) & 1) * Int(x)
        }
        return UInt8(z)
    }

    static func divisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree - 1) + [1]
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for i in 0..<result.count { result[i] ^= multiply(divisor[i], factor) }
        }
        return result
    }
}
