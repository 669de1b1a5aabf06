import Foundation
import Platform
import SQLKit

/// Demo events the seeds describe: business forums in Jajce and Ključ, the Dani dijaspore in
/// Ljubuški, an open day in Kakanj — each weeks ahead, open for registration, with a programme.
enum EventsDemo {
    struct Plan {
        let kind: Event.Kind, bs: String, en: String, de: String, place: String, inDays: Int, capacity: Int?
        let sessions: [(bs: String, en: String, hour: Int, hours: Int)]
    }

    static let plans: [String: Plan] = [
        "jajce": Plan(
            kind: .businessForum, bs: "Poslovni forum dijaspore Jajce", en: "Jajce diaspora business forum",
            de: "Wirtschaftsforum der Diaspora Jajce",
            place: "Hotel Stari grad, Jajce", inDays: 45, capacity: 80,
            sessions: [
                ("Otvaranje i predstavljanje investicijskih prilika", "Opening and investment opportunities", 9, 2),
                ("B2B sastanci", "B2B meetings", 11, 3),
            ]),
        "kljuc": Plan(
            kind: .businessForum, bs: "Forum dijaspore i lokalne privrede Ključ",
            en: "Ključ diaspora and local business forum",
            de: "Forum der Diaspora und lokalen Wirtschaft Ključ", place: "Dom kulture Ključ", inDays: 60,
            capacity: 40,
            sessions: [
                ("Prenos znanja i zapošljavanje", "Knowledge transfer and jobs", 10, 2),
                ("B2B sastanci", "B2B meetings", 12, 2),
            ]),
        "ljubuski": Plan(
            kind: .diasporaDays, bs: "Dani dijaspore Ljubuški", en: "Ljubuški Diaspora Days",
            de: "Tage der Diaspora Ljubuški",
            place: "Gradski trg, Ljubuški", inDays: 30, capacity: nil,
            sessions: [
                ("Svečani prijem za iseljeništvo", "Reception for the diaspora", 18, 2),
                ("Susret s partnerima iz Karlovca i Zagreba", "Meeting partners from Karlovac and Zagreb", 10, 2),
            ]),
        "kakanj": Plan(
            kind: .other, bs: "Dan otvorenih vrata e-uprave Kakanj", en: "Kakanj e-government open day",
            de: "Tag der offenen Tür der E-Verwaltung Kakanj",
            place: "Općina Kakanj, sala za sastanke", inDays: 20, capacity: 30,
            sessions: [
                (
                    "Elektronske matične knjige i kretanje dokumenata", "Electronic registry books and document flow",
                    11, 2
                )
            ]),
    ]

    static func load(_ municipality: Municipality, db: any SQLDatabase, at now: Date) async throws {
        guard let plan = plans[municipality.slug] else { return }
        let day = Day(sarajevo: now.addingTimeInterval(Double(plan.inDays) * 86_400))
        func at(_ hour: Int) -> Date { LocalTime.parse(String(format: "%@T%02d:00", day.description, hour))! }
        let event = Event(
            id: Random.id(), municipalityID: municipality.id, kind: plan.kind,
            title: LocalizedText([.bs: plan.bs, .en: plan.en, .de: plan.de]),
            description: LocalizedText([
                .bs: "\(plan.bs): susret dijaspore i lokalne zajednice.",
                .en: "\(plan.en): the diaspora meets the local community.",
            ]),
            venue: .inPerson, place: plan.place, onlineURL: "", startsAt: at(9), endsAt: at(20),
            opensAt: now.addingTimeInterval(-86_400),
            closesAt: at(8), capacity: plan.capacity, participantTypes: ParticipantType.allCases,
            questions: [
                Question(
                    id: "sector", kind: .text,
                    label: LocalizedText([.bs: "Djelatnost", .en: "Sector", .de: "Branche"]), choices: [],
                    required: false),
                Question(
                    id: "photo", kind: .consent,
                    label: LocalizedText([
                        .bs: "Slažem se s fotografisanjem na događaju",
                        .en: "I agree to be photographed at the event",
                    ]),
                    choices: [], required: true),
            ],
            createdAt: now)
        let store = EventStore(db)
        try await store.insert(event)
        for s in plan.sessions {
            try await store.insert(
                EventSession(
                    id: Random.id(), eventID: event.id, title: LocalizedText([.bs: s.bs, .en: s.en]), room: "",
                    startsAt: at(s.hour), endsAt: at(s.hour + s.hours), capacity: nil))
        }
        guard event.hasMatchmaking else { return }
        for hour in 11..<14 {
            for half in [0, 30] {
                let starts = at(hour).addingTimeInterval(Double(half) * 60)
                try await db.raw(
                    .insert(
                        into: "forum_slots", columns: ["id", "event_id", "starts_at", "ends_at", "tables"],
                        rows: [
                            [
                                Random.id(), event.id, Timestamp.text(starts),
                                Timestamp.text(starts.addingTimeInterval(25 * 60)), 8,
                            ]
                        ])
                ).run()
            }
        }
        let people: [(String, ParticipantType, String, String, String)] = [
            (
                "Edin Mujić", .diaspora, "Drvna industrija", "Kapital i iskustvo iz Njemačke",
                "Lokalnog partnera za pilanu"
            ),
            (
                "Drvo-Jajce d.o.o.", .localBusiness, "Drvna industrija", "Proizvodni pogon i radnu snagu",
                "Izvoz na tržište EU"
            ),
            ("Lejla Softić", .diaspora, "IT", "Prenos znanja u razvoju softvera", "Tim za outsourcing"),
        ]
        for (index, person) in people.enumerated() {
            let id = Random.id()
            try await db.raw(
                .insert(
                    into: "event_registrations",
                    columns: [
                        "id", "event_id", "account_id", "name", "email", "organisation", "participant_type", "language",
                        "status", "ticket_code", "key_hash",
                        "answers", "created_at", "status_at",
                    ],
                    rows: [
                        [
                            id, event.id, String?.none, person.0, "forum\(index + 1).\(municipality.slug)@demo.test",
                            person.0, person.1.rawValue, "bs", "confirmed",
                            ShortCode.make(), Random.digest(Random.token()), "{\"photo\":\"yes\"}", Timestamp.text(now),
                            Timestamp.text(now),
                        ]
                    ])
            ).run()
            try await db.raw(
                .insert(
                    into: "forum_profiles",
                    columns: [
                        "registration_id", "event_id", "sector", "kinds", "offers", "seeks", "published", "updated_at",
                    ],
                    rows: [
                        [id, event.id, person.2, "investment,partnership", person.3, person.4, 1, Timestamp.text(now)]
                    ])
            ).run()
        }
    }
}
