import Crypto
import Documents
import Foundation
import Platform
import TestSupport
import Testing

@testable import CivilRegistry

/// Issued documents as files: small, well-formed (qpdf), their text readable with diacritics and
/// Cyrillic (pdftotext), their QR code leading to the verification page (zbarimg), and their seal
/// checkable offline and broken by any change to the signed content.
@Suite struct ExtractDocumentTests {
    static let catalogs = try! Catalogs.load(folders: [
        Catalogs.platformFolder, CivilRegistryCapability().localization!,
    ])
    static let key = SigningKey.generate(id: "zv-test-1")
    static let keys: [String: Curve25519.Signing.PublicKey] = [key.id: key.publicKey]

    static func entry(_ book: RegistryBook = .births) -> RegistryEntry {
        let fields: [String: String] =
            book == .marriages
            ? [
                "given_name": "Ćamil", "surname": "Hadžić", "jmbg": "0101990190007", "birth_date": "1990-01-01",
                "spouse_given_name": "Đurđa",
                "spouse_surname": "Šarić", "spouse_jmbg": "1503994175005", "marriage_date": "2019-06-15",
                "marriage_place": "Jajce", "surname_after": "Hadžić",
            ]
            : [
                "given_name": "Đurđa", "surname": "Hadžić", "sex": "female", "jmbg": "1503994175005",
                "birth_date": "1994-03-15", "birth_time": "07:40",
                "birth_place": "Jajce", "citizenship": "BiH", "father_name": "Ćamil Hadžić",
                "mother_name": "Šefika Hadžić", "mother_maiden_name": "Ljubić",
            ]
        let first = RegistryVersion(
            version: 1, kind: "entry", fields: fields, annotation: [:],
            recordedAt: Date(timeIntervalSince1970: 764_000_000),
            recordedBy: "r", recordedByName: "Matičar", seal: "")
        let married = RegistryVersion(
            version: 2, kind: "marriage", fields: fields,
            annotation: [
                "kind": "marriage", "description": "Zaključila brak sa Ćamilom Šarićem", "act": "Izvod MKV",
                "issuer": "Matični ured Jajce", "act_number": "03-13-2019", "act_date": "2019-06-15",
            ],
            recordedAt: Date(timeIntervalSince1970: 1_560_000_000), recordedBy: "r", recordedByName: "Matičar", seal: ""
        )
        return RegistryEntry(
            id: "entry-1", municipalityID: "m-jajce", book: book,
            reference: BookReference(volume: 12, page: 48, number: 3),
            registeredOn: "1994-03-16", versions: [first, married])
    }

    static func issue(_ kind: ExtractKind, _ language: Language) -> ExtractContent.Issue {
        let jajce = Municipality(
            id: "m-jajce", slug: "jajce", code: "JAJ",
            names: LocalizedText([
                .bs: "Općina Jajce", .srLatn: "Opština Jajce", .srCyrl: "Општина Јајце", .hr: "Općina Jajce",
            ]))
        let ljubuski = Municipality(
            id: "m-lju", slug: "ljubuski", code: "LJU",
            names: LocalizedText([
                .bs: "Grad Ljubuški", .srLatn: "Grad Ljubuški", .srCyrl: "Град Љубушки", .hr: "Grad Ljubuški",
            ]))
        return ExtractContent.Issue(
            number: "LJU-IZ-2026-000001", code: "ABCD-EFGH", kind: kind, language: language, issuer: ljubuski,
            keeper: jajce,
            registrarName: "Ljiljana Šehić", issuedAt: Date(timeIntervalSince1970: 1_795_000_000),
            verifyURL: "https://zavicaj.test/verify/ABCD-EFGH")
    }

    static func pdf(_ kind: ExtractKind, _ language: Language, book: RegistryBook = .births) throws -> (
        Data, [String: String]
    ) {
        let (pdf, fields, _) = try ExtractLayout.pdf(
            ExtractContent.fields(entry(book), issue(kind, language)), key: key, catalog: catalogs[language])
        return (pdf, fields)
    }

    static func text(_ pdf: Data) throws -> String {
        let pdftotext = try Tools.path(.pdftotext)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("extract-\(UUID().uuidString).pdf")
            .path
        try pdf.write(to: URL(fileURLWithPath: path))
        return try Tools.run(pdftotext, ["-enc", "UTF-8", path, "-"]).output
    }

    @Test(arguments: [
        (ExtractKind.birth, Language.bs), (.birth, .hr), (.birth, .srLatn), (.birth, .srCyrl), (.ciecA, .bs),
        (.ciecB, .srCyrl), (.ciecC, .hr),
    ])
    func everyLayoutIsSmallWellFormedAndItsSealHolds(_ kind: ExtractKind, _ language: Language) throws {
        let (pdf, fields) = try Self.pdf(kind, language, book: kind.book)
        #expect(pdf.count < 100_000, "\(pdf.count) bytes")
        #expect(DocumentContent.check(pdf: pdf, keys: Self.keys) == .valid(fields))
    }

    @Test(.needs(.qpdf), arguments: [(ExtractKind.birth, Language.srCyrl), (.ciecB, .bs), (.citizenship, .hr)])
    func everyLayoutPassesQpdf(_ kind: ExtractKind, _ language: Language) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("extract-\(UUID().uuidString).pdf")
            .path
        try Self.pdf(kind, language, book: kind.book).0.write(to: URL(fileURLWithPath: path))
        let (status, output) = try Tools.run(try Tools.path(.qpdf), ["--check", path])
        #expect(status == 0 && output.contains("No syntax or stream encoding errors"), "\(output)")
    }

    @Test(.needs(.pdftotext)) func nationalExtractReadsInItsLanguageAndScript() throws {
        let bosnian = try Self.text(try Self.pdf(.birth, .bs).0),
            cyrillic = try Self.text(try Self.pdf(.birth, .srCyrl).0)
        for expected in [
            "IZVOD IZ MATIČNE KNJIGE ROĐENIH", "Đurđa", "Hadžić", "Šefika", "15.03.1994.",
            "Izvod vrijedi bez roka važenja.",
            "LJU-IZ-2026-000001", "ABCD-EFGH", "Općina Jajce", "Grad Ljubuški", "Zaključila brak",
        ] {
            #expect(bosnian.contains(expected), "\(expected) in \(bosnian)")
        }
        for expected in [
            "ИЗВОД ИЗ МАТИЧНЕ КЊИГЕ РОЂЕНИХ", "Ђурђа", "Хаџић", "Шефика", "Љубић", "Општина Јајце", "без рока важења",
        ] {
            #expect(cyrillic.contains(expected), "\(expected) in \(cyrillic)")
        }
    }

    @Test(.needs(.pdftotext)) func ciecExtractCarriesFrenchItemsSymbolsAndLatinData() throws {
        let text = try Self.text(try Self.pdf(.ciecA, .srCyrl).0)
        for expected in [
            "Extrait de l'acte de naissance", "Date de naissance", "Jo 15 Mo 03 An 1994", "Simboli: Jo dan", "Hadžić",
            "Đurđa", "Mar", "Bosnie-Herzégovine",
            "Date of birth", "Geburtsdatum", "Датум рођења", "Numéro d'identification",
        ] {
            #expect(text.contains(expected), "\(expected) in \(text)")
        }
        let marriage = try Self.text(try Self.pdf(.ciecB, .bs, book: .marriages).0)
        for expected in ["Date du mariage", "Époux A", "Époux B", "Šarić", "Jo 15 Mo 06 An 2019"] {
            #expect(marriage.contains(expected), "\(expected)")
        }
        #expect(!text.contains("07:40"), "form A has no hour item; the hour stays on the national extract")
    }

    /// Form B for a marriage with a German spouse who has no JMBG: every item of the model, numbered,
    /// names entered in Cyrillic written in Latin letters (art. 4), the identity number after the
    /// state's name, the Convention named, and the back in the languages art. 6 requires.
    @Test(.needs(.pdftotext)) func ciecFormBIsCompleteAndInLatinLetters() throws {
        let fields = [
            "given_name": "Ћамил", "surname": "Хаџић", "jmbg": "0101990190007", "birth_date": "1990-01-01",
            "birth_place": "Јајце",
            "surname_after": "Хаџић", "spouse_given_name": "Anna", "spouse_surname": "Müller",
            "spouse_jmbg_missing": "foreign_citizen",
            "spouse_birth_date": "1991-04-12", "spouse_birth_place": "Stuttgart, Njemačka",
            "spouse_surname_after": "Müller-Hadžić",
            "marriage_date": "2019-06-15", "marriage_place": "Jajce",
        ]
        let version = RegistryVersion(
            version: 1, kind: "entry", fields: fields, annotation: [:],
            recordedAt: Date(timeIntervalSince1970: 1_560_000_000),
            recordedBy: "r", recordedByName: "Matičar", seal: "")
        let entry = RegistryEntry(
            id: "entry-2", municipalityID: "m-jajce", book: .marriages,
            reference: BookReference(area: "Jajce", year: 2019, volume: 3, page: 14, number: 7),
            registeredOn: "2019-06-15", versions: [version])
        let (pdf, _, _) = try ExtractLayout.pdf(
            ExtractContent.fields(entry, Self.issue(.ciecB, .srCyrl)), key: Self.key, catalog: Self.catalogs[.srCyrl])
        let text = try Self.text(pdf)
        for expected in [
            "Ćamil", "Hadžić", "Jajce", "Anna", "Müller-Hadžić", "Stuttgart, Njemačka", "Jo 12 Mo 04 An 1991",
            "Jo 01 Mo 01 An 1990",
            "Bosna i Hercegovina 0101990190007", "strani državljanin", "Lieu de naissance", "Nom après le mariage",
            "Convention CIEC n° 16 signée à Vienne le 8 septembre 1976", "Jajce 2019, 3/14/7",
            "Symbols: Jo day", "Símbolos: Jo día", "Σύμβολα", "İşaretler", "Tekens", "Simboli: Jo giorno",
            "Dm death of the husband", "Sažetak čl. 3, 4, 5 i 7",
        ] {
            #expect(text.contains(expected), "\(expected)")
        }
        #expect(!text.contains("Ћамил") && !text.contains("Хаџић"), "no Cyrillic data on a CIEC extract")
        for number in 1...18 { #expect(text.contains("\(number). "), "item \(number)") }
    }

    /// The entity's form: its header, the law named, each later entry with the day and the registrar,
    /// and a certificate of citizenship stating both citizenships, without the extracts' no-expiry line.
    @Test(.needs(.pdftotext)) func nationalFormsFollowTheKeepersEntity() throws {
        var issue = Self.issue(.birth, .bs)
        issue.keeper.canton = .centralBosnia
        let (fbihPDF, _, _) = try ExtractLayout.pdf(
            ExtractContent.fields(Self.entry(), issue), key: Self.key, catalog: Self.catalogs[.bs])
        let fbih = try Self.text(fbihPDF)
        for expected in [
            "BOSNA I HERCEGOVINA", "FEDERACIJA BOSNE I HERCEGOVINE", "SREDNJOBOSANSKI KANTON",
            "Službene novine FBiH 37/12",
            "upisano 08.06.2019., matičar: Matičar", "Izvod vrijedi bez roka važenja.",
        ] {
            #expect(fbih.contains(expected), "\(expected)")
        }
        var rsIssue = Self.issue(.birth, .srCyrl)
        rsIssue.keeper.entity = .rs
        rsIssue.keeper.canton = nil
        let (rsPDF, _, _) = try ExtractLayout.pdf(
            ExtractContent.fields(Self.entry(), rsIssue), key: Self.key, catalog: Self.catalogs[.srCyrl])
        let rs = try Self.text(rsPDF)
        #expect(rs.contains("РЕПУБЛИКА СРПСКА") && !rs.contains("ФЕДЕРАЦИЈА") && rs.contains("111/09"))

        let citizen = RegistryVersion(
            version: 1, kind: "entry",
            fields: [
                "given_name": "Đurđa", "surname": "Hadžić", "jmbg": "1503994175005",
                "birth_date": "1994-03-15", "birth_place": "Jajce", "citizenship": "BiH",
                "entity_citizenship": "FBiH", "acquired_on": "1994-03-15", "basis": "porijeklo",
            ],
            annotation: [:], recordedAt: Date(timeIntervalSince1970: 764_000_000), recordedBy: "r",
            recordedByName: "Matičar", seal: "")
        let entry = RegistryEntry(
            id: "entry-3", municipalityID: "m-jajce", book: .citizens,
            reference: BookReference(volume: 1, page: 2, number: 3),
            registeredOn: "1994-03-16", versions: [citizen])
        let (certificatePDF, _, _) = try ExtractLayout.pdf(
            ExtractContent.fields(entry, Self.issue(.citizenship, .bs)), key: Self.key, catalog: Self.catalogs[.bs])
        let certificate = try Self.text(certificatePDF)
        #expect(certificate.contains("UVJERENJE O DRŽAVLJANSTVU"))
        #expect(
            certificate.contains("Đurđa Hadžić je državljanin/ka Bosne i Hercegovine; entitetsko državljanstvo: FBiH."))
        #expect(!certificate.contains("bez roka važenja"), "a certificate states a fact as of its date")
    }

    @Test func cyrillicIsWrittenInLatinLettersAsThePravopisPairsThem() {
        #expect(SerbianScript.latin("Љиљана Џаферовић") == "Ljiljana Džaferović")
        #expect(SerbianScript.latin("ЉУБИЋ") == "LJUBIĆ")
        #expect(SerbianScript.latin("Stuttgart") == "Stuttgart")
    }

    @Test(.needs(.pdftoppm, .zbarimg)) func qrCodeLeadsToTheVerificationPage() throws {
        let pdftoppm = try Tools.path(.pdftoppm), zbarimg = try Tools.path(.zbarimg)
        for (kind, language) in [(ExtractKind.birth, Language.srCyrl), (.ciecA, .bs)] {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("extract-\(UUID().uuidString).pdf")
                .path
            try Self.pdf(kind, language).0.write(to: URL(fileURLWithPath: path))
            #expect(try Tools.run(pdftoppm, ["-r", "150", "-png", "-singlefile", path, path + "-page"]).status == 0)
            let (status, output) = try Tools.run(zbarimg, ["--quiet", "--raw", path + "-page.png"], keepErrors: false)
            #expect(status == 0)
            #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "https://zavicaj.test/verify/ABCD-EFGH")
        }
    }

    @Test func changingAnySignedByteBreaksTheSeal() throws {
        let (pdf, _) = try Self.pdf(.birth, .bs)
        // The content travels as UTF-16 hex in the information dictionary: "Hadžić" → "Hadžič" there.
        let original = "Hadžić".utf16.map { String(format: "%04X", $0) }.joined(),
            forged = "Hadžič".utf16.map { String(format: "%04X", $0) }.joined()
        let text = String(decoding: pdf, as: UTF8.self)
        #expect(text.contains(original))
        let tampered = Data(text.replacingOccurrences(of: original, with: forged).utf8)
        #expect(DocumentContent.check(pdf: tampered, keys: Self.keys) == .invalid)
        #expect(DocumentContent.check(pdf: pdf, keys: [:]) == .invalid, "an unpublished key proves nothing")
        #expect(DocumentContent.check(pdf: Data("%PDF-1.4 nothing".utf8), keys: Self.keys) == .unsealed)
        // The page itself is covered too: one glyph changed in the drawn text, content untouched.
        let page = pdf.range(of: Data("> Tj ET".utf8))!
        var redrawn = pdf
        redrawn[page.lowerBound - 1] =
            redrawn[page.lowerBound - 1] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
        #expect(DocumentContent.check(pdf: redrawn, keys: Self.keys) == .invalid)
    }

    @Test func verificationCodesAreReadHoweverTheyAreTyped() {
        let code = ShortCode.make()
        #expect(code.count == 9 && code.contains("-"))
        #expect(ShortCode.normalized(code.lowercased().replacingOccurrences(of: "-", with: " ")) == code)
        #expect(ShortCode.normalized("ABCD-EFG") == nil)
        #expect(ShortCode.normalized("ABCD-EFG0") == nil, "0 is not in the alphabet")
    }
}
