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
        var generator = SystemRandomNumberGenerator()
        let raw = (0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(raw).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func id() -> String { UUID().uuidString.lowercased() }

    /// How a secret token is kept: only its SHA-256, so a copy of the database opens nothing.
    public static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
