import Foundation
import Testing

@testable import Platform

@Suite struct RandomTests {
    @Test func digestIsHexSHA256AndTokensAreURLSafe() {
        #expect(Random.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let tokens = (0..<50).map { _ in Random.token(bytes: 12) }
        #expect(Set(tokens).count == 50)
        #expect(
            tokens.allSatisfy {
                $0.count == 16 && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            })
    }

    /// RFC 9562, Appendix A.6: the version 7 example, 2022-02-22 19:22:22 UTC (0x017F22E279B0 ms),
    /// rand_a 0xCC3, rand_b 0x18C4DC0C0C07398F.
    @Test func aTimeOrderedIDLaysOutTheRFCsExample() {
        let id = Random.timeOrderedID(milliseconds: 0x017F_22E2_79B0, random: (0xCC3, 0x18C4_DC0C_0C07_398F))
        #expect(id == "017f22e2-79b0-7cc3-98c4-dc0c0c07398f")
        let date = Date(timeIntervalSince1970: 0x017F_22E2_79B0 / 1000)
        #expect(ISO8601DateFormatter().string(from: date) == "2022-02-22T19:22:22Z")
    }

    /// The version and variant bits hold whatever the random bits are, and later ids sort after earlier ones.
    @Test func idsSortByTheTimeTheyWereMade() {
        let all = UInt64.max
        let early = Random.timeOrderedID(milliseconds: 1_000, random: (all, all))
        let late = Random.timeOrderedID(milliseconds: 1_001, random: (0, 0))
        #expect(early == "00000000-03e8-7fff-bfff-ffffffffffff")
        #expect(late == "00000000-03e9-7000-8000-000000000000")
        #expect(early < late)
        let made = (0..<200).map { _ in Random.id() }
        #expect(Set(made).count == 200)
        #expect(made.allSatisfy { UUID(uuidString: $0) != nil && $0 == $0.lowercased() && Array($0)[14] == "7" })
    }
}
