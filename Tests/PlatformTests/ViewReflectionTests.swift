import Foundation
import Mustache
import Testing

@testable import Platform

/// Views read through their types' field tables draw exactly what swift-mustache's `Mirror` drew.
@Suite struct ViewReflectionTests {
    enum Kind: String { case plain, takePart = "take_part" }
    struct Money: CustomStringConvertible {
        let cents: Int
        var description: String { "\(cents / 100),\(String(format: "%02d", cents % 100)) KM" }
    }
    struct Line { let label: String, done: Bool, note: String?, price: Money, tags: [String] }
    struct Node { let name: String, children: [Node] }
    struct Page {
        let title: String, count: Int, empty: [Line], lines: [Line], first: Line?, none: Line?
        let kind: Kind, when: Date, tree: Node, words: [String: String], options: [SelectOption]
        let field: Field
    }

    static let template = """
        {{title}} {{count}} {{kind}} {{when}} {{^empty}}no lines{{/empty}} {{#lines}}[{{label}}|{{#done}}done{{/done}}\
        {{^done}}open{{/done}}|{{note}}|{{price}}|{{#tags}}<{{.}}>{{/tags}}|{{title}}|{{count(tags)}}]{{/lines}} \
        {{#first}}{{label}} {{price.cents}}{{/first}} {{#none}}never{{/none}}{{^none}}none{{/none}} {{none.label}}
        {{#tree}}{{name}}{{#children}}({{name}}{{#children}}({{name}}){{/children}}){{/children}}{{/tree}}
        {{words.hello}} {{#options}}{{value}}={{label}}{{#selected}}*{{/selected}};{{/options}} {{first}}
        {{#field}}{{name}} {{label}} {{#choices}}{{value}}{{/choices}}{{hint}}{{/field}} {{#lines.0}}{{label}}{{/lines.0}}
        """

    @Test func drawsWhatTheMirrorDrew() throws {
        let lines = [
            Line(label: "Izvod <rođenih>", done: true, note: nil, price: Money(cents: 1050), tags: ["a", "b"]),
            Line(label: "Uvjerenje \"A\" & 'B'", done: false, note: "hitno", price: Money(cents: 500), tags: ["č<ć>"]),
        ]
        var field = Field(id: "f", name: "email", label: "E-mail")
        field.choices = [Field.Choice(name: "n", value: "v", label: "l", selected: true)]
        let page = Page(
            title: "Naslov", count: 2, empty: [], lines: lines, first: lines[0], none: nil, kind: .takePart,
            when: Date(timeIntervalSince1970: 0),
            tree: Node(name: "root", children: [Node(name: "a", children: [Node(name: "b", children: [])])]),
            words: ["hello": "zdravo"], options: [SelectOption("de", "Njemačka", selected: true)], field: field)
        var library = MustacheLibrary()
        try library.register(Self.template, named: "page")
        let mirrored = try #require(library.render(page, withTemplate: "page"))
        let tabled = try #require(library.render(ViewValue.presented(page), withTemplate: "page"))
        #expect(tabled == mirrored)
        #expect(tabled.contains("Izvod &lt;rođenih&gt;|done||10,50 KM|<a><b>|Naslov|2]"))
        #expect(tabled.contains("root(a(b))"))
        MustacheContentTypes.register(HTMLEscaping(), named: HTMLEscaping.name)
        try library.register(HTMLEscaping.pragma + Self.template, named: "escaped")
        let escaped = try #require(library.render(ViewValue.presented(page), withTemplate: "escaped"))
        #expect(escaped == mirrored, "byte-wise escaping draws what the library's did")
        #expect(escaped.contains("Uvjerenje &quot;A&quot; &amp; &#39;B&#39;") && escaped.contains("<č&lt;ć&gt;>"))
        #expect(ViewValue.presented(page) is ViewValue)
        #expect((ViewValue.presented("text") as? Text)?.string == "text")
        #expect(ViewValue.presented(Kind.plain) as? Kind == .plain)
    }
}
