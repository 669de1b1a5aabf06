import Foundation
import Synchronization

/// A text entered by staff in several languages (a municipality's name, a department).
/// Falls back to Bosnian, then to any language given, so a page never shows a blank.
public struct LocalizedText: Sendable, Codable, Equatable {
    public var values: [String: String]

    public init(_ values: [Language: String]) {
        self.values = Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) })
    }

    /// Names of municipalities, departments and categories are read on almost every request
    /// and rarely change: each distinct JSON text is decoded once. Text that is not a JSON object
    /// of strings gives no translations.
    public init(json: String) {
        self = (try? Self(stored: json)) ?? LocalizedText(values: [:])
    }

    /// Reads a stored column; text that is not a JSON object of strings is an error.
    public init(stored json: String) throws {
        if let known = Self.decoded.withLock({ $0[json] }) { values = known; return }
        values = try JSONDecoder().decode([String: String].self, from: Data(json.utf8))
        let values = values
        Self.decoded.withLock { cache in
            if cache.count >= 1024 { cache.removeAll() }
            cache[json] = values
        }
    }

    init(values: [String: String]) { self.values = values }

    private static let decoded = Mutex<[String: [String: String]]>([:])

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(values)) ?? Data("{}".utf8), as: UTF8.self)
    }

    public subscript(language: Language) -> String {
        let own = values[language.rawValue]?.trimmingCharacters(in: .whitespaces) ?? ""
        if !own.isEmpty { return own }
        if let fallback = values[Language.fallback.rawValue], !fallback.isEmpty { return fallback }
        return values.sorted { $0.key < $1.key }.first { !$0.value.isEmpty }?.value ?? ""
    }
}

extension LocalizedText {
    /// The language `self[language]` is written in: the reader's own, or the one it fell back to.
    public func shownLanguage(_ language: Language) -> Language {
        let own = values[language.rawValue]?.trimmingCharacters(in: .whitespaces) ?? ""
        if !own.isEmpty { return language }
        if let fallback = values[Language.fallback.rawValue], !fallback.isEmpty { return Language.fallback }
        let code = values.sorted { $0.key < $1.key }.first { !$0.value.isEmpty }?.key
        return code.flatMap(Language.init(rawValue:)) ?? language
    }

    /// When staff have not translated the text into `reader`'s language: the language it is shown
    /// in (for a `lang` attribute) and a note saying so in the reader's words; nils otherwise.
    public func untranslated(for reader: Language, catalog c: Catalog) -> (lang: String?, note: String?) {
        let shown = shownLanguage(reader)
        guard shown != reader else { return (nil, nil) }
        return (shown.rawValue, c.text("untranslated_note", ["language": c.text("language_in_\(shown.rawValue)")]))
    }
}

extension LocalizedText {
    /// A text typed once per language (`prefix_bs`, `prefix_en`, …): trimmed, empty languages left
    /// out, each at most `limit` characters, Bosnian (the fallback) required unless `required` is false.
    public static func read(_ prefix: String, from input: [String: String], limit: Int, required: Bool = true) throws
        -> LocalizedText
    {
        var values: [Language: String] = [:]
        for language in Language.allCases {
            let field = "\(prefix)_\(language.rawValue)"
            let text = (input[field] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.count <= limit else { throw AppError.invalid(field, "too_long", ["max": String(limit)]) }
            if !text.isEmpty { values[language] = text }
        }
        if required, values[Language.fallback] == nil {
            throw AppError.invalid("\(prefix)_\(Language.fallback.rawValue)", "required")
        }
        return LocalizedText(values)
    }
}
