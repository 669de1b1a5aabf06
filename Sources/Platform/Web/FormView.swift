import Foundation

/// Builds the field list the `field` partial renders, and places an error either
/// beside its field or above the form.
public struct FormView {
    let catalog: Catalog
    public private(set) var fields: [[String: Any]] = []
    public private(set) var formError: String?
    let error: AppError?
    /// Put before each field's element ids, so two forms on one page never share an id.
    let idPrefix: String

    public init(catalog: Catalog, error: AppError?, idPrefix: String = "") {
        self.catalog = catalog
        self.error = error
        self.idPrefix = idPrefix
        if let error, error.field == nil { formError = catalog.text(error.messageKey, error.arguments) }
    }

    func message(for name: String) -> String? {
        guard let found = error?.fieldErrors.first(where: { $0.field == name }) else { return nil }
        return catalog.text(found.messageKey, found.arguments)
    }

    public mutating func input(
        _ name: String, label: String, type: String = "text", value: String = "",
        autocomplete: String? = nil, required: Bool = false
    ) {
        var field: [String: Any] = [
            "name": name, "label": catalog.text(label), "type": type, "plain": true,
            "value": type == "password" ? "" : value, "required": required,
        ]
        if let autocomplete { field["autocomplete"] = autocomplete }
        if let message = message(for: name) { field["error"] = message }
        append(field)
    }

    public mutating func textarea(_ name: String, label: String, value: String = "", required: Bool = false) {
        var field: [String: Any] = [
            "name": name, "label": catalog.text(label), "textarea": true, "value": value, "required": required,
        ]
        if let message = message(for: name) { field["error"] = message }
        append(field)
    }

    /// A file input taking several files of the given types; `hint` names the limits.
    public mutating func files(_ name: String, label: String, accept: String, hint: String) {
        var field: [String: Any] = [
            "name": name, "label": catalog.text(label), "type": "file", "plain": true, "value": "",
            "accept": accept, "hint": hint,
        ]
        if let message = message(for: name) { field["error"] = message }
        append(field)
    }

    public mutating func select(
        _ name: String, label: String, choices: [(value: String, label: String)], selected: String?
    ) {
        var field: [String: Any] = [
            "name": name, "label": catalog.text(label), "options": true,
            "choices": choices.map {
                ["value": $0.value, "label": $0.label, "selected": $0.value == selected] as [String: Any]
            },
        ]
        if let message = message(for: name) { field["error"] = message }
        append(field)
    }

    /// A group of checkboxes sharing one name (several values may be sent).
    public mutating func checkboxes(
        _ name: String, label: String, choices: [(value: String, label: String)], selected: Set<String>
    ) {
        var field: [String: Any] = [
            "name": name, "label": catalog.text(label), "checks": true,
            "choices": choices.map {
                ["name": name, "value": $0.value, "label": $0.label, "selected": selected.contains($0.value)]
                    as [String: Any]
            },
        ]
        if let message = message(for: name) { field["error"] = message }
        append(field)
    }

    mutating func append(_ field: [String: Any]) {
        var field = field
        field["id"] = idPrefix + ((field["name"] as? String) ?? "")
        fields.append(field)
    }

    /// One input per language for a text kept in several languages.
    public mutating func localized(_ prefix: String, label: String, values: LocalizedText?, form: Form?) {
        for language in Language.allCases {
            let name = "\(prefix)_\(language.rawValue)"
            input(
                name,
                label: catalog.text(label) + " ("
                    + catalog.text("language_\(language.rawValue.replacingOccurrences(of: "-", with: "_"))") + ")",
                value: form?[name] ?? values?.values[language.rawValue] ?? "")
        }
    }

    /// One text area per language for a longer text kept in several languages (Bosnian marked required).
    public mutating func localizedTextareas(_ prefix: String, label: String, form: Form?, required: Bool = true) {
        for language in Language.allCases {
            let name = "\(prefix)_\(language.rawValue)"
            textarea(
                name,
                label: catalog.text(label) + " ("
                    + catalog.text("language_\(language.rawValue.replacingOccurrences(of: "-", with: "_"))") + ")",
                value: form?[name] ?? "", required: required && language == .fallback)
        }
    }

    /// Fields plus the form-level error, ready to merge into a page's data.
    public var data: [String: Any] {
        var data: [String: Any] = ["fields": fields]
        let shown = fields.contains { $0["error"] != nil }
        if let error, !shown { data["formError"] = formError ?? catalog.text(error.messageKey, error.arguments) }
        if shown {
            data["errorSummary"] = summary
            data["hasErrorSummary"] = true
        }
        return data
    }

    /// Every wrong field named at the top, each a link to its field (the GOV.UK error summary). Its
    /// template, `form_errors`, keeps each section on one line: spread over several lines inside a
    /// partial, swift-mustache's renderer crashed.
    var summary: [[String: Any]] {
        fields.compactMap { field in
            guard let message = field["error"] as? String, let id = field["id"] as? String else { return nil }
            // [String: Any], not [String: String]: the renderer walks dictionaries of that type only.
            return ["target": "#f-\(id)", "text": "\((field["label"] as? String) ?? ""): \(message)"] as [String: Any]
        }
    }

    /// Each language named in itself.
    public static func languageChoices(_ catalogs: Catalogs) -> [(value: String, label: String)] {
        Language.allCases.map { ($0.rawValue, catalogs[$0].text("language_name")) }
    }

    /// Built once: every form with a time zone shows the same few hundred zones.
    public static let timeZones: [(value: String, label: String)] =
        TimeZone.knownTimeZoneIdentifiers.filter { $0.contains("/") && !$0.hasPrefix("Etc/") }.sorted()
        .map { ($0, $0.replacingOccurrences(of: "_", with: " ")) }
}
