import Foundation

/// A text entered by staff in several languages (a municipality's name, a department).
/// Falls back to Bosnian, then to any language given, so a page never shows a blank.
public struct LocalizedText: Sendable, Codable, Equatable {
    public var values: [String: String]

    public init(_ values: [Language: String]) {
        self.values = Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) })
    }

    public init(json: String) {
        values = (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
    }

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
