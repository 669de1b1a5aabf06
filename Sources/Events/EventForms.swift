import Foundation
import Platform

/// The four small forms of an event's staff page: programme, questions, meeting slots, outcomes.
/// An error goes to the form whose field it names (by prefix), or above all of them.
enum EventForms {
    static func dashboardForms(
        env: AppEnvironment, event: Event, catalog c: Catalog, error: AppError?, form: Form?,
        zone: String, language: Language
    ) async throws -> DashboardForms {
        func errorFor(_ prefix: String) -> AppError? { error?.field?.hasPrefix(prefix) == true ? error : nil }
        var session = FormView(catalog: c, error: errorFor("session_"))
        session.localized("session_title", label: "event_field_title", values: nil, form: form)
        session.input("session_room", label: "event_field_room", value: form?["session_room"] ?? "")
        session.input(
            "session_starts_at", label: "event_field_starts_at", type: "datetime-local",
            value: form?["session_starts_at"] ?? LocalTime.text(event.startsAt))
        session.input(
            "session_ends_at", label: "event_field_ends_at", type: "datetime-local",
            value: form?["session_ends_at"] ?? LocalTime.text(event.endsAt))
        session.input(
            "session_capacity", label: "event_field_capacity", type: "number", value: form?["session_capacity"] ?? "")

        var question = FormView(catalog: c, error: errorFor("question_"))
        question.select(
            "question_kind", label: "question_field_kind",
            choices: Question.Kind.allCases.map { ($0.rawValue, c.text("question_kind_\($0.rawValue)")) },
            selected: form?["question_kind"])
        question.localized("question_label", label: "question_field_label", values: nil, form: form)
        question.input("question_choices", label: "question_field_choices", value: form?["question_choices"] ?? "")
        question.checkboxes(
            "question_required", label: "question_field_required", choices: [("yes", c.text("question_required_yes"))],
            selected: form?["question_required"] == "yes" ? ["yes"] : [])

        // An error no shown field names goes above all the forms.
        var data = DashboardForms(sessionFields: session.fields, questionFields: question.fields)
        data.errors = FormErrors([session, question], error: error, catalog: c)
        guard event.hasMatchmaking else { return data }

        var slot = FormView(catalog: c, error: errorFor("slot_"))
        slot.input(
            "slot_starts_at", label: "forum_field_slot_starts", type: "datetime-local",
            value: form?["slot_starts_at"] ?? LocalTime.text(event.startsAt))
        slot.input(
            "slot_minutes", label: "forum_field_slot_minutes", type: "number", value: form?["slot_minutes"] ?? "20")
        slot.input("slot_tables", label: "forum_field_slot_tables", type: "number", value: form?["slot_tables"] ?? "10")
        var outcome = FormView(catalog: c, error: errorFor("outcome_"))
        OutcomeView.fields(&outcome, catalog: c, form: form)
        let forum = ForumStore(env: env)
        data.slotFields = slot.fields
        data.outcomeFields = outcome.fields
        data.slots = try await forum.slots(event.id).map {
            .init(when: EventText.period($0.startsAt, $0.endsAt, zone: zone, language: language), tables: $0.tables)
        }
        data.outcomes = try await forum.outcomes(event.id).map { o in
            .init(
                kind: c.text("forum_outcome_\(o.kind)"), count: o.count, quantity: o.quantity,
                amount: o.amountFening > 0 ? Money.km(o.amountFening) : "")
        }
        data.profiles = try await forum.profiles(event.id).filter(\.profile.published).count
        data.errors = FormErrors([session, question, slot, outcome], error: error, catalog: c)
        return data
    }
}

/// The four forms of an event's staff page and what the forum ones list.
struct DashboardForms: Sendable {
    struct Slot: Sendable {
        let when: String
        let tables: Int
    }
    struct Outcome: Sendable {
        let kind: String
        let count: Int, quantity: Int
        let amount: String
    }
    var sessionFields: [Field], questionFields: [Field]
    var slotFields: [Field] = [], outcomeFields: [Field] = []
    var slots: [Slot] = []
    var outcomes: [Outcome] = []
    var profiles = 0
    var errors = FormErrors()
}

/// The outcome form, shared by staff and participants.
enum OutcomeView {
    static func fields(_ view: inout FormView, catalog c: Catalog, form: Form?) {
        view.select(
            "outcome_kind", label: "forum_field_outcome_kind",
            choices: ForumOutcome.Kind.allCases.map { ($0.rawValue, c.text("forum_outcome_\($0.rawValue)")) },
            selected: form?["outcome_kind"])
        view.textarea(
            "outcome_description", label: "forum_field_outcome_description", value: form?["outcome_description"] ?? "",
            required: true)
        view.input(
            "outcome_jobs", label: "forum_field_outcome_jobs", type: "number", value: form?["outcome_jobs"] ?? "")
        view.input(
            "outcome_amount", label: "forum_field_outcome_amount", type: "number", value: form?["outcome_amount"] ?? "")
    }
}
