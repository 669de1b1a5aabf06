import Foundation

/// The four registry books a municipality keeps (matične knjige).
public enum RegistryBook: String, CaseIterable, Sendable {
    case births, marriages, deaths, citizens

    /// What an entry of this book holds, in form order. The first person's fields feed the search.
    public var fields: [RegistryField] {
        switch self {
        case .births:
            return [.text("given_name"), .text("surname"), .sex("sex"), .jmbg("jmbg"), .date("birth_date"), .time("birth_time"),
                    .text("birth_place"), .text("citizenship"), .text("father_name", required: false),
                    .text("mother_name"), .text("mother_maiden_name", required: false)]
        case .marriages:
            return [.text("given_name"), .text("surname"), .jmbg("jmbg"), .date("birth_date"),
                    .text("spouse_given_name"), .text("spouse_surname"), .jmbg("spouse_jmbg"),
                    .date("marriage_date"), .text("marriage_place"), .text("surname_after", required: false)]
        case .deaths:
            return [.text("given_name"), .text("surname"), .sex("sex"), .jmbg("jmbg"), .date("birth_date"),
                    .date("death_date"), .time("death_time", required: false), .text("death_place")]
        case .citizens:
            return [.text("given_name"), .text("surname"), .jmbg("jmbg"), .date("birth_date"), .text("birth_place"),
                    .text("citizenship"), .date("acquired_on"), .text("basis")]
        }
    }
}

/// One field of an entry: its name (also its catalog key, `registry_field_<name>`) and kind.
public struct RegistryField: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case text, date, time, jmbg, sex }
    public let name: String
    public let kind: Kind
    public let required: Bool

    static func text(_ name: String, required: Bool = true) -> RegistryField { RegistryField(name: name, kind: .text, required: required) }
    static func date(_ name: String) -> RegistryField { RegistryField(name: name, kind: .date, required: true) }
    static func time(_ name: String, required: Bool = true) -> RegistryField { RegistryField(name: name, kind: .time, required: required) }
    static func jmbg(_ name: String) -> RegistryField { RegistryField(name: name, kind: .jmbg, required: true) }
    static func sex(_ name: String) -> RegistryField { RegistryField(name: name, kind: .sex, required: true) }
}

/// Where an entry stands in its book: volume, page and entry number (svezak, strana, redni broj).
public struct BookReference: Sendable, Equatable, Hashable {
    public let volume: Int, page: Int, number: Int
    public init(volume: Int, page: Int, number: Int) { self.volume = volume; self.page = page; self.number = number }
    public var description: String { "\(volume)/\(page)/\(number)" }
}

/// The kinds of later entries (naknadni upisi i zabilješke) and corrections.
public enum AnnotationKind: String, CaseIterable, Sendable {
    case marriage, divorce, nameChange = "name_change", death, citizenship, paternity, adoption, correction
}
