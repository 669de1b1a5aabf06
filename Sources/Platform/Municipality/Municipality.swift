import Foundation

/// A tenant of the deployment: one municipality (općina) or city (grad).
public struct Municipality: Sendable, Equatable, Decodable {
    public var id: String
    public var slug: String
    /// Three letters that prefix human numbers (`JAJ-2026-000123`).
    public var code: String
    @Translations public var names: LocalizedText
    public var address: String
    public var email: String
    public var phone: String
    public var website: String
    /// Whose law applies here: the entity, and in FBiH the canton.
    public var entity: Entity
    public var canton: Canton?
    /// Its colour ("#0b5cad"), or "" for the platform's; see `MunicipalityFace`.
    public var colour: String
    /// Changes with every new crest ("" for none), so a page's link to it is fresh.
    public var crestVersion: String

    public init(
        id: String, slug: String, code: String, names: LocalizedText,
        address: String = "", email: String = "", phone: String = "", website: String = "",
        entity: Entity = .fbih, canton: Canton? = nil
    ) {
        self.id = id; self.slug = slug; self.code = code; self.names = names
        self.address = address; self.email = email; self.phone = phone; self.website = website
        self.entity = entity; self.canton = entity == .fbih ? canton : nil
        self.colour = ""; self.crestVersion = ""
    }
}

/// An organisational unit of a municipality (služba, odjeljenje).
public struct Department: Sendable, Equatable, Decodable {
    public var id: String
    public var municipalityID: String
    @Translations public var names: LocalizedText
    public var email: String

    public init(id: String, municipalityID: String, names: LocalizedText, email: String) {
        self.id = id; self.municipalityID = municipalityID; self.names = names; self.email = email
    }
}
