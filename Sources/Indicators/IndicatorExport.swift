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
