import Foundation
import Hummingbird
import Platform

/// The municipal admin's page for Servis 48h: the clock, categories, reply templates and Open311 keys.
struct InquiryAdminPages: Sendable {
    let env: AppEnvironment
    var store: InquiryStore { InquiryStore(env.database.sql) }
    static let admins: Set<Role> = [.municipalAdmin, .platformAdmin]

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.staffGroup(env, roles: Self.admins)
        staff.get("inquiries-setup") { request, context in
            try await page(request, context, error: nil, key: nil)
        }
        staff.post("inquiries-setup/clock") { request, context in
            try await save(request, context) { scope, form in try await saveClock(form, scope) }
        }
        staff.post("inquiries-setup/categories") { request, context in
            try await save(request, context) { scope, form in _ = try await saveCategory(form, scope) }
        }
        staff.post("inquiries-setup/templates") { request, context in
            try await save(request, context) { scope, form in try await addTemplate(form, scope) }
        }
        staff.post("inquiries-setup/open311-keys") { request, context in
            let scope = try context.staffScope
            let form = try await Form.read(request)
            do {
                let key = try await Open311Keys(env).issue(
                    municipality: scope.municipality, name: form["name"], actor: context.actor)
                return try await page(request, context, error: nil, key: key)
            } catch let error as AppError where error.field != nil {
                return try await page(request, context, error: error, key: nil)
            }
        }
    }

    func save(
        _ request: Request, _ context: AppRequestContext,
        _ work: @escaping (StaffScope, Form) async throws -> Void
    ) async throws -> Response {
        let scope = try context.staffScope
        let form = try await Form.read(request)
        do {
            let part = request.uri.path.split(separator: "/").last.map(String.init) ?? ""
            try await apply(part, scope, context.actor) { try await work(scope, form) }
        } catch let error as AppError where error.field != nil {
            return try await page(request, context, error: error, key: nil)
        }
        return .redirect("\(scope.base)/staff/inquiries-setup?notice=saved")
    }

    /// A change to the setup, from the page or the API: the cached reference is forgotten and the change
    /// audited as `inquiry.setup.<part>`.
    func apply(_ part: String, _ scope: StaffScope, _ actor: Actor, _ work: () async throws -> Void) async throws {
        try await work()
        InquiryReference.cache(env).forget(scope.municipality.id)
        try await env.audit.record(
            actor, "inquiry.setup.\(part)", objectType: "municipality", objectID: scope.municipality.id,
            municipalityID: scope.municipality.id)
    }

    func page(_ request: Request, _ context: AppRequestContext, error: AppError?, key: String?) async throws -> Response
    {
        let scope = try context.staffScope
        let c = env.catalogs[context.language], language = context.language
        let settings = try await store.settings(scope.municipality.id)
        let departments = try await env.municipalities.departments(of: scope.municipality.id)
        let departmentChoices = { (selected: String?) in
            departments.map { SelectOption($0.id, $0.names[language], selected: $0.id == selected) }
        }
        let year = Calendar.sarajevo.component(.year, from: env.clock.now())
        let bajrams = ["holiday_ramazanski_bajram", "holiday_kurban_bajram"].flatMap { holiday in
            [year, year + 1].map { y in
                let computed = HolidayCalendar(entity: settings.entity).observed(in: y).first { $0.key == holiday }?.day
                return InquirySetupPage.Bajram(
                    name: "\(holiday)_\(y)", label: "\(c.text(holiday)) \(y)",
                    value: settings.bajramOverrides[holiday]?[y]?.description ?? "",
                    computed: computed?.description ?? "—")
            }
        }
        let languageLabel = { (language: Language) in
            c.text("language_\(language.rawValue.replacingOccurrences(of: "-", with: "_"))")
        }
        let categories = try await store.categories(scope.municipality.id, activeOnly: false).map { category in
            InquirySetupPage.Category(
                id: category.id, code: category.code, name: category.names[language],
                names: Language.allCases.map {
                    .init(lang: $0.rawValue, label: languageLabel($0), value: category.names.values[$0.rawValue] ?? "")
                },
                departments: departmentChoices(category.departmentID),
                hours: category.answerHours.map(String.init) ?? "", active: category.active)
        }
        let page = InquirySetupPage(
            title: c.text("inquiry_setup_title"), base: scope.base,
            jurisdiction: ([c.text("entity_\(settings.entity.rawValue)")]
                + (settings.canton.map { [c.text("canton_\($0.rawValue)")] } ?? []))
                .joined(separator: ", "),
            profileLink: "\(scope.base)/staff/admin/profile", calendarMode: settings.mode == .calendarHours,
            answerHours: settings.answerHours, yearDays: Self.yearDays(settings.calendar, year: year, c), year: year,
            officeDepartments: departmentChoices(settings.officeDepartmentID), bajrams: bajrams,
            extraDays: Self.lines(settings.extraDays), workingDays: Self.lines(settings.workingDays),
            categories: categories, newDepartments: departmentChoices(nil),
            languages: Language.allCases.map { .init(lang: $0.rawValue, label: languageLabel($0), value: "") },
            templates: try await store.templates(scope.municipality.id).map { .init(name: $0.name) },
            keys: try await Open311Keys(env).list(scope.municipality.id).map {
                .init(name: $0.name, created: String($0.createdAt.prefix(10)))
            },
            issuedKey: key, flash: request.query("notice") == "saved" ? c.text("notice_saved") : nil,
            errors: FormErrors(error, catalog: c))
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    /// Saves the clock and calendar; every wrong field is reported at once and nothing is saved.
    func saveClock(_ form: Form, _ scope: StaffScope) async throws {
        var settings = try await store.settings(scope.municipality.id)
        var input = FormInput(form.values)
        let hours = try input.check { try Self.number(form["answer_hours"], field: "answer_hours", in: 1...720) }
        let mode = try input.check {
            guard let mode = ClockMode(rawValue: form["clock_mode"] ?? ClockMode.workingDays.rawValue) else {
                throw AppError.invalid("clock_mode", "invalid_choice")
            }
            return mode
        }
        let departments = try await env.municipalities.departments(of: scope.municipality.id)
        settings.officeDepartmentID = departments.first { $0.id == form["office_department_id"] }?.id
        for holiday in ["holiday_ramazanski_bajram", "holiday_kurban_bajram"] {
            for (name, values) in form.fields.sorted(by: { $0.key < $1.key }) where name.hasPrefix("\(holiday)_") {
                guard let year = Int(name.dropFirst(holiday.count + 1)) else { continue }
                let text = (values.first ?? "").trimmingCharacters(in: .whitespaces)
                if text.isEmpty { settings.bajramOverrides[holiday]?[year] = nil; continue }
                let day = try input.check {
                    guard let day = Day(text: text), day.year == year else {
                        throw AppError.invalid(name, "invalid_date")
                    }
                    return day
                }
                if let day { settings.bajramOverrides[holiday, default: [:]][year] = day }
            }
        }
        let extra = try input.check { try Self.days(form["extra_days"] ?? "", field: "extra_days") }
        let working = try input.check { try Self.days(form["working_days"] ?? "", field: "working_days") }
        try input.finish()
        (settings.answerHours, settings.mode, settings.extraDays, settings.workingDays) = (
            hours!, mode!, extra!, working!
        )
        try await store.save(settings, for: scope.municipality.id)
    }

    /// The year's days as the office keeps them: closed, or off for believers only, each with its source.
    static func yearDays(_ calendar: HolidayCalendar, year: Int, _ c: Catalog) -> [InquirySetupPage.YearDay] {
        calendar.observed(in: year).map { item in
            InquirySetupPage.YearDay(
                day: item.day.description, weekday: c.text("dow_\(item.day.weekday)"),
                name: item.key.hasPrefix("holiday_") ? c.text(item.key) : item.key,
                closed: item.observance == .officeClosed && calendar.workingDays[item.day] == nil,
                source: item.source == "municipality" ? c.text("setup_source_municipality") : item.source)
        }
    }

    /// One day per line with its reason: `2026-12-31 Dan općine`.
    static func days(_ text: String, field: String) throws -> [Day: String] {
        var days: [Day: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
            guard let day = Day(text: String(parts[0])) else { throw AppError.invalid(field, "invalid_date") }
            days[day] = parts.count > 1 ? String(parts[1]) : ""
        }
        return days
    }

    static func lines(_ days: [Day: String]) -> String {
        days.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "\n")
    }

    static func number(_ raw: String?, field: String, in range: ClosedRange<Int>) throws -> Int {
        guard let value = raw.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), range.contains(value) else {
            throw AppError.invalid(
                field, "number_range", ["min": String(range.lowerBound), "max": String(range.upperBound)])
        }
        return value
    }

    /// Saves a category and returns its id; every wrong field is reported at once and nothing is saved.
    func saveCategory(_ form: Form, _ scope: StaffScope) async throws -> String {
        let existing = try await store.categories(scope.municipality.id, activeOnly: false)
        let current = existing.first { $0.id == form["id"] }
        let departments = try await env.municipalities.departments(of: scope.municipality.id)
        var input = FormInput(form.values)
        let code = (form["code"] ?? current?.code ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        _ = try input.check {
            guard code.range(of: "^[a-z0-9-]{2,40}$", options: .regularExpression) != nil else {
                throw AppError.invalid("code", "invalid_code")
            }
            guard !existing.contains(where: { $0.code == code && $0.id != current?.id }) else {
                throw AppError.invalid("code", "code_taken")
            }
        }
        let names = try input.localized("name", limit: 200)
        let department = try input.check {
            guard let department = departments.first(where: { $0.id == form["department_id"] }) else {
                throw AppError.invalid("department_id", "unknown_department")
            }
            return department
        }
        let hours = try input.check {
            (form["answer_hours"] ?? "").isEmpty
                ? nil : try Self.number(form["answer_hours"], field: "answer_hours", in: 1...720)
        }
        try input.finish()
        let id = current?.id ?? Random.id()
        try await store.save(
            InquiryCategory(
                id: id, municipalityID: scope.municipality.id, code: code,
                departmentID: department!.id, names: names!, answerHours: hours!,
                active: current == nil || form["active"] == "1", position: current?.position ?? existing.count))
        return id
    }

    /// Adds a reply template; every wrong field is reported at once.
    func addTemplate(_ form: Form, _ scope: StaffScope) async throws {
        var input = FormInput(form.values)
        let name = try input.check { try InquiryRules.text(form["name"], field: "name", limit: 120) }
        // A template may be written in any one language: the reply falls back to it.
        let bodies = try input.localized("body", limit: 20_000, required: false)
        if let bodies, bodies.values.isEmpty { _ = try input.check { throw AppError.invalid("body_bs", "required") } }
        try input.finish()
        try await store.insertTemplate(
            ReplyTemplate(id: Random.id(), name: name!, bodies: bodies!),
            municipalityID: scope.municipality.id, at: env.clock.now())
    }
}

/// The municipality's Servis 48h setup: the answer clock and its calendar, categories, reply
/// templates and Open311 keys (`inquiry_setup`).
struct InquirySetupPage: PageView {
    static let template = "inquiry_setup"
    struct Bajram: Sendable { let name: String, label: String, value: String, computed: String }
    struct YearDay: Sendable {
        let day: String, weekday: String, name: String
        let closed: Bool
        let source: String
    }
    struct Translation: Sendable { let lang: String, label: String, value: String }
    struct Category: Sendable {
        let id: String, code: String, name: String
        let names: [Translation]
        let departments: [SelectOption]
        let hours: String
        let active: Bool
    }
    struct Template: Sendable { let name: String }
    struct Key: Sendable { let name: String, created: String }
    let title: String, base: String, jurisdiction: String, profileLink: String
    let calendarMode: Bool
    let answerHours: Int
    let yearDays: [YearDay]
    let year: Int
    let officeDepartments: [SelectOption]
    let bajrams: [Bajram]
    let extraDays: String, workingDays: String
    let categories: [Category]
    let newDepartments: [SelectOption]
    let languages: [Translation]
    let templates: [Template]
    let keys: [Key]
    let issuedKey: String?
    let flash: String?
    let errors: FormErrors
}
