import Foundation
import Platform

/// What an issued document says, as the flat fields that are signed, embedded in the PDF
/// and shown by verification. The page is drawn from these fields alone, so what is
/// printed is what is signed. Pure.
public enum ExtractContent {
    /// Everything needed to describe one issue.
    public struct Issue: Sendable {
        public var number: String
        public var code: String
        public var kind: ExtractKind
        public var language: Language
        public var issuer: Municipality
        public var keeper: Municipality
        public var registrarName: String
        public var issuedAt: Date
        public var verifyURL: String
        /// The record another deployment keeps, when the entry is not in this deployment's books.
        public var record: KeptElsewhere?

        public init(
            number: String, code: String, kind: ExtractKind, language: Language, issuer: Municipality,
            keeper: Municipality,
            registrarName: String, issuedAt: Date, verifyURL: String
        ) {
            self.number = number; self.code = code; self.kind = kind; self.language = language; self.issuer = issuer;
            self.keeper = keeper
            self.registrarName = registrarName; self.issuedAt = issuedAt; self.verifyURL = verifyURL
        }
    }

    public static func fields(_ entry: RegistryEntry, _ issue: Issue) -> [String: String] {
        // A CIEC extract is written in Latin letters whatever script was asked for.
        let names = issue.kind.isInternational && issue.language == .srCyrl ? Language.srLatn : issue.language
        var fields: [String: String] = [
            "document.number": issue.number, "document.code": issue.code, "document.kind": issue.kind.rawValue,
            "document.language": issue.language.rawValue,
            "document.issued_on": Day(sarajevo: issue.issuedAt).description,
            "document.issued_at": Timestamp.text(issue.issuedAt), "document.validity": "no_expiry",
            "document.issuer": issue.issuer.names[names], "document.issuer_id": issue.issuer.id,
            "document.keeper": issue.keeper.names[names], "document.keeper_id": issue.keeper.id,
            "document.entity": issue.keeper.entity.rawValue,
            "document.registrar": issue.registrarName, "document.verify_url": issue.verifyURL,
            "entry.id": entry.id, "entry.version": String(entry.versions.last?.version ?? 1),
            "entry.book": entry.book.rawValue,
            "entry.volume": String(entry.reference.volume), "entry.page": String(entry.reference.page),
            "entry.number": String(entry.reference.number), "entry.registered_on": entry.registeredOn,
        ]
        // Entries made before areas and years were recorded carry neither (and their documents stay as they were).
        if !entry.reference.area.isEmpty {
            fields["entry.area"] = entry.reference.area
            fields["entry.book_year"] = String(entry.reference.year)
        }
        for (name, value) in entry.current { fields["person." + name] = value }
        if let canton = issue.keeper.canton { fields["document.canton"] = canton.rawValue }
        fields.merge(issue.record?.recordFields ?? [:]) { own, _ in own }
        for (index, version) in entry.versions.dropFirst().enumerated() {
            for (name, value) in version.annotation { fields["annotation.\(index + 1).\(name)"] = value }
            // Each later entry with the day it was entered and the registrar who entered it.
            fields["annotation.\(index + 1).entered_on"] = Day(sarajevo: version.recordedAt).description
            fields["annotation.\(index + 1).registrar"] = version.recordedByName
        }
        return fields
    }

    /// The annotations of signed fields, in order.
    public static func annotations(_ fields: [String: String]) -> [[String: String]] {
        var list: [[String: String]] = []
        var index = 1
        while fields["annotation.\(index).kind"] != nil {
            var annotation: [String: String] = [:]
            for (key, value) in fields where key.hasPrefix("annotation.\(index).") {
                annotation[String(key.dropFirst("annotation.\(index).".count))] = value
            }
            list.append(annotation)
            index += 1
        }
        return list
    }

    /// What verification may show anyone: type, name, date of issue, municipality — never the JMBG.
    public static func publicSummary(_ fields: [String: String]) -> [String: String] {
        [
            "kind": fields["document.kind"] ?? "",
            "name": "\(fields["person.given_name"] ?? "") \(fields["person.surname"] ?? "")",
            "issued_on": fields["document.issued_on"] ?? "", "municipality": fields["document.issuer"] ?? "",
            "keeper": fields["document.keeper"] ?? "", "number": fields["document.number"] ?? "",
        ]
    }

    /// `1994-03-15` as printed on a BiH document: `15.03.1994.`
    public static func localDate(_ iso: String) -> String {
        guard let day = Day(text: iso) else { return iso }
        return String(format: "%02d.%02d.%04d.", day.day, day.month, day.year)
    }
}
