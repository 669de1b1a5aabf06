import Foundation

/// Lets one SQLite write transaction of this process run at a time. SQLite has one writer
/// anyway; without the gate the others would wait inside SQLite's busy handler, asleep on
/// the threads the lock holder needs to finish. Waiting here is asynchronous and in order.
public actor WriteGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init() {}

    public func enter() async {
        guard busy else { busy = true; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    public func leave() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
