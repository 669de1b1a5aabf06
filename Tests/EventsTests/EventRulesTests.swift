import Foundation
import Platform
import Testing

@testable import Events

/// The pure rules of events: the form, seats, slots, meeting placement, calendars.
@Suite struct EventRulesTests {
    static let form = [
        "kind": "business_forum", "title_bs": "Poslovni forum", "venue": "in_person", "place": "Jajce",
        "starts_at": "2027-05-20T09:00", "ends_at": "2027-05-20T17:00", "opens_at": "2027-04-01T00:00",
        "closes_at": "2027-05-19T12:00",
    ]

    @Test func anEventIsReadInSarajevoTimeAndBadFormsAreRefusedAtTheirField() throws {
        let event = try Event.check(Self.form, types: ["diaspora"], id: nil, municipalityID: "m", now: Date())
        #expect(
            Timestamp.text(event.startsAt) == "2027-05-20T07:00:00.000Z", "09:00 in Sarajevo in summer is 07:00 UTC")
        #expect(event.capacity == nil && event.participantTypes == [.diaspora])
        func field(_ change: [String: String], types: [String] = ["diaspora"]) -> String? {
            do {
                _ = try Event.check(
                    Self.form.merging(change) { $1 }, types: types, id: nil, municipalityID: "m", now: Date());
                return nil
            } catch let error as AppError { return "\(error.field ?? "-"):\(error.code)" } catch { return "\(error)" }
        }
        #expect(field(["ends_at": "2027-05-20T08:00"]) == "ends_at:event_ends_before_start")
        #expect(field(["closes_at": "2027-05-21T08:00"]) == "closes_at:event_closes_after_end")
        #expect(field(["starts_at": "2027-02-30T09:00"]) == "starts_at:datetime_invalid")
        #expect(field(["venue": "online"]) == "online_url:event_link_invalid")
        #expect(field(["capacity": "-3"]) == "capacity:event_seats_invalid")
        #expect(field(["title_bs": ""]) == "title_bs:required")
        #expect(field([:], types: ["martians"]) == "participant_types:invalid_choice")
    }

    @Test func theLastSeatOfTheEventOrOfAChosenSessionDecidesBetweenSeatAndWaitingList() {
        #expect(SeatRule.status(eventTaken: 9, eventCapacity: 10, sessions: []) == .confirmed)
        #expect(SeatRule.status(eventTaken: 10, eventCapacity: 10, sessions: []) == .waiting)
        #expect(SeatRule.status(eventTaken: 100, eventCapacity: nil, sessions: [(5, 5)]) == .waiting)
        #expect(SeatRule.status(eventTaken: 0, eventCapacity: nil, sessions: [(4, 5), (0, nil)]) == .confirmed)
    }

    @Test func registrationAnswersMustMeetTheQuestions() throws {
        var event = try Event.check(
            Self.form, types: ["diaspora", "local_business"], id: nil, municipalityID: "m", now: Date())
        event.questions = [
            Question(
                id: "a", kind: .choice, label: LocalizedText([.bs: "Veličina"]), choices: ["S", "M"], required: true),
            Question(id: "b", kind: .consent, label: LocalizedText([.bs: "Foto"]), choices: [], required: true),
        ]
        let now = LocalTime.parse("2027-05-01T10:00")!
        func code(_ answers: [String: String], at: Date = now, type: String = "diaspora") -> String {
            let input = RegistrationRules.Input(
                name: "Amra", email: "amra@example.org", organisation: nil, participantType: type, language: "bs",
                answers: answers, sessionIDs: [])
            do {
                _ = try RegistrationRules.check(input, event: event, sessions: [], accountID: nil, now: at); return "ok"
            } catch let error as AppError { return "\(error.field ?? "-"):\(error.code)" } catch { return "\(error)" }
        }
        #expect(code(["q_a": "M", "q_b": "yes"]) == "ok")
        #expect(code(["q_a": "XL", "q_b": "yes"]) == "q_a:invalid_choice")
        #expect(code(["q_a": "M"]) == "q_b:registration_consent_required")
        #expect(code(["q_b": "yes"]) == "q_a:required")
        #expect(code(["q_a": "M", "q_b": "yes"], type: "institution") == "participant_type:invalid_choice")
        #expect(code(["q_a": "M", "q_b": "yes"], at: LocalTime.parse("2027-05-19T12:00")!) == "-:registration_closed")
        #expect(
            code(["q_a": "M", "q_b": "yes"], at: LocalTime.parse("2027-03-01T12:00")!) == "-:registration_not_open")
    }

    @Test func slotsMayNotOverlapAndMeetingsTakeTheEarliestTimeBothAreFree() throws {
        let event = try Event.check(Self.form, types: ["diaspora"], id: nil, municipalityID: "m", now: Date())
        let first = try MeetingSlot.check(
            ["slot_starts_at": "2027-05-20T11:00", "slot_minutes": "30", "slot_tables": "2"], event: event, existing: []
        )
        #expect(throws: AppError.self) {
            try MeetingSlot.check(
                ["slot_starts_at": "2027-05-20T11:20", "slot_minutes": "30", "slot_tables": "2"], event: event,
                existing: [first])
        }
        let second = try MeetingSlot.check(
            ["slot_starts_at": "2027-05-20T11:30", "slot_minutes": "30", "slot_tables": "1"], event: event,
            existing: [first])
        #expect(
            MeetingPlanner.place(slots: [second, first], busy: [], otherBusy: [], tablesTaken: [:])! == (first.id, 1))
        #expect(
            MeetingPlanner.place(slots: [first, second], busy: [first.id], otherBusy: [], tablesTaken: [:])! == (
                second.id, 1
            ))
        #expect(
            MeetingPlanner.place(slots: [first, second], busy: [], otherBusy: [], tablesTaken: [first.id: [1]])! == (
                first.id, 2
            ))
        #expect(
            MeetingPlanner.place(
                slots: [first, second], busy: [], otherBusy: [second.id], tablesTaken: [first.id: [1, 2]]) == nil)
    }

    @Test func calendarsFoldLongLinesAndEscapeText() {
        let ics = ICS.calendar(
            name: "Jajce",
            items: [
                ICS.Item(
                    uid: "x@zavicaj", summary: "Forum, Jajce; " + String(repeating: "ž", count: 60),
                    description: "a\nb", location: "", url: "", starts: Date(timeIntervalSince1970: 0),
                    ends: Date(timeIntervalSince1970: 3600))
            ], stamp: Date(timeIntervalSince1970: 0))
        #expect(
            ics.contains("DTSTART:19700101T000000Z") && ics.contains("SUMMARY:Forum\\, Jajce\\; ")
                && ics.contains("DESCRIPTION:a\\nb"))
        #expect(ics.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
    }
}
