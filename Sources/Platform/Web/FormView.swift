import Foundation

/// One field as the `field` partial draws it: exactly one of `plain`, `textarea`, `options` and
/// `checks` is set, and the label, value and error are already in the reader's language.
public struct Field: Sendable {
    public struct Choice: Sendable {
        public let name: String?, value: String, label: String, selected: Bool
    }
    public let id: String, name: String, label: String
    public var type = "text", value = ""
    public var plain = false, textarea = false, options = false, checks = false, required = false
    public var autocomplete: String?, accept: String?, hint: String?, error: String?
    /// Shown only while another field has a given answer (a class the stylesheet acts on, so the
    /// form works without it too): "statement", "document", "post", "transfer".
    public var when: String?
    public var choices: [Choice] = []
}

/// One line of the error summary: the field's label and message, linking to the field.
public struct ErrorLink: Sendable {
    public let target: String, text: String
}

/// Builds the field list the `field` partial renders, and places an error either
/// beside its field or above the form.
public struct FormView {
    let catalog: Catalog
    public private(set) var fields: [Field] = []
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

    mutating func add(_ name: String, label: String, _ shape: (inout Field) -> Void) {
        var field = Field(id: idPrefix + name, name: name, label: catalog.text(label))
        shape(&field)
        field.error = message(for: name)
        fields.append(field)
    }

    public mutating func input(
        _ name: String, label: String, type: String = "text", value: String = "",
        autocomplete: String? = nil, required: Bool = false, hint: String? = nil
    ) {
        add(name, label: label) {
            ($0.plain, $0.type, $0.value, $0.required) = (true, type, type == "password" ? "" : value, required)
            $0.autocomplete = autocomplete
            $0.hint = hint
        }
    }

    public mutating func textarea(_ name: String, label: String, value: String = "", required: Bool = false) {
        add(name, label: label) { ($0.textarea, $0.value, $0.required) = (true, value, required) }
    }

    /// A file input taking several files of the given types; `hint` names the limits.
    public mutating func files(_ name: String, label: String, accept: String, hint: String) {
        add(name, label: label) { ($0.plain, $0.type, $0.accept, $0.hint) = (true, "file", accept, hint) }
    }

    public mutating func select(
        _ name: String, label: String, choices: [(value: String, label: String)], selected: String?
    ) {
        add(name, label: label) {
            $0.options = true
            $0.choices = choices.map {
                .init(name: nil, value: $0.value, label: $0.label, selected: $0.value == selected)
            }
        }
    }

    /// A group of checkboxes sharing one name (several values may be sent).
    /// Marks the field `name` as shown only in case `when` (see `Field.when`).
    public mutating func showOnly(_ name: String, when: String) {
        if let index = fields.firstIndex(where: { $0.name == name }) { fields[index].when = when }
    }

    public mutating func checkboxes(
        _ name: String, label: String, choices: [(value: String, label: String)], selected: Set<String>
    ) {
        add(name, label: label) {
            $0.checks = true
            $0.choices = choices.map {
                .init(name: name, value: $0.value, label: $0.label, selected: selected.contains($0.value))
            }
        }
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

    /// The message above the form: an error that belongs to no field shown on it.
    public var topError: String? {
        guard let error, !fields.contains(where: { $0.error != nil }) else { return nil }
        return formError ?? catalog.text(error.messageKey, error.arguments)
    }

    /// Every wrong field named at the top, each a link to its field (the GOV.UK error summary). Its
    /// template, `form_errors`, keeps each section on one line: spread over several lines inside a
    /// partial, swift-mustache's renderer crashed.
    public var summary: [ErrorLink] {
        fields.compactMap { field in
            field.error.map { ErrorLink(target: "#f-\(field.id)", text: "\(field.label): \($0)") }
        }
    }

    /// Each language named in itself.
    public static func languageChoices(_ catalogs: Catalogs) -> [(value: String, label: String)] {
        Language.allCases.map { ($0.rawValue, catalogs[$0].text("language_name")) }
    }
}
