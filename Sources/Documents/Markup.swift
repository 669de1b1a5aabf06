import Foundation

/// The one writer of XML and SVG text (feeds, Open311, charts, QR codes): escaping, and accessible SVG
/// drawings. It lives beside the PDF writer, below Platform, because QR codes use it too.
public enum Markup {
    /// Text or an attribute value as XML: `&`, `<`, `>` and `"` escaped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    /// An SVG image for screen readers too: `role="img"`, the title as its label, the content as given.
    public static func svg(title: String, viewBox: String, size: String = "width=\"100%\"", _ content: String)
        -> String
    {
        let label = escape(title)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(label)\" viewBox=\"\(viewBox)\" "
            + "\(size)><title>\(label)</title>\(content)</svg>"
    }
}

/// Bar charts drawn on the server (no script), each bar with its number; pages put the same numbers in a table.
public enum BarChart {
    static let fill = "#1f5f8b"

    /// One labelled horizontal bar per row (at most 12), longest first as given.
    public static func horizontal(_ rows: [(label: String, value: Int)], title: String) -> String {
        let top = Array(rows.prefix(12)), maximum = max(1, top.map(\.value).max() ?? 1)
        var bars = ""
        for (index, row) in top.enumerated() {
            let y = 4 + index * 24, width = max(2, 300 * row.value / maximum)
            bars += "<text x=\"0\" y=\"\(y + 16)\" font-size=\"13\">\(Markup.escape(row.label))</text>"
            bars += "<rect x=\"190\" y=\"\(y + 3)\" width=\"\(width)\" height=\"16\" fill=\"\(fill)\"></rect>"
            bars += "<text x=\"\(196 + width)\" y=\"\(y + 16)\" font-size=\"13\">\(row.value)</text>"
        }
        return Markup.svg(title: title, viewBox: "0 0 560 \(24 * top.count + 8)", bars)
    }

    /// One column per month (the last 24), labelled `MM`-`YY` style by the month's last five characters.
    public static func columns(_ months: [(month: String, value: Int)], title: String) -> String {
        let shown = Array(months.suffix(24)), top = max(1, shown.map(\.value).max() ?? 1)
        var bars = ""
        for (index, m) in shown.enumerated() {
            let height = m.value == 0 ? 0 : max(2, 120 * m.value / top), x = 10 + index * 40
            bars += "<rect x=\"\(x)\" y=\"\(140 - height)\" width=\"30\" height=\"\(height)\" fill=\"\(fill)\"></rect>"
            bars +=
                "<text x=\"\(x + 15)\" y=\"\(136 - height)\" font-size=\"10\" text-anchor=\"middle\">\(m.value)</text>"
            bars += "<text x=\"\(x + 15)\" y=\"156\" font-size=\"9\" text-anchor=\"middle\">\(m.month.suffix(5))</text>"
        }
        return Markup.svg(title: title, viewBox: "0 0 \(40 * shown.count + 20) 162", bars)
    }
}
