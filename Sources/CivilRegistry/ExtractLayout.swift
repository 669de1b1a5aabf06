import Documents
import Foundation
import Platform

/// Draws an issued document from its signed fields: the national extract in bs, hr, sr-Latn
/// or sr-Cyrl, or the CIEC multilingual form (A, B, C) with its symbols. Pure.
public struct ExtractLayout {
    let fields: [String: String]
    let catalog: Catalog
    var sheet = Sheet()
    /// Pages after the first (the back of a CIEC extract).
    var pages: [PDFDocument.Page] = []

    public init(fields: [String: String], catalog: Catalog) { self.fields = fields; self.catalog = catalog }

    /// The finished PDF, sealed over its fields and its rendered body; returns the fields signed.
    public static func pdf(_ fields: [String: String], key: SigningKey, catalog: Catalog) throws -> (
        pdf: Data, fields: [String: String], seal: DocumentSeal
    ) {
        var layout = ExtractLayout(fields: fields, catalog: catalog)
        let kind = ExtractKind(rawValue: fields["document.kind"] ?? "") ?? .birth
        if kind.isInternational { layout.international(kind) } else { layout.national(kind) }
        try layout.footer(kind)
        if kind.isInternational { layout.verso(kind) }
        var document = PDFDocument(font: Fonts.dejaVuSans)
        document.pages = [layout.sheet.page] + layout.pages
        document.info = [
            "Title": layout.title(kind), "Producer": "Zavičaj", "Subject": fields["document.number"] ?? "",
        ]
        return try DocumentContent.sealed(document, fields: fields, key: key)
    }

    var language: Language { Language(rawValue: fields["document.language"] ?? "") ?? .bs }

    /// A value as printed: Cyrillic on an sr-Cyrl national extract, Latin everywhere else.
    func shown(_ value: String) -> String {
        language == .srCyrl && ExtractKind(rawValue: fields["document.kind"] ?? "")?.isInternational == false
            ? SerbianScript.cyrillic(value) : value
    }

    func title(_ kind: ExtractKind) -> String {
        kind.isInternational
            ? CIEC.label("title_\(kind.rawValue)", language) : catalog.text("extract_title_\(kind.rawValue)")
    }

    // MARK: National extract

    mutating func national(_ kind: ExtractKind) {
        let book = RegistryBook(rawValue: fields["entry.book"] ?? "") ?? .births
        for line in NationalForm.header(fields, catalog) { sheet.write(shown(line).uppercased(), size: 10) }
        sheet.write(shown(fields["document.keeper"] ?? ""), size: 10)
        sheet.write(catalog.text("extract_office"), size: 10)
        sheet.space(14)
        sheet.write(title(kind).uppercased(), size: 14, x: 56)
        sheet.space(6)
        sheet.write(
            catalog.text(
                "extract_kept_by",
                [
                    "book": catalog.text("book_\(book.rawValue)"),
                    "municipality": shown(fields["document.keeper"] ?? ""),
                ]),
            size: 9)
        sheet.write(
            catalog.text(
                "extract_reference",
                [
                    "volume": fields["entry.volume"] ?? "", "page": fields["entry.page"] ?? "",
                    "number": fields["entry.number"] ?? "",
                    "date": ExtractContent.localDate(fields["entry.registered_on"] ?? ""),
                ]), size: 9)
        if let area = fields["entry.area"] {
            sheet.write(
                catalog.text("extract_area", ["area": shown(area), "year": fields["entry.book_year"] ?? ""]), size: 9)
        }
        sheet.rule()
        for field in NationalForm.items(book) {
            guard let value = fields["person." + field.name] else { continue }
            sheet.row(catalog.text("registry_field_\(field.name)"), shown(nationalValue(value, field)))
        }
        if kind == .citizenship { sheet.write(shown(NationalForm.citizenship(fields, catalog)), size: 10) }
        sheet.rule()
        sheet.write(catalog.text("extract_annotations"), size: 10)
        let annotations = ExtractContent.annotations(fields)
        if annotations.isEmpty { sheet.write("—", size: 9, x: 72) }
        for a in annotations {
            let act = [a["act"], a["act_number"], a["issuer"]].compactMap { $0 }.joined(separator: ", ")
            let kind = catalog.text("annotation_\(a["kind"] ?? "")")
            let date = ExtractContent.localDate(a["act_date"] ?? "")
            sheet.write(
                "\(date) \(kind): \(shown(a["description"] ?? "")) (\(shown(act)))",
                size: 9, x: 72)
            if let entered = a["entered_on"] {
                sheet.write(
                    catalog.text(
                        "extract_annotation_entered",
                        ["date": ExtractContent.localDate(entered), "name": shown(a["registrar"] ?? "")]),
                    size: 8, x: 84)
            }
        }
        sheet.write(catalog.text("extract_legal_basis", ["law": NationalForm.law(fields)]), size: 7.5)
    }

    func nationalValue(_ value: String, _ field: RegistryField) -> String {
        switch field.kind {
        case .date: return ExtractContent.localDate(value)
        case .sex: return catalog.text("sex_\(value)")
        case .absence: return catalog.text("jmbg_absence_\(value)")
        default: return value
        }
    }

    // MARK: CIEC multilingual extract

    /// Convention No. 16 (Vienna, 8 September 1976): the items of forms A, B and C in model order, each
    /// in the issuing language and French (art. 6); data in Latin letters (art. 4), dates under Jo Mo An
    /// and places abroad with their state (art. 5), identity numbers after the assigning state's name
    /// (art. 3). No item is added beyond the model: the hour of birth stays on the national extract.
    mutating func international(_ kind: ExtractKind) {
        sheet.ciec("state", language, value: CIEC.label("state_name", .bs) + " / " + CIEC.label("state_name", nil))
        sheet.ciec("office", language, value: latin(fields["document.keeper"] ?? ""))
        sheet.space(6)
        sheet.write(
            CIEC.label("title_\(kind.rawValue)", language).uppercased() + " — "
                + CIEC.label("title_\(kind.rawValue)", nil), size: 12, x: 56)
        sheet.write(CIEC.label("convention", language) + " / " + CIEC.label("convention", nil), size: 7.5)
        sheet.ciec("reference", language, value: latin(reference))
        var underHeading = false  // form B lists each spouse's items under the spouse
        for item in CIEC.items(kind) {
            switch item {
            case .heading(let key):
                sheet.ciec(key, language, value: "")
                underHeading = true
            case .field(let key, let field, let render):
                sheet.ciec(key, language, value: value(field, render), indent: underHeading ? 12 : 0)
            }
        }
        let annotations = ExtractContent.annotations(fields).map { a in
            let symbol = CIEC.symbol(a["kind"] ?? "") ?? catalog.text("annotation_\(a["kind"] ?? "")")
            return latin("\(symbol) \(CIEC.date(a["act_date"] ?? "")) \(a["description"] ?? "")")
        }
        sheet.ciec("annotations", language, value: annotations.isEmpty ? "—" : annotations.joined(separator: "; "))
        sheet.write(CIEC.label("symbols", language), size: 6.5)
        sheet.write(CIEC.label("symbols", nil), size: 6.5)
    }

    /// "12/48/3", or with the registry area and the book's year.
    var reference: String {
        let place = "\(fields["entry.volume"] ?? "")/\(fields["entry.page"] ?? "")/\(fields["entry.number"] ?? "")"
        guard let area = fields["entry.area"], !area.isEmpty else { return place }
        return "\(area) \(fields["entry.book_year"] ?? ""), \(place)"
    }

    /// One item's value from the entry, in Latin letters; "—" where the record has none.
    func value(_ field: String, _ render: CIEC.Render) -> String {
        guard let raw = fields["person." + field], !raw.isEmpty else {
            // An identity number the record lacks says why, as the registrar entered it.
            if render == .identity, let reason = fields["person.\(field)_missing"] {
                return latin(catalog.text("jmbg_absence_\(reason)"))
            }
            return "—"
        }
        switch render {
        case .text: return latin(raw)
        case .date: return CIEC.date(raw)
        case .sex: return CIEC.sex(raw)
        case .identity: return CIEC.label("state_name", .bs) + " " + raw
        }
    }

    /// Art. 4: entries in Latin letters, whatever script the record was entered in.
    func latin(_ value: String) -> String { SerbianScript.latin(value) }

    /// The back of a CIEC extract (art. 6): the reference to the Convention, the items and the
    /// symbols in the languages the Convention names (the 1976 members' and English), and a
    /// summary of arts. 3, 4, 5 and 7 in the issuing authority's language.
    mutating func verso(_ kind: ExtractKind) {
        var back = Sheet()
        for code in CIEC.versoLanguages {
            back.write("\(code.uppercased()): " + CIEC.label("convention", code: code), size: 6.5)
        }
        back.rule()
        back.write(
            CIEC.versoLanguages.map { "\($0): " + CIEC.label("title_\(kind.rawValue)", code: $0) }.joined(
                separator: " · "), size: 6.5)
        // Numbered as on the front.
        let keys = ["state", "office", "reference"] + CIEC.items(kind).map(\.key) + ["annotations", "issued"]
        for (number, key) in keys.enumerated() {
            let line = CIEC.versoLanguages.map { "\($0): " + CIEC.label(key, code: $0) }.joined(separator: " · ")
            back.write("\(number + 1). " + line, size: 6.5)
        }
        back.rule()
        for code in CIEC.versoLanguages { back.write(CIEC.label("symbols", code: code), size: 6.5) }
        back.rule()
        back.write(CIEC.label("summary", language), size: 8)
        pages.append(back.page)
    }

    // MARK: Footer: issue, validity, verification

    mutating func footer(_ kind: ExtractKind) throws {
        sheet.rule()
        let place = shown(fields["document.issuer"] ?? ""),
            date = ExtractContent.localDate(fields["document.issued_on"] ?? "")
        if kind.isInternational {
            sheet.ciec(
                "issued", language,
                value: "\(latin(fields["document.issuer"] ?? "")) \(CIEC.date(fields["document.issued_on"] ?? ""))")
        } else {
            sheet.write(catalog.text("extract_issued", ["place": place, "date": date]), size: 9)
        }
        sheet.write(catalog.text("extract_document_number", ["number": fields["document.number"] ?? ""]), size: 9)
        // Extracts carry no expiry (FBiH since 2013, RS since 2010); a certificate of citizenship states a fact as of
        // its date.
        if kind != .citizenship { sheet.write(catalog.text("extract_no_expiry"), size: 9) }
        sheet.write(catalog.text("extract_registrar", ["name": shown(fields["document.registrar"] ?? "")]), size: 9)
        // Where a copy goes by post, the registrar signs and stamps it here.
        sheet.write(catalog.text("extract_wet_signature"), size: 9)
        let url = fields["document.verify_url"] ?? ""
        let qrTop = sheet.y - 8
        sheet.page.qr(try QRCode(url), x: 56, y: qrTop - 110, side: 110)
        sheet.y = qrTop - 20
        sheet.write(catalog.text("extract_verify", ["code": fields["document.code"] ?? ""]), size: 9, x: 180)
        sheet.write(url, size: 9, x: 180)
        sheet.write(catalog.text("extract_sealed"), size: 7.5, x: 180)
    }
}

/// The labels and conventions of CIEC Convention No. 16.
enum CIEC {
    static let labels: [String: [String: String]] = {
        let url = Bundle.module.bundleURL.appendingPathComponent("Resources/ciec16.json")
        // Shipped with the module: a missing file is a packaging fault.
        return (try? JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: [String: String]]) ?? [:]
    }()

    /// The languages of the back (art. 6): those of the states that were members of the ICCS or
    /// bound by the Paris Convention of 1956 when Convention No. 16 was signed, and English.
    static let versoLanguages = ["de", "en", "es", "fr", "el", "it", "nl", "pt", "sr", "tr"]

    /// How a value is written on the form.
    enum Render: Equatable { case text, date, sex, identity }

    /// One line of a form below its title: a heading (a spouse), or an item with the entry field it shows.
    enum Item {
        case heading(String)
        case field(String, String, Render)
        var key: String {
            switch self {
            case .heading(let key), .field(let key, _, _): key
            }
        }
    }

    /// The items of each model form, in the model's order; the identity number is the space art. 3 allows.
    static func items(_ kind: ExtractKind) -> [Item] {
        switch kind {
        case .ciecB:
            let spouse = { (prefix: String) -> [Item] in
                [
                    .field("surname_before", prefix + "surname", .text),
                    .field("given_names", prefix + "given_name", .text),
                    .field("birth_date", prefix + "birth_date", .date),
                    .field("birth_place", prefix + "birth_place", .text),
                    .field("surname_after", prefix + "surname_after", .text),
                    .field("identity_number", prefix + "jmbg", .identity),
                ]
            }
            return [
                .field("marriage_date", "marriage_date", .date), .field("marriage_place", "marriage_place", .text),
                .heading("spouse_a"),
            ]
                + spouse("") + [.heading("spouse_b")] + spouse("spouse_")
        case .ciecC:
            return [
                .field("death_date", "death_date", .date), .field("death_place", "death_place", .text),
                .field("surname", "surname", .text),
                .field("given_names", "given_name", .text), .field("sex", "sex", .sex),
                .field("birth_date", "birth_date", .date),
                .field("birth_place", "birth_place", .text), .field("last_spouse", "spouse_name", .text),
                .field("father", "father_name", .text), .field("mother", "mother_name", .text),
                .field("identity_number", "jmbg", .identity),
            ]
        default:
            return [
                .field("birth_date", "birth_date", .date), .field("birth_place", "birth_place", .text),
                .field("sex", "sex", .sex),
                .field("surname", "surname", .text), .field("given_names", "given_name", .text),
                .field("father", "father_name", .text), .field("mother", "mother_name", .text),
                .field("identity_number", "jmbg", .identity),
            ]
        }
    }

    /// An item by language code, for the back.
    static func label(_ item: String, code: String) -> String { labels[item]?[code] ?? item }

    /// An item in a language of the platform, or in French when `language` is nil.
    static func label(_ item: String, _ language: Language?) -> String {
        let entry = labels[item] ?? [:]
        switch language {
        case nil: return entry["fr"] ?? item
        case .srLatn: return entry["sr"] ?? item
        // The convention's symbols (Jo, Mo, An, Mar, …) are Latin in every script, and so are the texts
        // that name them.
        case .srCyrl:
            return ["symbols", "summary"].contains(item)
                ? entry["sr"] ?? item : SerbianScript.cyrillic(entry["sr"] ?? item)
        case .some(let language): return entry[language.rawValue] ?? item
        }
    }

    /// Day, month and year under the convention's symbols: `Jo 05 Mo 03 An 1994`.
    static func date(_ iso: String) -> String {
        guard let day = Day(text: iso) else { return iso }
        return String(format: "Jo %02d Mo %02d An %04d", day.day, day.month, day.year)
    }

    static func sex(_ value: String) -> String { value == "male" ? "M" : value == "female" ? "F" : value }

    /// The only symbols the convention allows for annotations; other kinds are written out. A death
    /// noted on a marriage record is the husband's (Dm) or the wife's (Df).
    static func symbol(_ kind: String) -> String? {
        [
            "marriage": "Mar", "separation": "Se", "divorce": "Div", "annulment": "A", "death": "D",
            "death_husband": "Dm", "death_wife": "Df",
        ][kind]
    }
}

/// A cursor down an A4 page.
struct Sheet {
    var page = PDFDocument.Page()
    var y = 800.0
    /// CIEC items are numbered down the form, as on the convention's models.
    var items = 0
    static let left = 56.0, right = 539.0

    mutating func write(_ text: String, size: Double, x: Double = left) {
        for line in Self.wrap(text, size: size, width: Self.right - x) {
            page.text(line, x: x, y: y, size: size)
            y -= size * 1.35
        }
    }

    mutating func space(_ points: Double) { y -= points }

    mutating func rule() {
        y -= 4
        page.line(from: (Self.left, y), to: (Self.right, y))
        y -= 14
    }

    /// A labelled value: label on the left, value from the middle of the page.
    mutating func row(_ label: String, _ value: String) {
        page.text(label, x: Self.left, y: y, size: 9)
        write(value, size: 10, x: 250)
    }

    /// A CIEC item: its number and label in the issuing language / French, wrapped to the left
    /// column (the other languages are on the back); the value starts in the right column.
    mutating func ciec(_ item: String, _ language: Language, value: String, indent: Double = 0) {
        let top = y, width = 292 - Self.left - indent
        var labelY = top
        items += 1
        for line in Self.wrap(
            "\(items). \(CIEC.label(item, language)) / \(CIEC.label(item, nil))", size: 8, width: width)
        {
            page.text(line, x: Self.left + indent, y: labelY, size: 8)
            labelY -= 9
        }
        y = top
        write(value, size: 10, x: 300)
        y = min(y, labelY - 2)
    }

    static func wrap(_ text: String, size: Double, width: Double) -> [String] {
        let font = Fonts.dejaVuSans
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if font.width(of: candidate, size: size) > width, !current.isEmpty {
                lines.append(current)
                current = String(word)
            } else {
                current = candidate
            }
        }
        return lines + [current]
    }
}
