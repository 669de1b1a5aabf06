import Mustache

// swift-mustache draws a plain `String` through a chain of dynamic casts (template? renderable?
// lambda? optional?) and `String(describing:)`, and escapes it character by character through a
// dictionary; on a staff list those were a quarter of the request (`perf record -g`, issue 19).
// Text the views hand to templates is boxed as `Text`, which the library draws at its second
// cast, and the templates escape with `HTMLEscaping`, which looks at bytes. The output is the same.

/// A string for the templates: drawn as itself (escaped), with no names of its own, so a name
/// looked up inside `{{#text}}…{{/text}}` is found in the enclosing values, as for a `String`.
struct Text: MustacheParent, MustacheCustomRenderable {
    let string: String
    func child(named name: String) -> Any? { nil }
    var renderText: String { string }
    var isNull: Bool { false }
}

/// The catalog's words (`{{t.key}}`) handed out as `Text`.
struct Words: MustacheParent {
    let words: [String: String]
    func child(named name: String) -> Any? { words[name].map(Text.init) }
}

/// HTML escaping of `<`, `>`, `&`, `"` and `'` (the characters and entities swift-mustache's own
/// escaping uses), byte by byte: text without any of them, most of it, is returned as it is.
/// Unlike the library's, a `<` followed by a combining mark is escaped too.
struct HTMLEscaping: MustacheContentType {
    static let name = "ZAVICAJ_HTML"
    /// Put before every template, so that it and the partials it draws escape with this.
    static let pragma = "{{% CONTENT_TYPE: \(name)}}"

    func escapeText(_ text: String) -> String {
        guard text.utf8.contains(where: Self.special) else { return text }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "<"): escaped.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): escaped.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): escaped.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\""): escaped.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): escaped.append(contentsOf: "&#39;".utf8)
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    static func special(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
