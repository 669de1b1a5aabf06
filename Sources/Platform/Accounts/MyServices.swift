import Foundation
import Hummingbird

/// One thing a person has under way with a municipality — a question, a document request, a
/// ticket, a report, a profile — as "Moje usluge" lists it, with its status and what comes next.
public struct MyService: Sendable {
    /// The kinds "Moje usluge" groups by, in the order it shows them.
    public enum Kind: String, CaseIterable, Sendable {
        case questions, documents, reports, tickets, profiles
    }
    public let kind: Kind
    public let municipalityID: String
    public let title: String, reference: String, status: String
    public let since: Date
    /// What the person can or should do now, in their language; nil when nothing is waiting on them.
    public let nextStep: String?
    /// Where the item is, after the municipality's slug (`inquiries/JAJ-2026-00012`).
    public let path: String

    public init(
        kind: Kind, municipalityID: String, title: String, reference: String, status: String, since: Date,
        nextStep: String?, path: String
    ) {
        self.kind = kind; self.municipalityID = municipalityID; self.title = title; self.reference = reference
        self.status = status; self.since = since; self.nextStep = nextStep; self.path = path
    }
}

/// "Moje usluge" (`my_services`): everything of the person's, grouped by kind, each item with its
/// municipality, status, the day it began in the person's own time zone, and the next step.
struct MyServicesPage: PageView {
    static let template = "my_services"
    struct Item: Sendable {
        let title: String, reference: String?, status: String, since: String, municipality: String
        let nextStep: String?, href: String
    }
    struct Group: Sendable { let id: String, heading: String, items: [Item] }
    let title: String
    let groups: [Group]
    let empty: Bool
    let municipalities: [Link]
}

extension MyServicesPage {
    static func build(
        _ services: [MyService], municipalities: [Municipality], account: Account, catalog c: Catalog,
        language: Language
    ) -> MyServicesPage {
        let byID = Dictionary(uniqueKeysWithValues: municipalities.map { ($0.id, $0) })
        let groups = MyService.Kind.allCases.compactMap { kind -> Group? in
            let items = services.filter { $0.kind == kind }.sorted { $0.since > $1.since }.compactMap {
                service -> Item? in
                guard let municipality = byID[service.municipalityID] else { return nil }
                return Item(
                    title: service.title, reference: service.reference.isEmpty ? nil : service.reference,
                    status: service.status,
                    since: String(LocalTime.text(service.since, zone: account.timeZone).prefix(10)),
                    municipality: municipality.names[language], nextStep: service.nextStep,
                    href: "/\(municipality.slug)/\(service.path)")
            }
            guard !items.isEmpty else { return nil }
            return Group(id: kind.rawValue, heading: c.text("my_services_\(kind.rawValue)"), items: items)
        }
        return MyServicesPage(
            title: c.text("nav_my_services"), groups: groups, empty: groups.isEmpty,
            municipalities: municipalities.map { Link("/\($0.slug)/", $0.names[language]) })
    }
}
