import SQLKit

/// Writes in batches (group commit): whatever arrives while a batch is being written goes into the
/// next one, all in one transaction, so many requests share one commit and its fsync. A caller is
/// answered only once its batch is committed, so nothing acknowledged is lost in a crash.
/// A batch that fails is retried one item at a time, so a bad item fails alone.
/// One per database, key and process (`Database.groupCommit`).
public actor GroupCommit<Item: Sendable, Output: Sendable> {
    public typealias Write = @Sendable (any SQLDatabase, [Item]) async throws -> [Result<Output, any Error>]
    let database: Database
    let limit: Int
    let write: Write
    private var queue: [(Item, CheckedContinuation<Output, any Error>)] = []
    private var writing = false

    init(database: Database, limit: Int, write: @escaping Write) {
        self.database = database; self.limit = limit; self.write = write
    }

    /// Returns the item's output once the transaction that wrote it has committed.
    public func submit(_ item: Item) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            queue.append((item, continuation))
            if !writing {
                writing = true
                Task(priority: .high) { await drain() }
            }
        }
    }

    private func drain() async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(limit))
            queue.removeFirst(batch.count)
            do {
                let written = try await commit(batch.map(\.0))
                for (index, item) in batch.enumerated() { item.1.resume(with: written[index]) }
            } catch  where batch.count > 1 {
                for item in batch {
                    do { item.1.resume(with: try await commit([item.0])[0]) } catch { item.1.resume(throwing: error) }
                }
            } catch {
                batch[0].1.resume(throwing: error)
            }
        }
        writing = false
    }

    private func commit(_ items: [Item]) async throws -> [Result<Output, any Error>] {
        let write = write
        return try await database.transaction { db in try await write(db, items) }
    }
}

extension Database {
    /// The process's group commit for `key` on this database, made on first use.
    public func groupCommit<Item: Sendable, Output: Sendable>(
        _ key: String, limit: Int = 200, _ write: @escaping GroupCommit<Item, Output>.Write
    ) -> GroupCommit<Item, Output> {
        shared("group-commit." + key) { GroupCommit(database: self, limit: limit, write: write) }
    }
}
