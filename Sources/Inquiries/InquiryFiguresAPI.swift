import Foundation
import Hummingbird
import Platform

/// `GET /api/v1/{slug}/inquiries/figures`: Servis 48h's own figures, as on the staff figures page —
/// received, answered, on time, median and 90th-percentile hours to the first answer — in total, per
/// month and per category.
struct InquiryFiguresAPI: Sendable {
    let env: AppEnvironment

    func addRoutes(to router: Router<AppRequestContext>) {
        router.staffAPIGroup(env, roles: InquiryDesk.roles).get("inquiries/figures") { request, context in
            let scope = try context.staffScope
            let (from, to, split, categories) = try await InquiryStaffPages(env: env).figures(request, scope)
            return try Response.json(
                FiguresJSON(
                    from: Day(sarajevo: from).description, to: Day(sarajevo: to.addingTimeInterval(-1)).description,
                    total: .init(split.total, label: ""), months: split.months.map { .init($0.1, label: $0.0) },
                    categories: split.categories.map { id, f in
                        .init(f, label: categories.first { $0.id == id }?.code ?? id)
                    }))
        }
    }

    struct FiguresJSON: Encodable {
        struct Line: Encodable {
            /// The month (`YYYY-MM`) or the category's code; empty for the total.
            let label: String
            let received: Int, answered: Int, on_time: Int
            let on_time_percent: Int?, median_hours: Double?, p90_hours: Double?
            init(_ f: InquiryFigures, label: String) {
                (self.label, received, answered, on_time) = (label, f.received, f.answered, f.onTime)
                (on_time_percent, median_hours, p90_hours) = (f.onTimePercent, f.medianHours, f.p90Hours)
            }
        }
        let from: String, to: String
        let total: Line
        let months: [Line], categories: [Line]
    }

    static let operations: [APIOperation] = [
        APIOperation(
            "get", "/api/v1/{slug}/inquiries/figures",
            summary:
                """
                Servis 48h figures: received, answered, on time, median and p90 hours to the first answer, in \
                total, per month and per category; ?from=&to= days (default the last twelve months) (staff)
                """,
            requiresAuth: true, responses: [200: "The figures"])
    ]
}
