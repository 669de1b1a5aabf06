/// Hexadecimal digits without Foundation's `String(format:)`, which is slow on Linux and ran
/// thousands of times per document (every glyph and every character of the seal's content).
public enum Hex {
    static let upper = Array("0123456789ABCDEF".utf8), lower = Array("0123456789abcdef".utf8)

    /// Four upper-case digits of a 16-bit value, appended to `out`.
    static func append(_ value: UInt16, to out: inout [UInt8]) {
        out.append(upper[Int(value >> 12)]); out.append(upper[Int(value >> 8 & 0xF)])
        out.append(upper[Int(value >> 4 & 0xF)]); out.append(upper[Int(value & 0xF)])
    }

    static func four<S: Sequence>(_ values: S) -> String where S.Element == UInt16 {
        var out: [UInt8] = []
        for value in values { append(value, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lower-case digits of bytes (a digest).
    public static func bytes<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var out: [UInt8] = []
        for byte in bytes { out.append(lower[Int(byte >> 4)]); out.append(lower[Int(byte & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
