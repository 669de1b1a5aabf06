/// A link with its words (`{{href}}`, `{{label}}`).
public struct Link: Sendable {
    public let href: String, label: String
    public init(_ href: String, _ label: String) { self.href = href; self.label = label }
}

/// An option of a select drawn by a page's own template (`{{value}}`, `{{label}}`, `{{#selected}}`).
public struct SelectOption: Sendable {
    public let value: String, label: String
    public let selected: Bool
    public init(_ value: String, _ label: String, selected: Bool = false) {
        self.value = value; self.label = label; self.selected = selected
    }
}

/// A table: a caption, the column heads, and rows of cells, each row with an optional link and an
/// optional one-button form (a POST with hidden fields).
public struct Table: Sendable {
    public struct Row: Sendable {
        public struct Hidden: Sendable {
            public let name: String, value: String
            public init(_ name: String, _ value: String) { self.name = name; self.value = value }
        }
        public var cells: [String]
        public var link: String?, linkLabel: String?
        public var action: String?, actionLabel: String?, hidden: [Hidden] = []
        public init(
            _ cells: [String], link: String? = nil, linkLabel: String? = nil, action: String? = nil,
            actionLabel: String? = nil, hidden: [Hidden] = []
        ) {
            self.cells = cells; self.link = link; self.linkLabel = linkLabel; self.action = action
            self.actionLabel = actionLabel; self.hidden = hidden
        }
    }
    public var caption: String?
    public var head: [String]
    public var rows: [Row]
    public init(caption: String? = nil, head: [String], rows: [Row]) {
        self.caption = caption; self.head = head; self.rows = rows
    }
}

/// The errors a page shows above its forms: the GOV.UK summary linking to each wrong field, or
/// one message when the error belongs to no field shown (the `form_errors` partial).
public struct FormErrors: Sendable {
    public private(set) var formError: String?
    public private(set) var errorSummary: [ErrorLink] = []
    public private(set) var hasErrorSummary = false
    public init() {}

    /// An error for the page as a whole (no field of its own), shown above everything.
    public init(_ error: AppError?, catalog: Catalog) {
        formError = error.map { catalog.text($0.messageKey, $0.arguments) }
    }

    /// The errors of the page's forms; `error` once, above them, when no field shows it.
    public init(_ forms: [FormView], error: AppError?, catalog: Catalog) {
        errorSummary = forms.flatMap(\.summary)
        hasErrorSummary = !errorSummary.isEmpty
        if let error, !hasErrorSummary { formError = catalog.text(error.messageKey, error.arguments) }
    }
}

/// A page of headed sections, each with text, a list of items, a table or a form (`sections`).
public struct SectionsPage: PageView {
    public static let template = "sections"

    public struct Item: Sendable {
        public let label: String, link: String?, note: String?
        public init(_ label: String, link: String? = nil, note: String? = nil) {
            self.label = label; self.link = link; self.note = note
        }
    }

    public struct Form: Sendable {
        public let action: String, fields: [Field], submit: String
        public var multipart = false
        public init(action: String, fields: [Field], submit: String, multipart: Bool = false) {
            self.action = action; self.fields = fields; self.submit = submit; self.multipart = multipart
        }
    }

    public struct Section: Sendable {
        public var id: String, heading: String
        public var box = false
        public var text: String?
        public var items: [Item] = []
        public var table: Table?
        public var form: Form?
        /// The language of the heading and text when staff have not translated them into the
        /// reader's (`lang` on the elements, for screen readers), with a note saying so.
        public var lang: String?
        public var untranslated: String?
        public init(
            id: String, heading: String, box: Bool = false, text: String? = nil, items: [Item] = [],
            table: Table? = nil, form: Form? = nil
        ) {
            self.id = id; self.heading = heading; self.box = box; self.text = text; self.items = items
            self.table = table; self.form = form
        }
    }

    public var title: String
    public var intro: String?
    public var flash: String?
    public var sections: [Section]
    public var errors = FormErrors()
    public init(title: String, intro: String? = nil, flash: String? = nil, sections: [Section]) {
        self.title = title; self.intro = intro; self.flash = flash; self.sections = sections
    }
}

/// A page with one form, optionally a table above it and links below (`form`).
public struct FormPage: PageView {
    public static let template = "form"
    public var title: String
    public var intro: String?
    public var flash: String?
    public var table: Table?
    public var action: String
    public var multipart = false
    public var fields: [Field]
    public var submit: String
    public var links: [Link] = []
    /// A step to take before filling in the form, shown above it.
    public var lead: [Link] = []
    /// Boxes beside the form: how to pay, what happens next.
    public var asides: [Aside] = []
    public var errors: FormErrors

    /// A box of facts and notes beside a form (`form` template).
    public struct Aside: Sendable {
        public struct Fact: Sendable {
            public let term: String, value: String
            public init(_ term: String, _ value: String) { self.term = term; self.value = value }
        }
        public let id: String, heading: String, facts: [Fact], notes: [String]
        /// Stored for the template, which cannot ask a list whether it is empty.
        public let hasFacts: Bool, hasNotes: Bool
        public init(id: String, heading: String, facts: [Fact] = [], notes: [String] = []) {
            self.id = id; self.heading = heading; self.facts = facts; self.notes = notes
            (hasFacts, hasNotes) = (!facts.isEmpty, !notes.isEmpty)
        }
    }

    /// The form of `view`, with its errors.
    public init(title: String, intro: String? = nil, action: String, form view: FormView, submit: String) {
        self.title = title; self.intro = intro; self.action = action; self.fields = view.fields
        self.submit = submit
        self.errors = FormErrors([view], error: view.error, catalog: view.catalog)
    }
}

/// A page that says one thing, with a link onwards (`message`).
public struct MessagePage: PageView {
    public static let template = "message"
    public let title: String, message: String
    public var link: Link?
    /// Further ways on, after `link`.
    public var more: [Link] = []
    public init(title: String, message: String, link: Link? = nil) {
        self.title = title; self.message = message; self.link = link
    }
}

extension SectionsPage.Section {
    /// A section of staff's text in `text`'s best language for `reader`, marked when that is
    /// not the reader's own.
    public static func translated(
        id: String, heading: String, text: LocalizedText, reader: Language, catalog c: Catalog,
        items: [SectionsPage.Item] = []
    ) -> SectionsPage.Section {
        var section = SectionsPage.Section(id: id, heading: heading, text: text[reader], items: items)
        (section.lang, section.untranslated) = text.untranslated(for: reader, catalog: c)
        return section
    }
}
