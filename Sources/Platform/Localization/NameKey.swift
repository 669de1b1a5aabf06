import Foundation

/// How names are compared in searches: without case or diacritics, Cyrillic read as Latin,
/// and `đ` however it was typed (`đ`, `dj`, `d`): `Hadzic` finds `Hadžić`, `Djurdja` and
/// `Durdja` find `Đurđa` and `Ђурђа`. Pure.
public enum NameKey {
    public static func of(_ name: String) -> String {
        var latin = ""
        for character in name.lowercased() {
            latin += cyrillic[character] ?? String(character)
        }
        let plain = latin.replacingOccurrences(of: "đ", with: "dj")
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        // Anything but a letter separates words (spaces, hyphens, a `+` from a query string).
        let words = plain.unicodeScalars.split { !CharacterSet.letters.contains($0) }.map {
            String(String.UnicodeScalarView($0))
        }
        return words.joined(separator: " ").replacingOccurrences(of: "dj", with: "d")
    }

    /// Serbian Cyrillic letters as their Latin spelling.
    static let cyrillic: [Character: String] = {
        let pairs = [
            "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž",
            "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
            "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u",
            "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
        ]
        return Dictionary(uniqueKeysWithValues: pairs.map { (Character($0.key), $0.value) })
    }()
}
