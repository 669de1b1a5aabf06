import Documents
import Foundation

/// An Atom feed (RFC 4287) of a municipality's events or news. Pure.
public enum AtomFeed {
    public struct Entry: Sendable {
        public var id: String, title: String, summary: String, link: String, updated: Date
        public init(id: String, title: String, summary: String, link: String, updated: Date) {
            self.id = id; self.title = title; self.summary = summary; self.link = link; self.updated = updated
        }
    }

    public static func feed(id: String, title: String, link: String, selfLink: String, entries: [Entry], updated: Date)
        -> String
    {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        xml +=
            "<id>\(Markup.escape(id))</id><title>\(Markup.escape(title))</title>"
            + "<updated>\(Timestamp.text(updated))</updated>\n"
        xml +=
            """
            <link rel=\"alternate\" href=\"\(Markup.escape(link))\"/><link rel=\"self\" \
            href=\"\(Markup.escape(selfLink))\"/>\n
            """
        for entry in entries {
            xml +=
                "<entry><id>\(Markup.escape(entry.id))</id><title>\(Markup.escape(entry.title))</title>"
                + "<updated>\(Timestamp.text(entry.updated))</updated>"
            xml +=
                """
                <link rel=\"alternate\" \
                href=\"\(Markup.escape(entry.link))\"/><summary>\(Markup.escape(entry.summary))</summary></entry>\n
                """
        }
        return xml + "</feed>\n"
    }

}
