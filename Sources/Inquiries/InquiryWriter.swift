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

/// Writes submissions in batches through the database's group commit: a few statements per batch,
/// one transaction, whatever arrived while the last batch was being written.
enum InquiryWriter {
    static func shared(_ env: AppEnvironment) -> GroupCommit<PendingSubmission, Inquiry> {
        let clock = env.clock
        return env.database.groupCommit("inquiries") { db, batch in try await commit(batch, db: db, clock: clock) }
    }

    /// The limits first (a refused question is left out), then messages and files, then the numbers,
    /// the inquiries and their mail, then commit: the numbering row is held only for the last
    /// statements. The results are in the batch's order.
    private static func commit(_ all: [PendingSubmission], db: any SQLDatabase, clock: AppClock) async throws
        -> [Result<Inquiry, any Error>]
    {
        let store = InquiryStore(db)
        let refused = try await takeLimits(all, db: db, at: clock.now())
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

    /// Counts each question against its address's limit: one statement per kind of limit for the
    /// first question of each address, one each for a second from the same address in the batch.
    /// Returns the refused questions by index.
    private static func takeLimits(_ all: [PendingSubmission], db: any SQLDatabase, at now: Date) async throws
        -> [Int: AppError]
    {
        var refused: [Int: AppError] = [:]
        let limited = all.indices.compactMap { index in all[index].limit.map { (index, $0) } }
        for group in Dictionary(grouping: limited, by: { "\($0.1.most) \($0.1.window)" }).values {
            let (most, window) = (group[0].1.most, group[0].1.window)
            var seen = Set<String>()
            let (firsts, repeats) = group.sorted { $0.0 < $1.0 }.partitioned { seen.insert($0.1.key).inserted }
            let taken = try await RateLimiter(db).take(
                distinct: firsts.map(\.1.key), limit: most, window: window, at: now)
            for (index, limit) in firsts where !taken.contains(limit.key) { refused[index] = limit.refusal }
            for (index, limit) in repeats {
                let ok = try await RateLimiter(db).take(limit.key, limit: most, window: window, at: now)
                if !ok { refused[index] = limit.refusal }
            }
        }
        return refused
    }
}

extension Sequence {
    /// The elements for which `belongs` holds, and the others, each in order.
    fileprivate func partitioned(_ belongs: (Element) -> Bool) -> ([Element], [Element]) {
        var yes: [Element] = [], no: [Element] = []
        for element in self { if belongs(element) { yes.append(element) } else { no.append(element) } }
        return (yes, no)
    }
}
