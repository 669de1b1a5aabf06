import Foundation
import Platform

extension InquiriesCapability {
    /// The person's questions; spam and questions merged into another are left out (the merged
    /// one's thread goes on under the other number, which is listed).
    public func services(of account: Account, environment: AppEnvironment, catalog c: Catalog) async throws
        -> [MyService]
    {
        try await InquiryStore(environment.database.sql).asked(by: account.id).filter {
            $0.status != .spam && $0.status != .merged
        }.map { inquiry in
            MyService(
                kind: .questions, municipalityID: inquiry.municipalityID, title: inquiry.subject,
                reference: inquiry.number, status: c.text("status_\(inquiry.status.rawValue)"),
                since: inquiry.submittedAt, nextStep: Self.nextStep(inquiry, zone: account.timeZone, catalog: c),
                path: "inquiries/\(inquiry.number)")
        }
    }

    static func nextStep(_ inquiry: Inquiry, zone: String, catalog c: Catalog) -> String? {
        switch inquiry.status {
        case .answered: return c.text("inquiry_next_answered")
        case .waitingOnAsker: return c.text("inquiry_next_waiting")
        case .open, .assigned:
            return inquiry.dueAt.map {
                c.text(
                    "inquiry_next_due", ["due": LocalTime.text($0, zone: zone).replacingOccurrences(of: "T", with: " ")]
                )
            }
        case .closed, .merged, .spam: return nil
        }
    }
}
