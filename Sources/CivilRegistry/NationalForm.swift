import Foundation
import Platform

/// The national extract as the keeping municipality's entity prescribes it. Pure.
///
/// Header: the state, then the entity (and in FBiH the canton), as the entities' forms head
/// their documents. Items: in the order the entities' laws list the contents of an entry —
/// FBiH: Zakon o matičnim knjigama (Sl. novine FBiH 37/12, 80/14); RS: Zakon o matičnim
/// knjigama (Sl. glasnik RS 111/09, 43/13, 66/18); Brčko District: its own Zakon o matičnim
/// knjigama — name, sex, day, month, year, hour and place of birth, JMBG, citizenship, parents.
enum NationalForm {
    static func header(_ fields: [String: String], _ catalog: Catalog) -> [String] {
        let entity = Entity(rawValue: fields["document.entity"] ?? "") ?? .fbih
        var lines = [catalog.text("extract_state")]
        switch entity {
        case .fbih:
            lines.append(catalog.text("extract_entity_fbih"))
            if let canton = fields["document.canton"] { lines.append(catalog.text("canton_\(canton)")) }
        case .rs: lines.append(catalog.text("extract_entity_rs"))
        case .brcko: lines = [catalog.text("extract_state"), catalog.text("extract_entity_brcko")]
        }
        return lines
    }

    /// The law the extract is issued under, named in the footer of the form.
    static func law(_ fields: [String: String]) -> String {
        switch Entity(rawValue: fields["document.entity"] ?? "") ?? .fbih {
        case .fbih: "Zakon o matičnim knjigama (Službene novine FBiH 37/12, 80/14)"
        case .rs: "Zakon o matičnim knjigama (Službeni glasnik RS 111/09, 43/13, 66/18)"
        case .brcko: "Zakon o matičnim knjigama Brčko distrikta BiH"
        }
    }

    static func items(_ book: RegistryBook) -> [RegistryField] {
        let all = Dictionary(uniqueKeysWithValues: book.fields.map { ($0.name, $0) })
        let order: [String] =
            switch book {
            case .births:
                [
                    "given_name", "surname", "sex", "birth_date", "birth_time", "birth_place", "jmbg", "jmbg_missing",
                    "citizenship",
                    "father_name", "mother_name", "mother_maiden_name",
                ]
            case .marriages:
                [
                    "given_name", "surname", "jmbg", "jmbg_missing", "birth_date", "birth_place", "citizenship",
                    "surname_after",
                    "spouse_given_name", "spouse_surname", "spouse_jmbg", "spouse_jmbg_missing", "spouse_birth_date",
                    "spouse_birth_place",
                    "spouse_citizenship", "spouse_surname_after", "marriage_date", "marriage_place",
                ]
            case .deaths:
                [
                    "given_name", "surname", "sex", "jmbg", "jmbg_missing", "birth_date", "birth_place", "death_date",
                    "death_time", "death_place",
                    "spouse_name", "father_name", "mother_name",
                ]
            case .citizens:
                [
                    "given_name", "surname", "jmbg", "jmbg_missing", "birth_date", "birth_place", "citizenship",
                    "entity_citizenship", "acquired_on", "basis",
                ]
            }
        return order.compactMap { all[$0] }
    }

    /// The certificate states both citizenships: of Bosnia and Herzegovina and of the entity
    /// (Ustav BiH, čl. I.7; Zakon o državljanstvu BiH, Sl. glasnik BiH 4/97).
    static func citizenship(_ fields: [String: String], _ catalog: Catalog) -> String {
        let name = "\(fields["person.given_name"] ?? "") \(fields["person.surname"] ?? "")"
        let entity =
            fields["person.entity_citizenship"]
            ?? catalog.text("extract_entity_short_\(fields["document.entity"] ?? "fbih")")
        return catalog.text("extract_citizenship_statement", ["name": name, "entity": entity])
    }
}
