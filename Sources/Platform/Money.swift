import Foundation

/// Money in integer fening, written the Bosnian way: `12.500,00 KM` (or `12.500 KM`).
public enum Money {
    public static func km(_ fening: Int, withFening: Bool = true) -> String {
        var digits = String(abs(fening) / 100), grouped = ""
        while digits.count > 3 { grouped = "." + digits.suffix(3) + grouped; digits = String(digits.dropLast(3)) }
        let sign = fening < 0 ? "-" : ""
        return sign + digits + grouped + (withFening ? "," + String(format: "%02d", abs(fening) % 100) : "") + " KM"
    }
}

extension Money {
    /// Whole KM as typed (`250000`, `250.000`), in fening; an empty field is none.
    public static func parseKM(_ raw: String?, field: String) throws -> Int? {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        guard let km = Int(raw.replacingOccurrences(of: ".", with: "")), km >= 0, km < 100_000_000_000 else {
            throw AppError.invalid(field, "amount_invalid")
        }
        return km * 100
    }
}
