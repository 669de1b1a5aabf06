import Foundation
import Hummingbird
import Platform

/// `/api/v1/{slug}/inquiry-settings`: the clock and calendar of Servis 48h, as the municipal
/// admin keeps them on `/{slug}/staff/inquiries-setup`, with the year's days and their sources.
struct InquirySettingsAPI: Sendable {
    let env: AppEnvironment

    static let schema: JSONSchema =
        .object(
            [
                "clock_mode": .string(oneOf: ClockMode.self),
                "answer_hours": .integer(minimum: 1, maximum: 720),
                "office_department_id": .string(),
                "extra_days": .string("One day off per line: 2026-12-31 reason"),
                "working_days": .string(
                    "One day per line the office works although a rule makes it off: 2027-03-26 reason"),
            ], others: .string("holiday_ramazanski_bajram_<year> or holiday_kurban_bajram_<year>: the announced date"))

    static let operations: [APIOperation] = [
        APIOperation(
            "get", "/api/v1/{slug}/inquiry-settings",
            summary: "Servis 48h clock and calendar, with this year's days and their legal sources (municipal admin)",
            requiresAuth: true, responses: [200: "The settings", 404: "Unknown municipality"]),
        APIOperation(
            "post", "/api/v1/{slug}/inquiry-settings",
            summary: "Change the clock and calendar; unsent fields keep their value (municipal admin)",
            requiresAuth: true, requestSchema: schema,
            responses: [200: "Saved", 404: "Unknown municipality", 422: "Invalid field"]),
    ]

    func addRoutes(to router: Router<AppRequestContext>) {
        let admin = router.staffAPIGroup(env, roles: InquiryAdminPages.admins)
        admin.get("inquiry-settings") { request, context in
            let scope = try context.staffScope
            return try Response.json(try await json(scope))
        }
        admin.post("inquiry-settings") { request, context in
            let scope = try context.staffScope
            let body = try await JSONBody.decode(FieldsBody.self, request)
            var fields = try await json(scope).fields
            for (name, value) in body.values { fields[name] = [value] }
            let pages = InquiryAdminPages(env: env)
            try await pages.apply("clock", scope, context.actor) {
                try await pages.saveClock(Form(fields: fields), scope)
            }
            return try Response.json(try await json(scope))
        }
    }

    struct SettingsJSON: Encodable {
        struct DayJSON: Encodable { let day: String, holiday: String, source: String, office_closed: Bool }
        let clock_mode: String, answer_hours: Int, office_department_id: String, entity: String, canton: String
        let extra_days: String, working_days: String
        let days: [DayJSON]

        /// The fields as the setup form sends them, so a partial update keeps the rest.
        var fields: [String: [String]] {
            [
                "clock_mode": [clock_mode], "answer_hours": [String(answer_hours)],
                "office_department_id": [office_department_id],
                "extra_days": [extra_days], "working_days": [working_days],
            ]
        }
    }

    func json(_ scope: StaffScope) async throws -> SettingsJSON {
        let settings = try await InquiryStore(env.database.sql).settings(scope.municipality.id)
        let year = Calendar.sarajevo.component(.year, from: env.clock.now())
        let calendar = settings.calendar
        return SettingsJSON(
            clock_mode: settings.mode.rawValue, answer_hours: settings.answerHours,
            office_department_id: settings.officeDepartmentID ?? "",
            entity: settings.entity.rawValue, canton: settings.canton?.rawValue ?? "",
            extra_days: InquiryAdminPages.lines(settings.extraDays),
            working_days: InquiryAdminPages.lines(settings.workingDays),
            days: calendar.observed(in: year).map { item in
                .init(
                    day: item.day.description, holiday: item.key, source: item.source,
                    office_closed: item.observance == .officeClosed && calendar.workingDays[item.day] == nil)
            })
    }
}
