import Foundation

/// A checked JMBG (jedinstveni matični broj građana): `DD MM YYY RR BBB K`. Pure.
/// Never show one on a public page or write it to a log line.
public struct JMBG: Hashable, Sendable {
    public let digits: String
    public let birthDate: DateComponents
    public let region: Int
    public let sex: Sex

    public enum Sex: String, Sendable { case male, female }

    /// Why a JMBG is refused; each case has a catalog message `error_jmbg_<rawValue>`.
    public enum Problem: String, Error, Sendable {
        case length = "jmbg_length"
        case date = "jmbg_date"
        case future = "jmbg_future"
        case control = "jmbg_control"
    }

    /// Checks the digits, the date (real and not after `today`) and the control digit. An unknown
    /// register region is not an error (`knownRegion`): people born abroad or in another republic
    /// hold such numbers. Spaces and dashes as people type them are ignored.
    public init(_ text: String, today: DateComponents) throws(Problem) {
        let digits = text.filter { $0 != " " && $0 != "-" }
        guard digits.count == 13, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .length }
        let a = digits.map { Int(String($0))! }
        let day = a[0] * 10 + a[1], month = a[2] * 10 + a[3], yyy = a[4] * 100 + a[5] * 10 + a[6]
        let year = Self.year(yyy)
        guard Self.isRealDate(year: year, month: month, day: day) else { throw .date }
        let born = (year, month, day), now = (today.year ?? 0, today.month ?? 0, today.day ?? 0)
        guard born <= now else { throw .future }
        let region = a[7] * 10 + a[8]
        guard let control = Self.controlDigit(a), control == a[12] else { throw .control }
        self.digits = digits
        self.birthDate = DateComponents(year: year, month: month, day: day)
        self.region = region
        self.sex = a[9] * 100 + a[10] * 10 + a[11] < 500 ? .male : .female
    }

    /// The century from the three year digits: 800–899 are the 1800s (people born before 1900 who
    /// received a number in 1976–1981), 900–999 the 1900s, and the rest the 2000s.
    static func year(_ yyy: Int) -> Int { yyy >= 800 ? 1000 + yyy : 2000 + yyy }

    /// Whether the register region is one the former Yugoslav registers used.
    public var knownRegion: Bool { Self.knownRegions.contains(region) }

    /// The control digit for the first twelve digits, or nil when no valid JMBG has them (m = 10).
    public static func controlDigit(_ a: [Int]) -> Int? {
        let weights = [7, 6, 5, 4, 3, 2]
        let s = (0..<6).reduce(0) { $0 + weights[$1] * (a[$1] + a[$1 + 6]) }
        let m = 11 - s % 11
        switch m {
        case 11: return 0
        case 10: return nil
        default: return m
        }
    }

    /// Bosnia and Herzegovina's registers (10–19) and the other former-Yugoslav ranges.
    public static let knownRegions: Set<Int> = Set(0...9).union(10...19).union(21...29).union(30...39).union(41...49)
        .union(50...59).union(71...79).union(80...89).union(91...96)

    /// The register region's name for Bosnia and Herzegovina, nil elsewhere.
    public var bosnianRegister: String? {
        ["Banja Luka", "Bihać", "Doboj", "Goražde", "Livno", "Mostar", "Prijedor", "Sarajevo", "Tuzla", "Zenica"]
            .enumerated().first { $0.offset + 10 == region }?.element
    }

    static func isRealDate(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}
