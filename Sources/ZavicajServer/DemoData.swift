import Foundation
import Platform

/// The four reference municipalities of the seeds, with departments and one staff
/// account per role, so every page can be clicked through on first start.
/// Contacts use the reserved `.test` domain: demo mail can never reach a real mailbox.
public struct DemoData: Sendable {
    public static let password = "zavicaj-demo-2026"
    let environment: AppEnvironment
    let history: Bool

    public init(environment: AppEnvironment, history: Bool = true) {
        self.environment = environment; self.history = history
    }

    /// `canton`: Jajce lies in Central Bosnia, Ključ in Una-Sana, Ljubuški in West Herzegovina,
    /// Kakanj in Zenica-Doboj.
    struct Place {
        let slug: String, code: String, names: [Language: String], address: String, phone: String, canton: Canton
    }

    static let places: [Place] = [
        Place(
            slug: "jajce", code: "JAJ",
            names: [
                .bs: "Općina Jajce", .hr: "Općina Jajce", .srLatn: "Opština Jajce",
                .srCyrl: "Општина Јајце", .en: "Municipality of Jajce", .de: "Gemeinde Jajce",
            ],
            address: "Trg Kralja Tvrtka 1, 70101 Jajce", phone: "+387 30 000 001", canton: .centralBosnia),
        Place(
            slug: "kljuc", code: "KLJ",
            names: [
                .bs: "Općina Ključ", .hr: "Općina Ključ", .srLatn: "Opština Ključ",
                .srCyrl: "Општина Кључ", .en: "Municipality of Ključ", .de: "Gemeinde Ključ",
            ],
            address: "Ulica Branilaca 1, 79280 Ključ", phone: "+387 37 000 002", canton: .unaSana),
        Place(
            slug: "ljubuski", code: "LJU",
            names: [
                .bs: "Grad Ljubuški", .hr: "Grad Ljubuški", .srLatn: "Grad Ljubuški",
                .srCyrl: "Град Љубушки", .en: "City of Ljubuški", .de: "Stadt Ljubuški",
            ],
            address: "Trg dr. Franje Tuđmana 1, 88320 Ljubuški", phone: "+387 39 000 003", canton: .westHerzegovina),
        Place(
            slug: "kakanj", code: "KAK",
            names: [
                .bs: "Općina Kakanj", .hr: "Općina Kakanj", .srLatn: "Opština Kakanj",
                .srCyrl: "Општина Какањ", .en: "Municipality of Kakanj", .de: "Gemeinde Kakanj",
            ],
            address: "Alije Izetbegovića 123, 72240 Kakanj", phone: "+387 32 000 004", canton: .zenicaDoboj),
    ]

    static let departments: [(key: String, names: [Language: String])] = [
        (
            "diaspora",
            [
                .bs: "Ured za dijasporu", .hr: "Ured za dijasporu", .srLatn: "Kancelarija za dijasporu",
                .srCyrl: "Канцеларија за дијаспору", .en: "Diaspora Office",
                .de: "Büro für die Diaspora",
            ]
        ),
        (
            "registry",
            [
                .bs: "Služba za opću upravu i matičnu evidenciju",
                .hr: "Služba za opću upravu i matičnu evidenciju",
                .srLatn: "Služba za opštu upravu i matičnu evidenciju",
                .srCyrl: "Служба за општу управу и матичну евиденцију",
                .en: "General Administration and Civil Registry", .de: "Allgemeine Verwaltung und Standesamt",
            ]
        ),
        (
            "economy",
            [
                .bs: "Služba za privredu i lokalni razvoj", .hr: "Služba za gospodarstvo i lokalni razvoj",
                .srLatn: "Služba za privredu i lokalni razvoj",
                .srCyrl: "Служба за привреду и локални развој",
                .en: "Economy and Local Development", .de: "Wirtschaft und lokale Entwicklung",
            ]
        ),
        (
            "planning",
            [
                .bs: "Služba za prostorno uređenje", .hr: "Služba za prostorno uređenje",
                .srLatn: "Služba za prostorno uređenje",
                .srCyrl: "Служба за просторно уређење",
                .en: "Spatial Planning", .de: "Raumplanung",
            ]
        ),
    ]

    /// Who holds each demo login: a person's name as staff lists show it, never a role's code.
    static let demoNames: [Role: String] = [
        .officer: "Lejla Softić", .registrar: "Emir Hodžić", .departmentStaff: "Mirza Kovačević",
        .municipalAdmin: "Selma Begović", .platformAdmin: "Adnan Mehić", .observer: "Ivana Jurić",
    ]

    /// The demo login of each role in a municipality.
    public static func email(role: Role, slug: String) -> String {
        let local: String
        switch role {
        case .officer: local = "officer"
        case .registrar: local = "registrar"
        case .departmentStaff: local = "department"
        case .municipalAdmin: local = "admin"
        case .platformAdmin: local = "platform"
        case .observer: local = "observer"
        }
        return "\(local)@\(slug).zavicaj.test"
    }

    public static var logins: [(municipality: String, role: Role, email: String)] {
        places.flatMap { place in Role.allCases.map { (place.slug, $0, email(role: $0, slug: place.slug)) } }
    }

    /// Loads only into an empty database, so a second start keeps everything as it was.
    @discardableResult
    public func loadIfEmpty() async throws -> Bool {
        guard try await environment.municipalities.all().isEmpty else { return false }
        let now = environment.clock.now()
        // One hash for all demo accounts: hashing 24 times at cost 12 would slow the first start.
        let hash = AccountService(environment).hash(Self.password)
        let actor = Actor.system("demo")
        try await environment.database.transaction { db in
            let municipalities = MunicipalityStore(db), accounts = AccountStore(db)
            for place in Self.places {
                let municipality = Municipality(
                    id: Random.id(), slug: place.slug, code: place.code, names: LocalizedText(place.names),
                    address: place.address, email: "dijaspora@\(place.slug).zavicaj.test",
                    phone: place.phone, website: "https://\(place.slug).zavicaj.test", entity: .fbih,
                    canton: place.canton)
                try await municipalities.insert(municipality, at: now)
                var departmentIDs: [String: String] = [:]
                for department in Self.departments {
                    let id = Random.id()
                    departmentIDs[department.key] = id
                    try await municipalities.insert(
                        Department(
                            id: id, municipalityID: municipality.id, names: LocalizedText(department.names),
                            email: "\(department.key)@\(place.slug).zavicaj.test"), at: now)
                }
                for role in Role.allCases {
                    let department =
                        role == .departmentStaff
                        ? departmentIDs["economy"] : role == .registrar ? departmentIDs["registry"] : nil
                    try await accounts.insert(
                        Account(
                            id: Random.id(), email: Self.email(role: role, slug: place.slug), passwordHash: hash,
                            displayName: "\(Self.demoNames[role]!) (\(place.names[.bs]!))", language: .bs,
                            timeZone: "Europe/Sarajevo", role: role, municipalityID: municipality.id,
                            departmentID: department, emailConfirmedAt: now, createdAt: now))
                }
                for capability in Capabilities.all.all {
                    try await capability.loadDemo(municipality, departments: departmentIDs, db: db, at: now)
                }
                try await AuditLog(db, clock: environment.clock).record(
                    actor, "demo.load", objectType: "municipality",
                    objectID: municipality.id, municipalityID: municipality.id)
            }
        }
        if history { try await DemoHistory(base: environment).load() }
        return true
    }
}
