import Documents
import Foundation
import Platform

/// Draws an issued document from its signed fields: the national extract in bs, hr, sr-Latn
/// or sr-Cyrl, or the CIEC multilingual form (A, B, C) with its symbols. Pure.
public struct ExtractLayout {
    let fields: [String: String]
    let catalog: Catalog
    var sheet = Sheet()

    public init(fields: [String: String], catalog: Catalog) { self.fields = fields; self.catalog = catalog }

    /// The finished PDF, sealed over its fields and its rendered body; returns the fields signed.
    public static func pdf(_ fields: [String: String], key: SigningKey, catalog: Catalog) throws -> (pdf: Data, fields: [String: String], seal: DocumentSeal) {
        var layout = ExtractLayout(fields: fields, catalog: catalog)
        let kind = ExtractKind(rawValue: fields["document.kind"] ?? "") ?? .birth
        if kind.isInternational { layout.international(kind) } else { layout.national(kind) }
        try layout.footer(international: kind.isInternational)
        var document = PDFDocument(font: Fonts.dejaVuSans)
        document.pages = [layout.sheet.page]
        document.info = ["Title": layout.title(kind), "Producer": "Zavičaj", "Subject": fields["document.number"] ?? ""]
        return try DocumentContent.sealed(document, fields: fields, key: key)
    }

    var language: Language { Language(rawValue: fields["document.language"] ?? "") ?? .bs }

    /// A value as printed: Cyrillic on an sr-Cyrl national extract, Latin everywhere else.
    func shown(_ value: String) -> String {
        language == .srCyrl && ExtractKind(rawValue: fields["document.kind"] ?? "")?.isInternational == false ? SerbianScript.cyrillic(value) : value
    }

    func title(_ kind: ExtractKind) -> String {
        kind.isInternational ? CIEC.label("title_\(kind.rawValue)", language) : catalog.text("extract_title_\(kind.rawValue)")
    }

    // MARK: National extract

    mutating func national(_ kind: ExtractKind) {
        let book = RegistryBook(rawValue: fields["entry.book"] ?? "") ?? .births
        sheet.write(catalog.text("extract_state").uppercased(), size: 10)
        sheet.write(shown(fields["document.keeper"] ?? ""), size: 10)
        sheet.write(catalog.text("extract_office"), size: 10)
        sheet.space(14)
        sheet.write(title(kind).uppercased(), size: 14, x: 56)
        sheet.space(6)
        sheet.write(catalog.text("extract_kept_by", ["book": catalog.text("book_\(book.rawValue)"), "municipality": shown(fields["document.keeper"] ?? "")]), size: 9)
        sheet.write(catalog.text("extract_reference", ["volume": fields["entry.volume"] ?? "", "page": fields["entry.page"] ?? "",
                                                       "number": fields["entry.number"] ?? "", "date": ExtractContent.localDate(fields["entry.registered_on"] ?? "")]), size: 9)
        sheet.rule()
        for field in book.fields {
            guard let value = fields["person." + field.name] else { continue }
            sheet.row(catalog.text("registry_field_\(field.name)"), shown(nationalValue(value, field)))
        }
        sheet.rule()
        sheet.write(catalog.text("extract_annotations"), size: 10)
        let annotations = ExtractContent.annotations(fields)
        if annotations.isEmpty { sheet.write("—", size: 9, x: 72) }
        for a in annotations {
            let act = [a["act"], a["act_number"], a["issuer"]].compactMap { $0 }.joined(separator: ", ")
            sheet.write("\(ExtractContent.localDate(a["act_date"] ?? "")) \(catalog.text("annotation_\(a["kind"] ?? "")")): \(shown(a["description"] ?? "")) (\(shown(act)))",
                        size: 9, x: 72)
        }
    }

    func nationalValue(_ value: String, _ field: RegistryField) -> String {
        switch field.kind {
        case .date: return ExtractContent.localDate(value)
        case .sex: return catalog.text("sex_\(value)")
        default: return value
        }
    }

    // MARK: CIEC multilingual extract

    /// Items in the issuing language and French, with English and German beneath; data in Latin letters.
    mutating func international(_ kind: ExtractKind) {
        sheet.ciec("state", language, value: CIEC.label("state_name", .bs) + " / " + CIEC.label("state_name", nil))
        sheet.ciec("office", language, value: fields["document.keeper"] ?? "")
        sheet.space(6)
        sheet.write(CIEC.label("title_\(kind.rawValue)", language).uppercased() + " — " + CIEC.label("title_\(kind.rawValue)", nil), size: 12, x: 56)
        sheet.write("CIEC No. 16 — \(kind == .ciecA ? "A" : kind == .ciecB ? "B" : "C")", size: 8)
        sheet.ciec("reference", language, value: "\(fields["entry.volume"] ?? "")/\(fields["entry.page"] ?? "")/\(fields["entry.number"] ?? "")")
        let person = fields
        let p = { (name: String) in person["person." + name] ?? "—" }
        switch kind {
        case .ciecB:
            sheet.ciec("marriage_date", language, value: CIEC.date(p("marriage_date")))
            sheet.ciec("marriage_place", language, value: p("marriage_place"))
            sheet.ciec("spouse_a", language, value: "")
            sheet.ciec("surname_before", language, value: p("surname"), indent: 12)
            sheet.ciec("given_names", language, value: p("given_name"), indent: 12)
            sheet.ciec("birth_date", language, value: CIEC.date(p("birth_date")), indent: 12)
            sheet.ciec("identity_number", language, value: p("jmbg"), indent: 12)
            sheet.ciec("surname_after", language, value: p("surname_after"), indent: 12)
            sheet.ciec("spouse_b", language, value: "")
            sheet.ciec("surname_before", language, value: p("spouse_surname"), indent: 12)
            sheet.ciec("given_names", language, value: p("spouse_given_name"), indent: 12)
            sheet.ciec("identity_number", language, value: p("spouse_jmbg"), indent: 12)
        case .ciecC:
            sheet.ciec("death_date", language, value: CIEC.date(p("death_date")))
            sheet.ciec("death_place", language, value: p("death_place"))
            sheet.ciec("surname", language, value: p("surname"))
            sheet.ciec("given_names", language, value: p("given_name"))
            sheet.ciec("sex", language, value: CIEC.sex(p("sex")))
            sheet.ciec("birth_date", language, value: CIEC.date(p("birth_date")))
            sheet.ciec("identity_number", language, value: p("jmbg"))
        default:
            sheet.ciec("birth_date", language, value: CIEC.date(p("birth_date")) + (fields["person.birth_time"].map { "  \($0)" } ?? ""))
            sheet.ciec("birth_place", language, value: p("birth_place"))
            sheet.ciec("sex", language, value: CIEC.sex(p("sex")))
            sheet.ciec("surname", language, value: p("surname"))
            sheet.ciec("given_names", language, value: p("given_name"))
            sheet.ciec("father", language, value: p("father_name"))
            sheet.ciec("mother", language, value: p("mother_name") + (fields["person.mother_maiden_name"].map { " (\($0))" } ?? ""))
            sheet.ciec("identity_number", language, value: p("jmbg"))
        }
        let annotations = ExtractContent.annotations(fields).map { a in
            "\(CIEC.symbol(a["kind"] ?? "") ?? catalog.text("annotation_\(a["kind"] ?? "")")) \(CIEC.date(a["act_date"] ?? "")) \(a["description"] ?? "")"
        }
        sheet.ciec("annotations", language, value: annotations.isEmpty ? "—" : annotations.joined(separator: "; "))
        sheet.write(CIEC.label("symbols", language), size: 6.5)
        sheet.write(CIEC.label("symbols", nil), size: 6.5)
    }

    // MARK: Footer: issue, validity, verification

    mutating func footer(international: Bool) throws {
        sheet.rule()
        let place = shown(fields["document.issuer"] ?? ""), date = ExtractContent.localDate(fields["document.issued_on"] ?? "")
        if international { sheet.ciec("issued", language, value: "\(fields["document.issuer"] ?? "") \(CIEC.date(fields["document.issued_on"] ?? ""))") }
        else { sheet.write(catalog.text("extract_issued", ["place": place, "date": date]), size: 9) }
        sheet.write(catalog.text("extract_document_number", ["number": fields["document.number"] ?? ""]), size: 9)
        sheet.write(catalog.text("extract_no_expiry"), size: 9)
        sheet.write(catalog.text("extract_registrar", ["name": shown(fields["document.registrar"] ?? "")]), size: 9)
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

    /// An item in a language of the platform, or in French when `language` is nil.
    static func label(_ item: String, _ language: Language?) -> String {
        let entry = labels[item] ?? [:]
        switch language {
        case nil: return entry["fr"] ?? item
        case .srLatn: return entry["sr"] ?? item
        // The convention's symbols (Jo, Mo, An, Mar, …) are Latin in every script.
        case .srCyrl: return item == "symbols" ? entry["sr"] ?? item : SerbianScript.cyrillic(entry["sr"] ?? item)
        case .some(let language): return entry[language.rawValue] ?? item
        }
    }

    static func translations(_ item: String) -> String { "\(labels[item]?["en"] ?? "") · \(labels[item]?["de"] ?? "")" }

    /// Day, month and year under the convention's symbols: `Jo 05 Mo 03 An 1994`.
    static func date(_ iso: String) -> String {
        guard let day = Day(text: iso) else { return iso }
        return String(format: "Jo %02d Mo %02d An %04d", day.day, day.month, day.year)
    }

    static func sex(_ value: String) -> String { value == "male" ? "M" : value == "female" ? "F" : value }

    /// The only symbols the convention allows for annotations; other kinds are written out.
    static func symbol(_ kind: String) -> String? { ["marriage": "Mar", "divorce": "Div", "death": "D"][kind] }
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

    /// A CIEC item: its label in the issuing language / French, with English and German beneath,
    /// wrapped to the left column; the value starts in the right column.
    mutating func ciec(_ item: String, _ language: Language, value: String, indent: Double = 0) {
        let top = y, width = 292 - Self.left - indent
        var labelY = top
        items += 1
        for line in Self.wrap("\(items). \(CIEC.label(item, language)) / \(CIEC.label(item, nil))", size: 8, width: width) {
            page.text(line, x: Self.left + indent, y: labelY, size: 8)
            labelY -= 9
        }
        for line in Self.wrap(CIEC.translations(item), size: 6, width: width) {
            page.text(line, x: Self.left + indent, y: labelY, size: 6)
            labelY -= 8
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
