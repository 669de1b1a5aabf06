/// Reading and writing RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). Pure.
public enum CSV {
    public enum Problem: Error, Equatable { case unterminatedQuote(line: Int) }

    /// Rows with the line each starts on (1-based); a quote left open fails the whole read.
    public static func rows(_ text: String) throws(Problem) -> [(line: Int, fields: [String])] {
        var rows: [(Int, [String])] = [], fields: [String] = [], field = ""
        var inQuotes = false, line = 1, rowLine = 1, afterQuote = false
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func endRow() { fields.append(field); rows.append((rowLine, fields)); fields = []; field = "" }
        while let c = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            field.append("\"")
                        } else {
                            inQuotes = false; afterQuote = true; pending = next
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !afterQuote: inQuotes = true
            case ",": fields.append(field); field = ""; afterQuote = false
            case "\n", "\r\n", "\r":
                endRow(); line += 1; rowLine = line; afterQuote = false
            default: field.append(c)
            }
        }
        if inQuotes { throw .unterminatedQuote(line: rowLine) }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows.filter { !($0.1.count == 1 && $0.1[0].isEmpty) }
    }

    /// One field for writing: quoted when it must be; a leading =, +, - or @ is neutralised so a
    /// spreadsheet does not run it as a formula.
    public static func field(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@".contains(first) { text = "'" + text }
        return text.contains(where: { ",\"\r\n".contains($0) })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
