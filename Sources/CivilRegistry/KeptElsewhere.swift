import Foundation
import Platform

/// A registry entry kept by another deployment, as its keeper sealed it: enough to issue an extract
/// here that names the keeper and carries the keeper's seal of the version it was drawn from, so
/// anyone can check later that the record was not changed on its way. Pure.
public struct KeptElsewhere: Sendable {
    /// The keeping deployment's base URL, where living verification asks about the record.
    public let deployment: String
    /// The keeping municipality as the keeper describes it (its id is the keeper's).
    public let keeper: Municipality
    public let entry: RegistryEntry
    /// The latest version exactly as its seal covers it, and that seal.
    public let sealed: [String: String]
    public let seal: String

    public init(
        deployment: String, keeper: Municipality, entry: RegistryEntry, sealed: [String: String], seal: String
    ) {
        (self.deployment, self.keeper, self.entry, self.sealed, self.seal) = (deployment, keeper, entry, sealed, seal)
    }

    /// What the document signs besides the extract itself: the keeper's record as sealed (`record.*`).
    var recordFields: [String: String] {
        var fields = ["record.deployment": deployment, "record.seal": seal]
        for (key, value) in sealed { fields["record." + key] = value }
        return fields
    }
}

extension BookReference {
    /// Reads `description` back: "v/p/n", or "area year, v/p/n".
    public init?(description text: String) {
        let (head, place) =
            text.range(of: ", ", options: .backwards).map { (String(text[..<$0.lowerBound]), text[$0.upperBound...]) }
            ?? ("", Substring(text))
        let numbers = place.split(separator: "/").compactMap { Int($0) }
        guard numbers.count == 3 else { return nil }
        guard !head.isEmpty else { self.init(volume: numbers[0], page: numbers[1], number: numbers[2]); return }
        guard let space = head.lastIndex(of: " "), let year = Int(head[head.index(after: space)...]) else {
            return nil
        }
        self.init(
            area: String(head[..<space]), year: year, volume: numbers[0], page: numbers[1], number: numbers[2])
    }
}
