import Foundation

/// A `flock(2)` on a file: exclusive (one process at a time) or shared, released when closed or
/// when the process dies. Waiting blocks a thread of its own, never the cooperative pool.
public struct FileLock: Sendable {
    let descriptor: Int32

    static func acquire(path: String) async throws -> FileLock {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ConfigurationError("cannot open lock file \(path): errno \(errno)") }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return FileLock(descriptor: descriptor) }
        let status: Int32 = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: flock(descriptor, LOCK_EX)) }
        }
        guard status == 0 else {
            close(descriptor)
            throw ConfigurationError("cannot lock \(path): errno \(errno)")
        }
        return FileLock(descriptor: descriptor)
    }

    /// The lock if it can be had at once (`LOCK_SH` when `shared`), nil when another process holds it.
    static func attempt(path: String, shared: Bool) throws -> FileLock? {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ConfigurationError("cannot open lock file \(path): errno \(errno)") }
        if flock(descriptor, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) == 0 { return FileLock(descriptor: descriptor) }
        close(descriptor)
        return nil
    }

    public func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
