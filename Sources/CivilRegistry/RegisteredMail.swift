/// A registered-mail number in the UPU S10 form (`RR123456785BA`): two letters, eight digits,
/// a check digit over them (weights 8 6 4 2 3 5 9 7), and the country of posting. Pure.
public enum RegisteredMail {
    public static func normalized(_ typed: String) -> String? {
        let text = typed.uppercased().filter { !$0.isWhitespace }
        let characters = Array(text)
        guard characters.count == 13, characters[0...1].allSatisfy(\.isASCIILetter), characters[11...12].allSatisfy(\.isASCIILetter) else { return nil }
        let digits = characters[2...10].compactMap(\.wholeNumberValue)
        guard digits.count == 9, checkDigit(Array(digits[0..<8])) == digits[8] else { return nil }
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
