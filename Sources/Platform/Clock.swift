import Crypto
import Foundation
import Synchronization

/// The wall clock, injected everywhere so tests can move time instead of sleeping.
public struct AppClock: Sendable {
    private let read: @Sendable () -> Date
    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }
    public func now() -> Date { read() }
    public static let system = AppClock { Date() }
}

/// A clock that tests set and advance by hand.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>
    public init(_ start: Date) { current = Mutex(start) }
    public func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
    public func set(_ date: Date) { current.withLock { $0 = date } }
    public var clock: AppClock { AppClock { self.current.withLock { $0 } } }
}

/// Random identifiers and secrets.
public enum Random {
    public static func token(bytes: Int = 32) -> String {
        // Eight bytes per draw: the system generator makes a system call for each.
        var generator = SystemRandomNumberGenerator()
        var raw = Data(capacity: bytes + 8)
        while raw.count < bytes { withUnsafeBytes(of: generator.next() as UInt64) { raw.append(contentsOf: $0) } }
        return base64URL(raw.prefix(bytes))
    }

    /// Base64 with the URL-safe alphabet and no padding (RFC 4648 §5).
    static func base64URL(_ data: Data) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        let bytes = [UInt8](data)
        var out = [UInt8]()
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value = 0
            for (offset, byte) in chunk.enumerated() { value |= Int(byte) << (16 - 8 * offset) }
            for position in 0...chunk.count { out.append(alphabet[(value >> (18 - 6 * position)) & 63]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A new row's id: a time-ordered UUID (version 7, RFC 9562 §5.7), so the ids of rows written
    /// together sit side by side in every index that holds them. Random (version 4) ids put each new
    /// row's index entries on a random page: a batch of questions wrote about 40 pages of log per
    /// question, most of them for ids (`perf`, issue 19). 74 random bits remain, and nothing opens a
    /// record by its id alone (access goes by a token or a signed-in role).
    public static func id() -> String {
        var generator = SystemRandomNumberGenerator()
        let milliseconds = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
        return timeOrderedID(milliseconds: milliseconds, random: (generator.next(), generator.next()))
    }

    /// RFC 9562 §5.7's layout: 48 bits of Unix time in milliseconds, the version (7), 12 random bits,
    /// the variant (0b10), 62 random bits; written in lowercase, so ids also sort as text by time.
    static func timeOrderedID(milliseconds: UInt64, random: (UInt64, UInt64)) -> String {
        let high = milliseconds << 16 | 0x7000 | random.0 & 0x0FFF
        let low = 0x8000_0000_0000_0000 | random.1 & 0x3FFF_FFFF_FFFF_FFFF
        let bytes = (high.bigEndian, low.bigEndian)
        return withUnsafeBytes(of: bytes) { UUID(uuid: $0.load(as: uuid_t.self)) }.uuidString.lowercased()
    }

    /// How a secret token is kept: only its SHA-256, so a copy of the database opens nothing.
    public static func digest(_ token: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(token.utf8)) {
            text.append(hex[Int(byte >> 4)]); text.append(hex[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
