import Foundation
import Synchronization

/// Reference data kept for a few seconds per key: read on nearly every request, changed
/// a few times a year. The instance that changes it calls `forget` at once; other
/// instances see the change within `lifetime`. Keep one per database (`Database.shared`).
public final class ShortLivedCache<Value: Sendable>: Sendable {
    public let lifetime: TimeInterval
    private let entries = Mutex<[String: (value: Value, loadedAt: Date)]>([:])

    public init(lifetime: TimeInterval = 5) { self.lifetime = lifetime }

    public func value(_ key: String, now: Date, load: () async throws -> Value) async throws -> Value {
        if let entry = entries.withLock({ $0[key] }), abs(now.timeIntervalSince(entry.loadedAt)) < lifetime {
            return entry.value
        }
        let value = try await load()
        entries.withLock { $0[key] = (value, now) }
        return value
    }

    public func forget(_ key: String) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }

    /// Forgets every key that starts with `prefix` (all the entries of one municipality).
    public func forget(prefix: String) {
        entries.withLock { $0 = $0.filter { !$0.key.hasPrefix(prefix) } }
    }
}
