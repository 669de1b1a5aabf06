import Foundation

/// A short code printed under a QR code (a document, a ticket): eight letters and digits that cannot be misread
/// (no I, L, O, 0, 1), shown as `ABCD-EFGH`; about 40 bits, unique by the database.
public enum ShortCode {
    static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let letters = (0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return String(letters[0..<4]) + "-" + String(letters[4..<8])
    }

    /// What someone typed (`abcd efgh`, `ABCDEFGH`) in the printed form, or nil.
    public static func normalized(_ typed: String) -> String? {
        let letters = typed.uppercased().filter { alphabet.contains($0) }
        guard letters.count == 8, typed.uppercased().allSatisfy({ alphabet.contains($0) || $0 == "-" || $0 == " " })
        else { return nil }
        return String(letters.prefix(4)) + "-" + String(letters.suffix(4))
    }
}
