import CivilRegistry
import Diaspora
import Events
import Foundation
import Inquiries
import Newsroom
import Opportunities
import Platform

/// The twelve months before the May 2019 D4D meetings, played through the capabilities' own
/// services on a clock set back in time, so the indicators for 2018-05-16…2019-05-15 (Jajce,
/// Ključ) and 2018-05-15…2019-05-14 (Ljubuški) show exactly the seed articles' figures, each
/// counted from real records: questions answered, extracts issued, participants checked in,
/// office contacts logged, listener estimates and outcomes entered, visits counted.
struct DemoHistory: Sendable {
    let base: AppEnvironment
    let clock = ManualClock(Date(timeIntervalSince1970: 0))

    struct Figures {
        let visits, answers, extracts: Int, forums: [(day: String, participants: Int)], office, listeners: Int,
            jobs: [Int], households: [Int]
    }

    static let seeds: [String: (from: Day, to: Day, figures: Figures)] = [
        "jajce": (
            Day(2018, 5, 16), Day(2019, 5, 15),
            Figures(
                visits: 6_700, answers: 265, extracts: 91, forums: [("2018-11-17", 51)], office: 0, listeners: 0,
                jobs: [], households: [])
        ),
        "kljuc": (
            Day(2018, 5, 16), Day(2019, 5, 15),
            Figures(
                visits: 9_680, answers: 256, extracts: 0, forums: [("2018-10-06", 27)], office: 785, listeners: 10_171,
                jobs: [4, 5], households: [])
        ),
        "ljubuski": (
            Day(2018, 5, 15), Day(2019, 5, 14),
            Figures(
                visits: 0, answers: 0, extracts: 0, forums: [("2018-09-22", 40), ("2019-04-13", 46)], office: 0,
                listeners: 0, jobs: [], households: [120, 65])
        ),
    ]

    var env: AppEnvironment {
        AppEnvironment(
            database: base.database, clock: clock.clock, catalogs: base.catalogs, pages: base.pages,
            settings: base.settings, logger: base.logger)
    }

    func load() async throws {
        for (slug, seed) in Self.seeds.sorted(by: { $0.key < $1.key }) {
            guard let municipality = try await base.municipalities.find(slug: slug) else { continue }
            let officer = try await staff(.officer, slug), registrar = try await staff(.registrar, slug)
            let days = Day.gregorian.dateComponents([.day], from: seed.from.date, to: seed.to.date).day! + 1
            /// The i-th of n moments spread over the period, at office hours.
            func moment(_ i: Int, of n: Int, hour: Int = 9) -> Date {
                seed.from.adding(days: i * (days - 2) / max(n, 1)).date.addingTimeInterval(
                    Double(hour) * 3600 + Double(i % 50) * 60)
            }
            try await visits(municipality, count: seed.figures.visits) { moment($0, of: seed.figures.visits, hour: 10) }
            try await answers(municipality, officer: officer, count: seed.figures.answers) {
                moment($0, of: seed.figures.answers)
            }
            try await extracts(municipality, registrar: registrar, count: seed.figures.extracts) {
                moment($0, of: seed.figures.extracts)
            }
            for forum in seed.figures.forums {
                try await self.forum(municipality, day: forum.day, participants: forum.participants, officer: officer)
            }
            try await office(municipality, officer: officer, count: seed.figures.office) {
                moment($0, of: seed.figures.office, hour: 11)
            }
            try await outcomes(municipality, seed: seed, officer: officer)
        }
        // The history's mails went out back then: kept in the outbox, never sent again.
        try await base.database.sql.raw(
            """
            UPDATE mails SET status = 'kept', sent_at = created_at WHERE status = 'queued' AND created_at < \
            \(bind: Timestamp.text(Day(2019, 6, 1).date))
            """
        ).run()
    }

    func staff(_ role: Role, _ slug: String) async throws -> Account {
        guard let account = try await base.accounts.find(email: DemoData.email(role: role, slug: slug)) else {
            throw AppError.notFound
        }
        return account
    }

    func visits(_ municipality: Municipality, count: Int, at: (Int) -> Date) async throws {
        for start in stride(from: 0, to: count, by: 1_000) {
            let moments = (start..<min(start + 1_000, count)).map {
                (at($0), Random.digest("history-\(municipality.slug)-\($0)"))
            }
            try await VisitCounter(environment: env).record(moments, municipalityID: municipality.id)
        }
    }

    /// A question from abroad each, answered by the officer the same day.
    func answers(_ municipality: Municipality, officer: Account, count: Int, at: (Int) -> Date) async throws {
        guard count > 0, let category = try await InquiryStore(base.database.sql).categories(municipality.id).first
        else { return }
        let desk = InquiryDesk(env, municipality: municipality, officer: officer, actor: .system("demo history"))
        for i in 0..<count {
            clock.set(at(i))
            var s = Submission(
                categoryID: category.id, subject: "Pitanje iz dijaspore \(i + 1)",
                body: "Poštovani, trebam informaciju o dokumentima.",
                name: "Član dijaspore \(i + 1)", email: "pitanje\(i + 1)@\(municipality.slug)-dijaspora.test",
                language: "bs",
                timeZone: "Europe/Vienna")
            s.source = "history"
            let (inquiry, _) = try await InquiryService(env).submit(s, to: municipality, asker: nil, trusted: true)
            clock.advance(by: 3 * 3600)
            _ = try await desk.reply(inquiry, body: "Poštovani, odgovor je u prilogu ove poruke.", waitForAsker: false)
        }
    }

    /// A birth extract each for a different member abroad, issued from the municipality's own books.
    func extracts(_ municipality: Municipality, registrar: Account, count: Int, at: (Int) -> Date) async throws {
        guard count > 0 else { return }
        let ids = try await base.database.sql.raw(
            """
            SELECT id FROM registry_entries WHERE book = 'births' AND municipality_id = \(bind: municipality.id) ORDER \
            BY id
            """
        ).values("id", as: String.self)
        let desk = ExtractDesk(env, municipality: municipality, registrar: registrar, actor: .system("demo history"))
        var i = 0
        for id in ids where i < count {
            guard let entry = try await RegistryStore(base.database.sql).entry(id) else { continue }
            let f = entry.current
            // Only people already born then (the books run to today).
            guard let jmbg = f["jmbg"], (try? JMBG(jmbg, today: Day(at(i)).components)) != nil else { continue }
            clock.set(at(i))
            let member = Account(
                id: Random.id(), email: "izvod\(i + 1)@\(municipality.slug)-dijaspora.test", passwordHash: "-",
                displayName: "\(f["given_name"] ?? "") \(f["surname"] ?? "")",
                language: .bs, timeZone: "Europe/Vienna", role: nil, municipalityID: nil, departmentID: nil,
                emailConfirmedAt: clock.clock.now(),
                createdAt: clock.clock.now())
            try await base.accounts.insert(member)
            let request = try await ExtractService(env).submit(
                [
                    "kind": "birth", "relation": "self", "given_name": f["given_name"] ?? "",
                    "surname": f["surname"] ?? "", "jmbg": f["jmbg"] ?? "",
                    "purpose": "Dokumenti za boravak u inostranstvu", "language": "bs", "delivery": "electronic",
                    "payment": "office",
                ], to: municipality, by: member, actor: .system("demo history"))
            clock.advance(by: 2 * 3600)
            _ = try await desk.issue(request, entryID: entry.id, language: nil)
            i += 1
        }
    }

    /// A business forum: registrations during the month before, check-in at the door on the day.
    func forum(_ municipality: Municipality, day: String, participants: Int, officer: Account) async throws {
        guard let date = Day(text: day) else { return }
        clock.set(date.adding(days: -40).date)
        let event = try Event.check(
            [
                "kind": "business_forum", "title_bs": "Poslovni forum dijaspore \(day.prefix(4))",
                "title_en": "Diaspora business forum \(day.prefix(4))",
                "description_bs": "Susret dijaspore i lokalne privrede.", "venue": "in_person",
                "place": municipality.names[.bs],
                "starts_at": "\(day)T09:00", "ends_at": "\(day)T17:00", "opens_at": "\(date.adding(days: -30))T08:00",
                "closes_at": "\(day)T08:00",
            ], types: ParticipantType.allCases.map(\.rawValue), id: nil, municipalityID: municipality.id,
            now: clock.clock.now())
        try await EventStore(base.database.sql).insert(event)
        var codes: [String] = []
        for i in 0..<participants {
            clock.set(date.adding(days: -29 + i % 28).date.addingTimeInterval(10 * 3600))
            let type: ParticipantType = i % 3 == 2 ? .localBusiness : i % 7 == 6 ? .institution : .diaspora
            let input = RegistrationRules.Input(
                name: "Učesnik \(i + 1)", email: "forum\(i + 1).\(day)@\(municipality.slug)-dijaspora.test",
                organisation: "",
                participantType: type.rawValue, language: "bs", answers: [:], sessionIDs: [])
            let registration = try RegistrationRules.check(
                input, event: event, sessions: [], accountID: nil, now: clock.clock.now())
            codes.append(
                try await EventService(env: env).register(
                    registration, event: event, municipality: municipality, addressConfirmed: true,
                    actor: .system("demo history")
                ).0.ticketCode)
        }
        let actor = Actor(accountID: officer.id, email: officer.email, clientAddress: "demo")
        for (i, code) in codes.enumerated() {
            clock.set(event.startsAt.addingTimeInterval(Double(i) * 20 - 1_800))
            _ = try await EventService(env: env).checkIn(code: code, event: event, actor: actor)
        }
    }

    /// The diaspora office's contacts, in person, by phone, mail and social networks.
    func office(_ municipality: Municipality, officer: Account, count: Int, at: (Int) -> Date) async throws {
        let channels = ["in_person", "phone", "email", "social", "letter"],
            topics = ["Dokumenti", "Investicije", "Udruženja", "Dani dijaspore", "Penzije"]
        for i in 0..<count {
            clock.set(at(i))
            var input = [
                "party": i % 4 == 0 ? "association" : "member",
                "party_name": i % 4 == 0 ? "Prijatelji Ključa" : "Član dijaspore \(i + 1)",
                "channel": channels[i % channels.count], "topic": topics[i % topics.count],
                "outcome": "Informacija data.",
            ]
            if i % 10 == 0 { input["referral"] = "ministry" }
            try await DiasporaStore.log(
                try OfficeContact.check(
                    input, municipalityID: municipality.id, officer: officer, now: clock.clock.now()), env: env,
                actor: Actor(accountID: officer.id, email: officer.email, clientAddress: "demo"))
        }
    }

    /// Radio listeners over the period, jobs opened and households with a higher income.
    func outcomes(_ municipality: Municipality, seed: (from: Day, to: Day, figures: Figures), officer: Account)
        async throws
    {
        let actor = Actor(accountID: officer.id, email: officer.email, clientAddress: "demo")
        clock.set(seed.to.date.addingTimeInterval(14 * 3600))
        if seed.figures.listeners > 0,
            let programme = try await MediaStore(env: env).programmes(municipality.id).first?.id
        {
            try await MediaStore(env: env).recordListeners(
                programme,
                input: [
                    "from_on": seed.from.description, "to_on": seed.to.description,
                    "listeners": String(seed.figures.listeners), "source": "Procjena Radija Ključ",
                ],
                municipalityID: municipality.id, actor: actor)
        }
        guard let programme = try await OpportunityStore(env: env).programmes(municipality.id).first?.id else { return }
        for (kind, counts) in [("jobs", seed.figures.jobs), ("households", seed.figures.households)] {
            for (i, quantity) in counts.enumerated() {
                let day = seed.from.adding(days: 120 + i * 150)
                try await OpportunityStore(env: env).record(
                    try KnowledgeOutcome.check(
                        [
                            "outcome_kind": kind, "quantity": String(quantity), "happened_on": day.description,
                            "evidence": "Izvještaj programa",
                        ], today: seed.to),
                    programmeID: programme, municipalityID: municipality.id, by: officer, actor: actor)
            }
        }
    }
}
