/// A registered-mail number in the UPU S10 form (`RR123456785BA`): a two-letter service indicator,
/// eight digits and a check digit over them (weights 8 6 4 2 3 5 9 7), and the ISO code of the
/// country of posting (UPU standard S10). A municipality posts registered letters (service
/// indicators RA–RZ) from Bosnia and Herzegovina (BA). Pure.
public enum RegisteredMail {
    /// Why a typed number is refused; each has a catalog message `error_<rawValue>`.
    public enum Problem: String, Error, Sendable {
        case format = "tracking_number_invalid", notRegistered = "tracking_number_not_registered", notPostedHere =
            "tracking_number_not_bih"
    }

    public static func normalized(_ typed: String, country: String = "BA") throws(Problem) -> String {
        let text = typed.uppercased().filter { !$0.isWhitespace }
        let characters = Array(text)
        guard characters.count == 13, characters[0...1].allSatisfy(\.isASCIILetter),
            characters[11...12].allSatisfy(\.isASCIILetter)
        else { throw .format }
        let digits = characters[2...10].compactMap(\.wholeNumberValue)
        guard digits.count == 9, checkDigit(Array(digits[0..<8])) == digits[8] else { throw .format }
        guard characters[0] == "R" else { throw .notRegistered }
        guard String(characters[11...12]) == country else { throw .notPostedHere }
        return text
    }

    static func checkDigit(_ serial: [Int]) -> Int {
        let sum = zip(serial, [8, 6, 4, 2, 3, 5, 9, 7]).reduce(0) { $0 + $1.0 * $1.1 }
        let check = 11 - sum % 11
        return check == 10 ? 0 : check == 11 ? 5 : check
    }
}

extension Character {
    var isASCIILetter: Bool { isASCII && isLetter }
}
