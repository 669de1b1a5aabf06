import Foundation
import Platform

/// A search over the books of every municipality of the deployment.
public struct RegistryQuery: Sendable {
    public var jmbg: String?
    public var nameKey: String?
    public var birthDate: String?
    public var book: RegistryBook?
    public var reference: BookReference?
    public var municipalityID: String?
    public init() {}

    /// The search a registrar asked for (`jmbg`, `name`, `birth_date`, `book`, `volume`, `page`, `number`), for
    /// the page and the API alike; nil when nothing that finds an entry was given. A bad reference is an error.
    public static func asked(_ value: (String) -> String?) throws -> RegistryQuery? {
        var query = RegistryQuery()
        query.jmbg = value("jmbg").map { $0.filter(\.isNumber) }.flatMap { $0.isEmpty ? nil : $0 }
        query.nameKey = value("name").map(NameKey.of).flatMap { $0.isEmpty ? nil : $0 }
        query.birthDate = value("birth_date").flatMap { Day(text: $0)?.description }
        query.book = value("book").flatMap(RegistryBook.init(rawValue:))
        let place = ["volume", "page", "number"].map { value($0).flatMap { $0.isEmpty ? nil : $0 } }
        if place.contains(where: { $0 != nil }) {
            query.reference = try RegistryRules.reference(volume: place[0], page: place[1], number: place[2])
        }
        return query.jmbg != nil || query.nameKey != nil || query.reference != nil ? query : nil
    }
}
