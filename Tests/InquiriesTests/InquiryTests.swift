import Inquiries
import Testing

@Suite struct InquiryTests {
    @Test func numbersAreWrittenAndReadTheSameWay() {
        let number = InquiryNumber(code: "jaj", year: 2026, sequence: 123)
        #expect(number.description == "JAJ-2026-000123")
        #expect(InquiryNumber(" jaj-2026-000123 ") == number)
        for bad in ["JAJ-26-1", "JA-2026-000123", "JAJ-2026-0", "JAJ-2026", "ŽAJ-2026-000001", "JAJ-2026-abc"] {
            #expect(InquiryNumber(bad) == nil, "\(bad)")
        }
    }

    @Test func statusMovesFollowTheWork() {
        #expect(InquiryStatus.open.canMove(to: .answered))
        #expect(InquiryStatus.closed.canMove(to: .assigned), "reopen")
        #expect(!InquiryStatus.spam.canMove(to: .open))
        #expect(!InquiryStatus.merged.canMove(to: .assigned))
        #expect(InquiryStatus.allCases.filter(\.clockRuns) == [.open, .assigned])
    }
}
