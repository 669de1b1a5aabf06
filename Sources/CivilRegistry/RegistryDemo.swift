import Documents
import Foundation
import Platform
import SQLKit

/// A few hundred realistic, sealed entries per demo municipality: births with later marriage
/// and death annotations, the matching marriage and death entries, and citizens. The same
/// municipality always gets the same people (a seeded generator), with valid JMBGs.
struct RegistryDemo {
    static let births = 240

    static let maleNames = [
        "Amar", "Ćamil", "Dženan", "Emir", "Haris", "Ivan", "Josip", "Mirsad", "Nikola", "Željko", "Đorđe",
        "Šemsudin",
        "Tarik", "Zlatan", "Marko", "Dragan", "Edin", "Nedžad", "Stjepan", "Vlado",
    ]
    static let femaleNames = [
        "Amra", "Đurđa", "Šefika", "Lejla", "Ivana", "Jelena", "Mirela", "Selma", "Ana", "Željka", "Emina",
        "Azra", "Nermina", "Kata", "Dragana", "Maja", "Hajra", "Snježana", "Ljiljana", "Zehra",
    ]
    static let surnames = [
        "Hadžić", "Kovačević", "Šarić", "Begić", "Jurić", "Đurić", "Čaušević", "Mušić", "Pašalić",
        "Ljubić", "Hodžić", "Babić", "Marić", "Delić", "Softić", "Topić", "Ćosić", "Zubak", "Perić",
        "Mehmedović", "Šehić", "Nikolić", "Grgić", "Bešić",
    ]
    /// JMBG register region of each demo municipality (Zenica, Bihać, Mostar).
    static let regions = ["jajce": 19, "kljuc": 11, "ljubuski": 15, "kakanj": 19]

    struct Person {
        let given: String, surname: String, sex: String, birth: Day, jmbg: String, place: String, father: String,
            mother: String
    }

    static func load(_ municipality: Municipality, db: any SQLDatabase, at now: Date) async throws {
        var random = SeededGenerator(seed: UInt64(bitPattern: Int64(municipality.slug.hashValueStable)))
        let place = municipality.names[.bs].replacingOccurrences(of: "Općina ", with: "").replacingOccurrences(
            of: "Grad ", with: "")
        let today = Day(sarajevo: now)
        var people: [Person] = []
        var used = Set<String>()
        while people.count < births {
            let sex = Bool.random(using: &random) ? "male" : "female"
            let birth = Day(
                Int.random(in: 1938...2023, using: &random), Int.random(in: 1...12, using: &random),
                Int.random(in: 1...28, using: &random))
            guard let jmbg = jmbg(birth, region: regions[municipality.slug] ?? 19, sex: sex, random: &random),
                used.insert(jmbg).inserted
            else { continue }
            let surname = surnames.randomElement(using: &random)!
            people.append(
                Person(
                    given: (sex == "male" ? maleNames : femaleNames).randomElement(using: &random)!, surname: surname,
                    sex: sex,
                    birth: birth, jmbg: jmbg, place: place,
                    father: "\(maleNames.randomElement(using: &random)!) \(surname)",
                    mother: "\(femaleNames.randomElement(using: &random)!) \(surname)"))
        }
        let key = try await KeyRing(db, clock: AppClock { now }).current()
        var writer = DemoWriter(municipalityID: municipality.id, key: key, now: now)
        for (index, p) in people.enumerated() {
            let registered = p.birth.adding(days: Int.random(in: 1...15, using: &random))
            let entry = try writer.entry(
                .births, area: place, volume: p.birth.year, page: index / 20 + 1, number: index % 20 + 1,
                registeredOn: registered,
                fields: [
                    "given_name": p.given, "surname": p.surname, "sex": p.sex, "jmbg": p.jmbg,
                    "birth_date": p.birth.description,
                    "birth_time": String(
                        format: "%02d:%02d", Int.random(in: 0...23, using: &random),
                        Int.random(in: 0...59, using: &random)),
                    "birth_place": p.place, "citizenship": "BiH", "father_name": p.father, "mother_name": p.mother,
                    "mother_maiden_name": p.mother.split(separator: " ").last.map(String.init) ?? "",
                ])
            let adult = p.birth.adding(days: 365 * 22)
            if index % 3 == 0, adult < today, p.sex == "male" {
                let spouse = people[(index + 1) % people.count]
                let wedding = min(adult.adding(days: Int.random(in: 0...3000, using: &random)), today)
                try writer.entry(
                    .marriages, area: place, volume: wedding.year, page: index / 20 + 1, number: index % 20 + 1,
                    registeredOn: wedding,
                    fields: [
                        "given_name": p.given, "surname": p.surname, "jmbg": p.jmbg, "birth_date": p.birth.description,
                        "birth_place": p.place, "citizenship": "BiH", "surname_after": p.surname,
                        "spouse_given_name": spouse.given, "spouse_surname": spouse.surname, "spouse_jmbg": spouse.jmbg,
                        "spouse_birth_date": spouse.birth.description, "spouse_birth_place": spouse.place,
                        "spouse_citizenship": "BiH",
                        "spouse_surname_after": p.surname, "marriage_date": wedding.description,
                        "marriage_place": p.place,
                    ])
                try writer.annotate(
                    entry, kind: "marriage", on: wedding,
                    description: "Zaključio brak sa \(spouse.given) \(spouse.surname)")
            }
            if index % 4 == 2, p.birth.year < 1965 {
                let death = min(p.birth.adding(days: 365 * 70 + Int.random(in: 0...4000, using: &random)), today)
                try writer.entry(
                    .deaths, area: place, volume: death.year, page: index / 20 + 1, number: index % 20 + 1,
                    registeredOn: death,
                    fields: [
                        "given_name": p.given, "surname": p.surname, "sex": p.sex, "jmbg": p.jmbg,
                        "birth_date": p.birth.description,
                        "birth_place": p.place, "death_date": death.description, "death_place": p.place,
                        "father_name": p.father, "mother_name": p.mother,
                    ])
                try writer.annotate(entry, kind: "death", on: death, description: "Umro/la u mjestu \(p.place)")
            }
            if index % 6 == 1 {
                try writer.entry(
                    .citizens, area: place, volume: registered.year, page: index / 20 + 1, number: index % 20 + 1,
                    registeredOn: registered,
                    fields: [
                        "given_name": p.given, "surname": p.surname, "jmbg": p.jmbg, "birth_date": p.birth.description,
                        "birth_place": p.place,
                        "citizenship": "BiH", "entity_citizenship": "FBiH", "acquired_on": p.birth.description,
                        "basis": "porijeklo",
                    ])
            }
        }
        // A marriage with a foreign spouse, who has no JMBG: the kind of entry CIEC form B travels with.
        if let groom = people.first(where: { $0.sex == "male" && $0.birth.year < 1995 }) {
            let wedding = Day(2019, 7, 13)
            try writer.entry(
                .marriages, area: place, volume: wedding.year, page: 99, number: 1, registeredOn: wedding,
                fields: [
                    "given_name": groom.given, "surname": groom.surname, "jmbg": groom.jmbg,
                    "birth_date": groom.birth.description,
                    "birth_place": groom.place, "citizenship": "BiH", "surname_after": groom.surname,
                    "spouse_given_name": "Anna", "spouse_surname": "Müller", "spouse_jmbg_missing": "foreign_citizen",
                    "spouse_birth_date": "1991-04-12", "spouse_birth_place": "Stuttgart, Njemačka",
                    "spouse_citizenship": "Njemačka",
                    "spouse_surname_after": "Müller-\(groom.surname)", "marriage_date": wedding.description,
                    "marriage_place": groom.place,
                ])
        }
        try await writer.flush(db)
    }

    /// A valid JMBG for the day, region and sex, or nil when the sequence drawn has no control digit.
    static func jmbg(_ day: Day, region: Int, sex: String, random: inout SeededGenerator) -> String? {
        let sequence = Int.random(in: 0...499, using: &random) + (sex == "female" ? 500 : 0)
        let twelve = String(format: "%02d%02d%03d%02d%03d", day.day, day.month, day.year % 1000, region, sequence)
        guard let control = JMBG.controlDigit(twelve.compactMap(\.wholeNumberValue)) else { return nil }
        return twelve + String(control)
    }
}

/// Collects the demo entries, versions and search rows, and writes them in a few statements.
struct DemoWriter {
    let municipalityID: String, key: SigningKey, now: Date
    var entries: [[any Encodable & Sendable]] = [], versions: [[any Encodable & Sendable]] = [],
        index: [[any Encodable & Sendable]] = []
    var versionCount: [String: Int] = [:], book: [String: RegistryBook] = [:], reference: [String: BookReference] = [:],
        fields: [String: [String: String]] = [:]

    @discardableResult
    mutating func entry(
        _ book: RegistryBook, area: String, volume: Int, page: Int, number: Int, registeredOn: Day,
        fields: [String: String]
    ) throws -> String {
        let id = Random.id(),
            reference = BookReference(area: area, year: registeredOn.year, volume: volume, page: page, number: number)
        entries.append([
            id, municipalityID, book.rawValue, area, registeredOn.year, volume, page, number, registeredOn.description,
            Timestamp.text(now),
        ])
        self.book[id] = book; self.reference[id] = reference; self.fields[id] = fields
        try version(id, kind: "entry", annotation: [:])
        for person in RegistryDesk.people(book, fields) {
            index.append([id, municipalityID, person.jmbg, person.nameKey, person.birthDate])
        }
        return id
    }

    mutating func annotate(_ id: String, kind: String, on day: Day, description: String) throws {
        try version(
            id, kind: kind,
            annotation: [
                "kind": kind, "description": description, "act": "Izvod iz matične knjige",
                "issuer": "Matični ured", "act_number": "03-13-\(day.year)", "act_date": day.description,
            ])
    }

    mutating func version(_ id: String, kind: String, annotation: [String: String]) throws {
        let number = (versionCount[id] ?? 0) + 1
        versionCount[id] = number
        let content = RegistryVersion.sealed(
            entryID: id, book: book[id]!, reference: reference[id]!, version: number, kind: kind, fields: fields[id]!,
            annotation: annotation, recordedAt: Timestamp.text(now), recordedBy: "demo")
        let seal = try DocumentSeal.sign(content, with: key)
        versions.append([
            Random.id(), id, number, kind, RegistryStore.json(fields[id]!), RegistryStore.json(annotation),
            Timestamp.text(now),
            "demo", "Matični ured", seal.text,
        ])
    }

    func flush(_ db: any SQLDatabase) async throws {
        for chunk in stride(from: 0, to: entries.count, by: 200) {
            try await db.raw(
                .insert(
                    into: "registry_entries",
                    columns: [
                        "id", "municipality_id", "book", "area", "book_year", "volume", "page", "number",
                        "registered_on", "created_at",
                    ],
                    rows: Array(entries[chunk..<min(chunk + 200, entries.count)]))
            ).run()
        }
        for chunk in stride(from: 0, to: versions.count, by: 200) {
            try await db.raw(
                .insert(
                    into: "registry_versions",
                    columns: [
                        "id", "entry_id", "version", "kind", "fields", "annotation", "recorded_at",
                        "recorded_by", "recorded_by_name", "seal",
                    ],
                    rows: Array(versions[chunk..<min(chunk + 200, versions.count)]))
            ).run()
        }
        for chunk in stride(from: 0, to: index.count, by: 200) {
            try await db.raw(
                .insert(
                    into: "registry_index", columns: ["entry_id", "municipality_id", "jmbg", "name_key", "birth_date"],
                    rows: Array(index[chunk..<min(chunk + 200, index.count)]))
            ).run()
        }
    }
}

/// SplitMix64: the same demo people on every start, on every machine.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension String {
    /// A hash that does not change between runs (Swift's `hashValue` is seeded per process).
    var hashValueStable: Int {
        Int(
            truncatingIfNeeded: unicodeScalars.reduce(UInt64(1_469_598_103_934_665_603)) {
                ($0 ^ UInt64($1.value)) &* 1_099_511_628_211
            })
    }
}
