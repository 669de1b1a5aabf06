/// Serbian Latin to Cyrillic, letter for letter (the digraphs lj, nj, dž are one letter each),
/// so a document issued in sr-Cyrl shows names and places in Cyrillic. Pure.
public enum SerbianScript {
    static let digraphs: [String: String] = ["Lj": "Љ", "LJ": "Љ", "lj": "љ", "Nj": "Њ", "NJ": "Њ", "nj": "њ", "Dž": "Џ", "DŽ": "Џ", "dž": "џ"]
    static let letters: [Character: Character] = Dictionary(uniqueKeysWithValues: zip(
        "ABVGDĐEŽZIJKLMNOPRSTĆUFHCČŠabvgdđežzijklmnoprstćufhcčš", "АБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШабвгдђежзијклмнопрстћуфхцчш"))

    public static func cyrillic(_ latin: String) -> String {
        let characters = Array(latin.precomposedStringWithCanonicalMapping)
        var out = ""
        var index = 0
        while index < characters.count {
            if index + 1 < characters.count, let letter = digraphs[String(characters[index...index + 1])] {
                out += letter
                index += 2
            } else {
                out.append(letters[characters[index]] ?? characters[index])
                index += 1
            }
        }
        return out
    }
}
