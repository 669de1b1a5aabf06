import CivilRegistry
import Foundation
import Testing

@Suite struct JMBGTests {
    static let today = DateComponents(year: 2026, month: 11, day: 25)

    /// Appends the control digit the rule gives, so tests state only the meaningful twelve digits.
    static func complete(_ twelve: String) -> String {
        twelve + String(JMBG.controlDigit(twelve.map { Int(String($0))! })!)
    }

    @Test func aValidNumberTellsDateRegionAndSex() throws {
        let jmbg = try JMBG(Self.complete("150399417500"), today: Self.today)  // 15 March 1994, Sarajevo, female
        #expect(jmbg.birthDate == DateComponents(year: 1994, month: 3, day: 15))
        #expect(jmbg.bosnianRegister == "Sarajevo")
        #expect(jmbg.sex == .female)
        let young = try JMBG(Self.complete("010100519012"), today: Self.today)  // 1 January 2005, Zenica, male
        #expect(young.birthDate.year == 2005 && young.sex == .male && young.bosnianRegister == "Zenica")
        #expect(
            try JMBG(
                Self.complete("150399417500").enumerated().map { $0.offset == 6 ? "\($0.element) " : "\($0.element)" }
                    .joined(),
                today: Self.today
            ).digits.count == 13, "spaces as typed are ignored")
    }

    @Test func aNumberWorkedByHand() throws {
        // s = 7·0 + 6·2 + 5·7 + 4·1 + 3·9 + 2·9 = 96; 96 mod 11 = 8; K = 11 − 8 = 3.
        let jmbg = try JMBG("0101990170003", today: Self.today)
        #expect(
            jmbg.birthDate == DateComponents(year: 1990, month: 1, day: 1) && jmbg.sex == .male && jmbg.region == 17)
        #expect(throws: JMBG.Problem.control) { try JMBG("0101990170004", today: Self.today) }
    }

    @Test func theControlDigitRuleMatchesTheDefinition() {
        // s mod 11 = 0 gives 0; m = 10 has no valid number.
        let digits = Array(repeating: 0, count: 12)
        #expect(JMBG.controlDigit(digits) == 0)
        let ten = (0...999_999).lazy.map { n -> [Int] in
            let text = String(format: "0101990%05d", n)
            return text.map { Int(String($0))! }
        }.first { JMBG.controlDigit($0) == nil }
        #expect(ten != nil, "some twelve digits have no control digit")
    }

    @Test(arguments: [
        ("150399417500", JMBG.Problem.length),  // twelve digits
        ("15039941750a1", .length),
        ("3002994175001", .date),  // 30 February
        ("2911026175001", .future),  // 29 November 2026
        ("0101799175001", .future),  // 7xx is not a past century
    ])
    func wrongNumbersSayWhy(_ text: String, _ problem: JMBG.Problem) {
        #expect(throws: problem) { try JMBG(text, today: Self.today) }
    }

    /// People born in the 1800s who received a number in 1976–1981 hold year digits 8xx.
    @Test func theEighteenHundredsAreThePast() throws {
        let old = try JMBG(Self.complete("120588917500"), today: Self.today)
        #expect(old.birthDate == DateComponents(year: 1889, month: 5, day: 12))
    }

    /// A region outside the known ranges (born abroad, another republic) is accepted and flagged.
    @Test func anUnknownRegionIsAcceptedAndFlagged() throws {
        let abroad = try JMBG(Self.complete("150399420500"), today: Self.today)
        #expect(!abroad.knownRegion && abroad.region == 20)
        #expect(try JMBG(Self.complete("150399417500"), today: Self.today).knownRegion)
    }

    @Test func aWrongControlDigitIsCaught() throws {
        let good = Self.complete("150399417500")
        let wrong = String(good.dropLast()) + String((Int(String(good.last!))! + 1) % 10)
        #expect(throws: JMBG.Problem.control) { try JMBG(wrong, today: Self.today) }
    }

    @Test func leapDaysFollowTheGregorianRule() throws {
        // 2000 was a leap year
        #expect(throws: Never.self) { try JMBG(Self.complete("290200017500"), today: Self.today) }
        #expect(throws: JMBG.Problem.date) { try JMBG("2902900175001", today: Self.today) }  // 1900 was not
    }
}
