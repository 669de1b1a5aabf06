import Foundation
import Platform

/// Where a person abroad pays the administrative tax: the municipality's account as its admin
/// sets it, shown on the request form and the status page with the amount in KM, EUR and CHF.
public struct PaymentAccount: Sendable, Equatable, Decodable {
    public var recipient: String
    /// The international account number, stored without spaces.
    public var iban: String
    /// The bank's BIC (SWIFT code), which banks abroad ask for beside the IBAN.
    public var swift: String
    /// What the payer writes as the reference ("poziv na broj" and revenue type, as the municipality
    /// wants it); the request's number is added after it.
    public var reference: String

    public static let fields = ["recipient", "iban", "swift", "reference"]

    /// The account from the admin's form: all empty is "none set" (people then pay at the office);
    /// otherwise the recipient and a valid IBAN and BIC are needed.
    public static func check(_ input: [String: String]) throws -> PaymentAccount? {
        var form = FormInput(input)
        let recipient = form.trimmed("payment_recipient"), iban = form.trimmed("payment_iban")
        let swift = form.trimmed("payment_swift"), reference = form.trimmed("payment_reference_text")
        if [recipient, iban, swift, reference].allSatisfy(\.isEmpty) { return nil }
        _ = try form.check { if recipient.isEmpty { throw AppError.invalid("payment_recipient", "required") } }
        let compact = try form.check { () throws -> String in
            let compact = Self.compact(iban)
            guard Self.isValidIBAN(compact) else { throw AppError.invalid("payment_iban", "iban_invalid") }
            return compact
        }
        _ = try form.check { if !Self.isValidBIC(swift) { throw AppError.invalid("payment_swift", "bic_invalid") } }
        try form.finish()
        return PaymentAccount(
            recipient: String(recipient.prefix(200)), iban: compact!, swift: swift.uppercased(),
            reference: String(reference.prefix(200)))
    }

    static func compact(_ iban: String) -> String {
        iban.uppercased().filter { !$0.isWhitespace }
    }

    /// ISO 13616-1 (IBAN): two letters of the country, two check digits, then the account; moved to
    /// the end with letters as 10…35, the number is 1 modulo 97. Bosnia and Herzegovina's are 20
    /// characters (SWIFT IBAN Registry, "BA" entry, example BA391290079401028494).
    public static func isValidIBAN(_ text: String) -> Bool {
        let iban = compact(text)
        guard iban.count >= 15, iban.count <= 34, iban.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
            iban.prefix(2).allSatisfy(\.isLetter), iban.dropFirst(2).prefix(2).allSatisfy(\.isNumber)
        else { return false }
        if iban.hasPrefix("BA") && iban.count != 20 { return false }
        var remainder = 0
        for character in iban.dropFirst(4) + iban.prefix(4) {
            let value = character.isNumber ? Int(String(character))! : Int(character.asciiValue! - 55)
            for digit in String(value) { remainder = (remainder * 10 + Int(String(digit))!) % 97 }
        }
        return remainder == 1
    }

    /// ISO 9362 (BIC): four letters of the bank, two of the country, two of the place, and an
    /// optional three of the branch.
    public static func isValidBIC(_ text: String) -> Bool {
        let bic = text.uppercased()
        guard bic.count == 8 || bic.count == 11, bic.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return false }
        return bic.prefix(6).allSatisfy(\.isLetter)
    }

    /// The IBAN in groups of four, as it is printed for people to copy.
    public var printedIBAN: String {
        stride(from: 0, to: iban.count, by: 4).map {
            let start = iban.index(iban.startIndex, offsetBy: $0)
            return String(iban[start..<(iban.index(start, offsetBy: 4, limitedBy: iban.endIndex) ?? iban.endIndex)])
        }.joined(separator: " ")
    }
}
