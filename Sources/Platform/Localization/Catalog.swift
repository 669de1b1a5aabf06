import Foundation

/// The messages of one language, read from `Resources/Localization/<code>.json`.
public struct Catalog: Sendable {
    public let language: Language
    public let messages: [String: String]

    public init(language: Language, messages: [String: String]) { self.language = language; self.messages = messages }

    /// The message for `key`, with `{name}` placeholders filled in. A missing key
    /// shows itself rather than failing, and the catalog test keeps that from shipping.
    public func text(_ key: String, _ arguments: [String: String] = [:]) -> String {
        let message = messages[key] ?? key
        guard !arguments.isEmpty, message.contains("{") else { return message }
        return Self.fill(message, arguments)
    }

    /// One pass over the message: `{name}` becomes its argument, anything else stays as written.
    /// (Foundation's replacingOccurrences, once per argument, showed up in profiles of mail-heavy requests.)
    static func fill(_ message: String, _ arguments: [String: String]) -> String {
        var result = ""
        result.reserveCapacity(message.utf8.count + 64)
        var rest = message[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"),
                let value = arguments[String(rest[afterOpen..<close])]
            {
                result += value
                rest = rest[rest.index(after: close)...]
            } else {
                result += "{"
                rest = rest[afterOpen...]
            }
        }
        return result + rest
    }

    /// A counted message: looks up `key.one|few|other` by the language's plural rule.
    public func plural(_ key: String, count: Int, _ arguments: [String: String] = [:]) -> String {
        let category = language.pluralCategory(count).rawValue
        let resolved = messages["\(key).\(category)"] != nil ? "\(key).\(category)" : "\(key).other"
        return text(resolved, arguments.merging(["count": String(count)]) { $1 })
    }
}

/// All six catalogs, loaded once at start.
public struct Catalogs: Sendable {
    public let byLanguage: [Language: Catalog]

    public init(byLanguage: [Language: Catalog]) { self.byLanguage = byLanguage }

    public static var platformFolder: URL { PlatformResources.url("Localization") }

    /// Reads `<language>.json` from each folder; a key defined twice is a mistake and fails the start.
    public static func load(folders: [URL] = [platformFolder]) throws -> Catalogs {
        var loaded: [Language: Catalog] = [:]
        for language in Language.allCases {
            var messages: [String: String] = [:]
            for folder in folders {
                let url = folder.appendingPathComponent("\(language.rawValue).json")
                let part = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url))
                try messages.merge(part) { _, _ in throw ConfigurationError("message key defined twice in \(url.path)")
                }
            }
            loaded[language] = Catalog(language: language, messages: messages)
        }
        return Catalogs(byLanguage: loaded)
    }

    public subscript(language: Language) -> Catalog {
        byLanguage[language] ?? byLanguage[.fallback]!
    }
}
