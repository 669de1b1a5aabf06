import Foundation

/// The four registry books a municipality keeps (matične knjige).
public enum RegistryBook: String, CaseIterable, Sendable, Decodable {
    case births, marriages, deaths, citizens

    /// What an entry of this book holds, in form order. The first person's fields feed the search.
    /// Every JMBG may be absent with a stated reason (a foreign spouse, a death before 1976, an old
    /// book entry). Fields added later are optional, so older entries still take annotations.
    public var fields: [RegistryField] {
        switch self {
        case .births:
            return [.text("given_name"), .text("surname"), .sex("sex")] + RegistryField.identity("jmbg") + [
                .date("birth_date"), .time("birth_time"),
                .text("birth_place"), .text("citizenship"), .text("father_name", required: false),
                .text("mother_name"), .text("mother_maiden_name", required: false),
            ]
        case .marriages:
            // Both spouses as CIEC form B lists them: names before and after, date and place of birth.
            return [.text("given_name"), .text("surname")] + RegistryField.identity("jmbg") + [
                .date("birth_date"),
                .text("birth_place", required: false), .text("citizenship", required: false),
                .text("surname_after", required: false),
                .text("spouse_given_name"), .text("spouse_surname"),
            ] + RegistryField.identity("spouse_jmbg")
                + [
                    .date("spouse_birth_date", required: false), .text("spouse_birth_place", required: false),
                    .text("spouse_citizenship", required: false), .text("spouse_surname_after", required: false),
                    .date("marriage_date"), .text("marriage_place"),
                ]
        case .deaths:
            // CIEC form C also names the place of birth, the last spouse and the parents.
            return [.text("given_name"), .text("surname"), .sex("sex")] + RegistryField.identity("jmbg") + [
                .date("birth_date"),
                .text("birth_place", required: false), .date("death_date"), .time("death_time", required: false),
                .text("death_place"),
                .text("spouse_name", required: false), .text("father_name", required: false),
                .text("mother_name", required: false),
            ]
        case .citizens:
            // BiH citizenship and the entity's (Ustav BiH, čl. I.7; Zakon o državljanstvu BiH, Sl. glasnik BiH 4/97).
            return [.text("given_name"), .text("surname")] + RegistryField.identity("jmbg") + [
                .date("birth_date"), .text("birth_place"),
                .text("citizenship"), .text("entity_citizenship", required: false), .date("acquired_on"),
                .text("basis"),
            ]
        }
    }

    /// The pairs of a person's JMBG and date of birth, checked against each other.
    var birthDates: [(jmbg: String, date: String)] {
        self == .marriages ? [("jmbg", "birth_date"), ("spouse_jmbg", "spouse_birth_date")] : [("jmbg", "birth_date")]
    }
}

/// Why an entry has no JMBG.
public enum JMBGAbsence: String, CaseIterable, Sendable {
    case foreignCitizen = "foreign_citizen", notAssigned = "not_assigned", unknown
}

/// One field of an entry: its name (also its catalog key, `registry_field_<name>`) and kind.
public struct RegistryField: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case text, date, time, jmbg, absence, sex }
    public let name: String
    public let kind: Kind
    public let required: Bool

    static func text(_ name: String, required: Bool = true) -> RegistryField {
        RegistryField(name: name, kind: .text, required: required)
    }
    static func date(_ name: String, required: Bool = true) -> RegistryField {
        RegistryField(name: name, kind: .date, required: required)
    }
    static func time(_ name: String, required: Bool = true) -> RegistryField {
        RegistryField(name: name, kind: .time, required: required)
    }
    /// A JMBG and, beside it, the reason when there is none (`<name>_missing`).
    static func identity(_ name: String) -> [RegistryField] {
        [
            RegistryField(name: name, kind: .jmbg, required: false),
            RegistryField(name: "\(name)_missing", kind: .absence, required: false),
        ]
    }
    static func sex(_ name: String) -> RegistryField { RegistryField(name: name, kind: .sex, required: true) }
}

/// Where an entry stands: the registry area (matično područje; a municipality keeps several), the
/// book's year, and volume, page and entry number (svezak, strana, redni broj).
public struct BookReference: Sendable, Equatable, Hashable {
    public let area: String, year: Int
    public let volume: Int, page: Int, number: Int
    public init(area: String = "", year: Int = 0, volume: Int, page: Int, number: Int) {
        self.area = area; self.year = year; self.volume = volume; self.page = page; self.number = number
    }
    /// Entries made before areas and years were recorded keep their "v/p/n", and so their seals.
    public var description: String {
        area.isEmpty && year == 0 ? "\(volume)/\(page)/\(number)" : "\(area) \(year), \(volume)/\(page)/\(number)"
    }
}

/// The kinds of later entries (naknadni upisi i zabilješke) and corrections.
/// On a marriage record a death is the husband's or the wife's (CIEC symbols Dm, Df).
public enum AnnotationKind: String, CaseIterable, Sendable {
    case marriage, separation, divorce, annulment, nameChange = "name_change", death, deathOfHusband = "death_husband",
        deathOfWife = "death_wife", citizenship, paternity, adoption, correction
}
