import Foundation
import Hummingbird
import Platform

/// The staff side: open consultations and surveys, answer proposals, publish the answers to a
/// consultation once it has closed.
struct ParticipationStaffPages: Sendable {
    let env: AppEnvironment
    static let staff: Set<Role> = [.officer, .departmentStaff, .municipalAdmin, .platformAdmin]

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffGroup(env, roles: Self.staff)
        staff.get("participation") { request, context in
            try await page(request, context, form: nil, error: nil, target: nil)
        }
        staff.post("participation/consultations") { request, context in
            try await act(request, context, target: "consultation") { form, scope in
                _ = try await ParticipationStore(env: env).openConsultation(
                    form.values, municipalityID: scope.municipality.id, actor: context.actor)
            }
        }
        staff.post("participation/surveys") { request, context in
            try await act(request, context, target: "survey") { form, scope in
                _ = try await ParticipationStore(env: env).openSurvey(
                    form.values, municipalityID: scope.municipality.id, actor: context.actor)
            }
        }
        staff.post("participation/consultations/:id/response") { request, context in
            try await act(request, context, target: context.parameters.get("id")) { form, scope in
                let store = ParticipationStore(env: env)
                guard
                    let c = try await store.consultation(
                        context.parameters.get("id") ?? "", municipalityID: scope.municipality.id)
                else { throw AppError.notFound }
                try await store.respond(
                    to: c, municipalityID: scope.municipality.id, text: form["response"], actor: context.actor)
            }
        }
        staff.post("participation/proposals/:id/answer") { request, context in
            try await act(request, context, target: context.parameters.get("id")) { form, scope in
                let store = ParticipationStore(env: env)
                guard let p = try await store.proposals(scope.municipality.id, id: context.parameters.get("id")).first
                else { throw AppError.notFound }
                guard let status = form["status"].flatMap(ProposalStatus.init(rawValue:)) else {
                    throw AppError.invalid("status", "invalid_choice")
                }
                try await store.answer(
                    p, municipalityID: scope.municipality.id, status: status, text: form["answer"], actor: context.actor
                )
            }
        }
    }

    func act(
        _ request: Request, _ context: AppRequestContext, target: String?,
        _ apply: @escaping (Form, StaffScope) async throws -> Void
    ) async throws -> Response {
        let scope = try context.staffScope
        let form = try await Form.read(request)
        do { try await apply(form, scope) } catch let error as AppError
            where error.field != nil || error.status == .conflict
        {
            return try await page(request, context, form: form, error: error, target: target)
        }
        return .redirect("\(scope.base)/staff/participation?notice=saved")
    }

    func page(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?, target: String?)
        async throws -> Response
    {
        let scope = try context.staffScope
        let c = env.catalogs[context.language], language = context.language, now = env.clock.now()
        let store = ParticipationStore(env: env)
        func view(_ name: String) -> FormView {
            FormView(catalog: c, error: target == name ? error : nil, idPrefix: "\(name)-")
        }
        func opening(_ v: inout FormView, _ name: String) {
            v.localized("title", label: "participation_field_title", values: nil, form: target == name ? form : nil)
            v.select(
                "eligible", label: "participation_field_eligible",
                choices: Eligibility.allCases.map { ($0.rawValue, c.text("participation_eligible_\($0.rawValue)")) },
                selected: target == name ? form?["eligible"] : nil)
            v.input(
                "closes_at", label: "participation_field_closes_at", type: "datetime-local",
                value: target == name ? form?["closes_at"] ?? "" : "", required: true)
        }
        var consultation = view("consultation")
        opening(&consultation, "consultation")
        consultation.localizedTextareas(
            "draft", label: "consultation_draft", form: target == "consultation" ? form : nil)
        var survey = view("survey")
        opening(&survey, "survey")
        survey.textarea(
            "questions", label: "survey_field_questions", value: target == "survey" ? form?["questions"] ?? "" : "",
            required: true)
        var sections: [SectionsPage.Section] = [], views = [consultation, survey]
        for p in try await store.proposals(scope.municipality.id) where p.status == .open {
            var answer = view(p.id)
            answer.select(
                "status", label: "proposal_field_status",
                choices: [ProposalStatus.accepted, .rejected, .implemented].map {
                    ($0.rawValue, c.text("proposal_status_\($0.rawValue)"))
                },
                selected: target == p.id ? form?["status"] : nil)
            answer.textarea(
                "answer", label: "proposal_field_answer", value: target == p.id ? form?["answer"] ?? "" : "",
                required: true)
            views.append(answer)
            let supports = c.text(
                "proposal_supports",
                ["diaspora": String(p.supports[.diaspora] ?? 0), "resident": String(p.supports[.resident] ?? 0)])
            sections.append(
                .init(
                    id: p.id, heading: c.text("proposals_title") + ": " + p.title, box: true, text: p.text,
                    items: [.init(supports)],
                    form: .init(
                        action: "\(scope.base)/staff/participation/proposals/\(p.id)/answer", fields: answer.fields,
                        submit: c.text("proposal_answer"))))
        }
        for item in try await store.consultations(scope.municipality.id)
        where now >= item.closesAt && item.response == nil {
            var response = view(item.id)
            response.textarea(
                "response", label: "consultation_response", value: target == item.id ? form?["response"] ?? "" : "",
                required: true)
            views.append(response)
            sections.append(
                .init(
                    id: item.id, heading: c.text("consultations_title") + ": " + item.title[language], box: true,
                    form: .init(
                        action: "\(scope.base)/staff/participation/consultations/\(item.id)/response",
                        fields: response.fields, submit: c.text("consultation_publish_response"))))
        }
        sections += [
            .init(
                id: "consultation", heading: c.text("consultation_new"), box: true,
                form: .init(
                    action: "\(scope.base)/staff/participation/consultations", fields: consultation.fields,
                    submit: c.text("consultation_new"))),
            .init(
                id: "survey", heading: c.text("survey_new"), box: true, text: c.text("survey_questions_help"),
                form: .init(
                    action: "\(scope.base)/staff/participation/surveys", fields: survey.fields,
                    submit: c.text("survey_new"))),
        ]
        var page = SectionsPage(
            title: c.text("participation_staff_title"),
            intro: c.text("participation_staff_intro", ["link": "\(scope.base)/participate"]),
            flash: request.query("notice") == "saved" ? c.text("participation_saved") : nil, sections: sections)
        // An error for a form not on the page (or for none) goes above the sections.
        page.errors = FormErrors(target == nil ? [] : views, error: error, catalog: c)
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }
}
