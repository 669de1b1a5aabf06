import Foundation
import Platform
import SQLKit

/// A checked submission waiting for its number and its write.
struct PendingSubmission: Sendable {
    var inquiry: Inquiry
    let message: InquiryMessage
    let files: [CheckedAttachment]
    let accessHash: String
    let code: String
    let year: Int
    /// Builds the acknowledgement once the number is known.
    let mail: @Sendable (Inquiry) -> OutgoingMail
    /// The day's limit of unconfirmed questions for the address, counted in the batch's own
    /// transaction: a separate statement would be a commit (an fsync) of its own per question,
    /// and those, one after another, were what bounded submissions (`perf`, `strace -c`).
    var limit: Limit?

    struct Limit: Sendable {
        let key: String, most: Int, window: TimeInterval
        let refusal: AppError
    }
}

/// Writes submissions in batches (group commit): whatever arrives while a batch is being
/// written goes into the next one, all in one transaction, a few statements per batch.
/// One per database and process. A batch that fails is retried one submission at a time,
/// so a bad submission fails alone and the others still land.
actor InquiryWriter {
    static let batchLimit = 200
    let database: Database
    let clock: AppClock
    private var queue: [(PendingSubmission, CheckedContinuation<Inquiry, any Error>)] = []
    private var writing = false

    init(database: Database, clock: AppClock) { self.database = database; self.clock = clock }

    static func shared(_ env: AppEnvironment) -> InquiryWriter {
        env.database.shared("inquiries.writer") { InquiryWriter(database: env.database, clock: env.clock) }
    }

    /// Returns the numbered inquiry once it (and its mail) is committed.
    func write(_ submission: PendingSubmission) async throws -> Inquiry {
        try await withCheckedThrowingContinuation { continuation in
            queue.append((submission, continuation))
            if !writing {
                writing = true
                Task { await drain() }
            }
        }
    }

    private func drain() async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(Self.batchLimit))
            queue.removeFirst(batch.count)
            do {
                let written = try await commit(batch.map(\.0))
                for (index, item) in batch.enumerated() { item.1.resume(with: written[index]) }
            } catch  where batch.count > 1 {
                for item in batch {
                    do { item.1.resume(with: try await commit([item.0])[0]) } catch {
                        item.1.resume(throwing: error)
                    }
                }
            } catch {
                batch[0].1.resume(throwing: error)
            }
        }
        writing = false
    }

    /// The limits first (a refused question is left out), then messages and files, then the numbers,
    /// the inquiries and their mail, then commit: the numbering row is held only for the last
    /// statements. The results are in the batch's order.
    private func commit(_ all: [PendingSubmission]) async throws -> [Result<Inquiry, any Error>] {
        let clock = clock
        return try await database.transaction { db in
            let store = InquiryStore(db)
            var refused: [Int: AppError] = [:]
            for (index, item) in all.enumerated() {
                guard let limit = item.limit else { continue }
                let taken = try await RateLimiter(db).take(
                    limit.key, limit: limit.most, window: limit.window, at: item.inquiry.submittedAt)
                if !taken { refused[index] = limit.refusal }
            }
            let batch = all.indices.filter { refused[$0] == nil }.map { all[$0] }
            try await store.insert(batch.map(\.message))
            for item in batch {
                for file in item.files {
                    try await store.insert(file, inquiryID: item.inquiry.id, messageID: item.message.id)
                }
            }
            var numbered = batch
            let groups = Dictionary(grouping: batch.indices) { "\(batch[$0].inquiry.municipalityID) \(batch[$0].year)" }
            for indices in groups.values.map({ $0.sorted() }) {
                let first = batch[indices[0]]
                var next = try await store.nextSequence(
                    first.inquiry.municipalityID, year: first.year, count: indices.count)
                for index in indices {
                    numbered[index].inquiry.number =
                        InquiryNumber(code: first.code, year: first.year, sequence: next).description
                    next += 1
                }
            }
            try await store.insert(numbered.map { ($0.inquiry, $0.accessHash) })
            try await MailQueue(db, clock: clock).enqueue(numbered.map { $0.mail($0.inquiry) })
            var written = numbered.makeIterator()
            return all.indices.map { refused[$0].map { .failure($0) } ?? .success(written.next()!.inquiry) }
        }
    }
}
