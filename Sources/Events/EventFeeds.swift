import Foundation
import Platform

/// iCalendar (RFC 5545) for a ticket, an agenda and a municipality's calendar. Pure.
public enum ICS {
    public struct Item: Sendable {
        public var uid: String, summary: String, description: String, location: String, url: String
        public var starts: Date, ends: Date
        public init(
            uid: String, summary: String, description: String, location: String, url: String, starts: Date, ends: Date
        ) {
            self.uid = uid; self.summary = summary; self.description = description; self.location = location;
            self.url = url
            self.starts = starts; self.ends = ends
        }
    }

    public static func calendar(name: String, items: [Item], stamp: Date) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Zavicaj//Events//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape(name),
        ]
        for item in items {
            lines += [
                "BEGIN:VEVENT", "UID:\(item.uid)", "DTSTAMP:\(utc(stamp))", "DTSTART:\(utc(item.starts))",
                "DTEND:\(utc(item.ends))",
                "SUMMARY:" + escape(item.summary),
            ]
            if !item.description.isEmpty { lines.append("DESCRIPTION:" + escape(item.description)) }
            if !item.location.isEmpty { lines.append("LOCATION:" + escape(item.location)) }
            if !item.url.isEmpty { lines.append("URL:" + item.url) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `20270520T070000Z`.
    static func utc(_ date: Date) -> String {
        Timestamp.text(date).prefix(19).filter { $0 != "-" && $0 != ":" } + "Z"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,")
            .replacingOccurrences(of: "\r\n", with: "\\n").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Lines longer than 75 octets continue on the next line after a space, never inside a character.
    static func fold(_ line: String) -> String {
        var out = "", count = 0
        for character in line {
            let size = String(character).utf8.count
            if count + size > 75 { out += "\r\n "; count = 1 }
            out.append(character)
            count += size
        }
        return out
    }
}
