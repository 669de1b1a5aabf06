import Documents
import Foundation
import Hummingbird
import Platform

/// The indicators page of a municipality (its staff) and the comparison across municipalities
/// (observers and platform admins), each as HTML with charts and tables, CSV and JSON.
struct IndicatorPages: Sendable {
    let env: AppEnvironment
    let indicators: [Indicator]

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffGroup(env)
        for format in ["", ".csv", ".json"] {
            staff.get("indicators\(format)") { request, context in
                let scope = try context.staffScope
                return try await respond(
                    request, context, municipalities: [scope.municipality], format: format,
                    base: "\(scope.base)/staff/indicators",
                    compare: scope.account.role?.crossesMunicipalities == true ? "/indicators" : nil)
            }
            router.get("indicators\(format)") { request, context in
                guard let account = context.verifiedAccount else {
                    throw Redirect.toLogin(from: request.uri.description)
                }
                guard account.role?.crossesMunicipalities == true else { throw AppError.forbidden }
                return try await respond(
                    request, context, municipalities: try await env.municipalities.all(), format: format,
                    base: "/indicators", compare: nil)
            }
        }
    }

    /// The period asked for, or the last twelve months; a bad date is refused at its field.
    func period(_ request: Request) throws -> (Day, Day) {
        let (defaultFrom, defaultTo) = IndicatorReport.lastTwelveMonths(before: Day(sarajevo: env.clock.now()))
        let from =
            try request.query("from").map { text -> Day in
                guard let d = Day(text: text) else { throw AppError.invalid("from", "invalid_date") }; return d
            } ?? defaultFrom
        let to =
            try request.query("to").map { text -> Day in
                guard let d = Day(text: text) else { throw AppError.invalid("to", "invalid_date") }; return d
            } ?? defaultTo
        guard from <= to, to.year - from.year <= 20 else { throw AppError.invalid("to", "indicators_period_invalid") }
        return (from, to)
    }

    func respond(
        _ request: Request, _ context: AppRequestContext, municipalities: [Municipality], format: String, base: String,
        compare: String?
    ) async throws -> Response {
        let (from, to) = try period(request)
        let reports = try await IndicatorService(env: env, indicators: indicators).reports(
            municipalities, from: from, to: to)
        try await env.audit.record(
            context.actor, "indicators.view", objectType: "municipality",
            objectID: municipalities.count == 1 ? municipalities[0].id : "all",
            municipalityID: municipalities.count == 1 ? municipalities[0].id : nil, detail: "\(from)…\(to) \(format)")
        let slugged = zip(municipalities, reports).map { ($0.slug, $1) }
        switch format {
        case ".csv":
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/csv; charset=utf-8",
                    .contentDisposition: "attachment; filename=\"indicators-\(from)-\(to).csv\"",
                ],
                body: .init(byteBuffer: ByteBuffer(string: IndicatorExport.csv(slugged))))
        case ".json":
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(data: try IndicatorExport.json(slugged))))
        default:
            return page(
                request, context, municipalities: municipalities, reports: reports, base: base, compare: compare,
                from: from, to: to)
        }
    }

    func page(
        _ request: Request, _ context: AppRequestContext, municipalities: [Municipality], reports: [IndicatorReport],
        base: String, compare: String?,
        from: Day, to: Day
    ) -> Response {
        let c = env.catalogs[context.language], language = context.language
        let query = "?from=\(from)&to=\(to)"
        let rows = indicators.flatMap { indicator in
            var rows = [
                IndicatorsPage.Row(
                    label: c.text(indicator.labelKey), values: reports.map { String($0[indicator.key]?.total ?? 0) })
            ]
            if let share = indicator.share {
                rows.append(
                    .init(
                        label: c.text(share.labelKey),
                        values: reports.map { report in
                            report.shares.first { $0.key == share.key }?.percent.map { String(format: "%.1f %%", $0) }
                                ?? "—"
                        }))
            }
            return rows
        }
        // One municipality: a chart per figure; several: the side-by-side table is the page.
        let charts: [IndicatorsPage.Chart] =
            reports.count != 1
            ? []
            : reports[0].figures.filter { $0.total > 0 }.map { f in
                let label = c.text("indicator_\(f.key)")
                let breakdown = indicators.first { $0.key == f.key }?.breakdown ?? .none
                return IndicatorsPage.Chart(
                    key: f.key, label: label, total: f.total, svg: BarChart.columns(f.monthly, title: label),
                    monthly: f.monthly.map { .init(month: $0.month, value: $0.value) },
                    hasBreakdown: !f.breakdown.isEmpty,
                    breakdown: f.breakdown.map {
                        .init(
                            label: IndicatorText.part($0.label, breakdown, catalog: c, language: language),
                            value: $0.value)
                    })
            }
        let page = IndicatorsPage(
            title: c.text("indicators_title")
                + (municipalities.count == 1 ? " — " + municipalities[0].names[language] : ""),
            action: base, from: from.description, to: to.description, csv: "\(base).csv\(query)",
            json: "\(base).json\(query)", compare: compare.map { "\($0)\(query)" } ?? "",
            period: c.text("indicators_period", ["from": from.description, "to": to.description]),
            columns: municipalities.map { $0.names[language] }, rows: rows, charts: charts)
        return env.pages.render(page, request: request, context: context)
    }
}

/// How a breakdown part reads: a country by name, a participant type or group in words.
enum IndicatorText {
    static func part(_ part: String, _ breakdown: Indicator.Breakdown, catalog c: Catalog, language: Language)
        -> String
    {
        switch breakdown {
        case .country: language.regionName(part)
        case .afterColon(let prefix): c.text(prefix + part)
        case .none: part
        }
    }
}

/// The indicators of one municipality with a chart each, or several side by side (`indicators`).
struct IndicatorsPage: PageView {
    static let template = "indicators"
    struct Row: Sendable {
        let label: String
        let values: [String]
    }
    struct Point: Sendable {
        let month: String
        let value: Int
    }
    struct Part: Sendable {
        let label: String
        let value: Int
    }
    struct Chart: Sendable {
        let key: String, label: String
        let total: Int
        let svg: String
        let monthly: [Point]
        let hasBreakdown: Bool
        let breakdown: [Part]
    }
    let title: String, action: String, from: String, to: String, csv: String, json: String, compare: String
    let period: String
    let columns: [String]
    let rows: [Row]
    let charts: [Chart]
}
