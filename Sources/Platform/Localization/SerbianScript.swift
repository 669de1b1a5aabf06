import Foundation

/// Serbian Latin → Cyrillic by the rules in `Resources/Script/serbian.json` (also read by the
/// catalog script, so pages and documents spell alike): one letter for one letter, dž/lj/nj as
/// one letter except in the listed prefix and foreign stems, foreign letters as they sound.
public enum SerbianScript {
    struct Rules: Decodable {
        let digraphs: [String: String]
        let letters: [String]
        let foreign: [String: String]
        let split: [String]
        let words: [String: String]
    }

    static let rules: Rules = {
        let url = Bundle.module.bundleURL.appendingPathComponent("Resources/Script/serbian.json")
        // Shipped with the module: a missing file is a packaging fault, not a user's error.
        return try! JSONDecoder().decode(Rules.self, from: Data(contentsOf: url))
    }()

    static let letters: [Character: String] = {
        var map = Dictionary(uniqueKeysWithValues: zip(rules.letters[0], rules.letters[1].map(String.init)))
        for (latin, cyrillic) in rules.foreign { map[Character(latin)] = cyrillic }
        return map
    }()

    public static func cyrillic(_ latin: String) -> String {
        let characters = Array(latin.precomposedStringWithCanonicalMapping)
        let lower = characters.map { Character($0.lowercased()) }
        var out = ""
        var index = 0, plainUntil = 0
        while index < characters.count {
            if let word = rules.words.keys.first(where: { starts(characters, at: index, with: $0) }) {
                out += rules.words[word]!
                index += word.count
                continue
            }
            if index >= plainUntil, let stem = rules.split.first(where: { starts(lower, at: index, with: $0) }) {
                plainUntil = index + stem.count
            }
            if index + 1 >= plainUntil, index + 1 < characters.count,
                let letter = rules.digraphs[String(characters[index...index + 1])]
            {
                out += letter
                index += 2
            } else {
                out += letters[characters[index]] ?? String(characters[index])
                index += 1
            }
        }
        return out
    }

    static let toLatin: [Character: String] = {
        var map: [Character: String] = [:]
        for (latin, cyrillic) in zip(rules.letters[0], rules.letters[1]) { map[cyrillic] = String(latin) }
        for (latin, cyrillic) in rules.digraphs where latin.last?.isLowercase == true {
            map[Character(cyrillic)] = latin
        }
        return map
    }()

    /// Cyrillic → Latin (for documents that must be in Latin letters, CIEC No. 16 art. 4); Љ is "LJ"
    /// inside a word written in capitals, "Lj" otherwise.
    public static func latin(_ cyrillic: String) -> String {
        let characters = Array(cyrillic)
        var out = ""
        for (index, character) in characters.enumerated() {
            guard var letter = toLatin[character] else { out.append(character); continue }
            let shouting = [index - 1, index + 1].contains {
                characters.indices.contains($0) && characters[$0].isUppercase
            }
            if letter.count == 2, character.isUppercase, shouting { letter = letter.uppercased() }
            out += letter
        }
        return out
    }

    static func starts(_ characters: [Character], at index: Int, with word: String) -> Bool {
        let word = Array(word)
        guard index + word.count <= characters.count else { return false }
        return Array(characters[index..<index + word.count]) == word
    }
}
