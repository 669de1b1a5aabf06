import Foundation
import Platform

/// A report as CSV (one row per figure, breakdown part and month) and as JSON. Pure.
public enum IndicatorExport {
    public static func csv(_ reports: [(slug: String, report: IndicatorReport)]) -> String {
        var out = "municipality,from,to,indicator,part,value\r\n"
        for (slug, r) in reports {
            let head = [slug, r.from.description, r.to.description]
            func line(_ key: String, _ part: String, _ value: String) {
                out += (head + [key, part, value]).map(CSV.field).joined(separator: ",") + "\r\n"
            }
            for f in r.figures {
                line(f.key, "total", String(f.total))
                for part in f.breakdown { line(f.key, "by:\(part.label)", String(part.value)) }
                for month in f.monthly { line(f.key, "month:\(month.month)", String(month.value)) }
            }
            for share in r.shares { if let percent = share.percent { line(share.key, "total", String(percent)) } }
        }
        return out
    }

    public static func json(_ reports: [(slug: String, report: IndicatorReport)]) throws -> Data {
        var objects: [[String: Any]] = []
        for (slug, r) in reports {
            var figures: [String: Any] = [:]
            for f in r.figures {
                var breakdown: [String: Int] = [:], monthly: [String: Int] = [:]
                for part in f.breakdown { breakdown[part.label, default: 0] += part.value }
                for month in f.monthly { monthly[month.month, default: 0] += month.value }
                figures[f.key] = ["total": f.total, "breakdown": breakdown, "monthly": monthly] as [String: Any]
            }
            var object: [String: Any] = [
                "municipality": slug, "from": r.from.description, "to": r.to.description, "indicators": figures,
            ]
            for share in r.shares { object[share.key] = share.percent.map { $0 as Any } ?? NSNull() }
            objects.append(object)
        }
        var top: [String: Any] = ["municipalities": objects]
        if objects.count == 1 { top = objects[0] }
        return try JSONSerialization.data(withJSONObject: top, options: [.sortedKeys, .prettyPrinted])
    }
}

/// Monthly bars drawn on the server (no script), each with its number; the page puts the same
/// numbers in a table for screen readers.
enum MonthlyChart {
    static func svg(_ months: [(month: String, value: Int)], title: String) -> String {
        let shown = Array(months.suffix(24)), top = max(1, shown.map(\.value).max() ?? 1)
        let width = 40 * shown.count + 20
        var bars = ""
        for (index, m) in shown.enumerated() {
            let height = m.value == 0 ? 0 : max(2, 120 * m.value / top), x = 10 + index * 40
            bars += "<rect x=\"\(x)\" y=\"\(140 - height)\" width=\"30\" height=\"\(height)\" fill=\"#1f5f8b\"></rect>"
            bars +=
                "<text x=\"\(x + 15)\" y=\"\(136 - height)\" font-size=\"10\" text-anchor=\"middle\">\(m.value)</text>"
            bars += "<text x=\"\(x + 15)\" y=\"156\" font-size=\"9\" text-anchor=\"middle\">\(m.month.suffix(5))</text>"
        }
        let label = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
        return
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(label)\" viewBox=\"0 0 \(width) 162\" width=\"100%\"><title>\(label)</title>\(bars)</svg>"
    }
}
