import Foundation
import TestSupport
import Testing

@testable import Platform

@Suite struct LocalizationTests {
    @Test func everyCatalogHasEveryKeyWithTheSamePlaceholders() throws {
        let catalogs = try Catalogs.load()
        let reference = catalogs[.bs].messages
        for language in Language.allCases {
            let messages = catalogs[language].messages
            #expect(Set(messages.keys) == Set(reference.keys), "\(language.rawValue) differs in keys")
            for (key, text) in reference {
                let placeholders = { (s: String) in Set(s.matches(of: /\{[a-z][a-z_0-9]*\}/).map { String($0.output) })
                }
                #expect(placeholders(messages[key] ?? "") == placeholders(text), "\(language.rawValue) \(key)")
                #expect(!(messages[key] ?? "").isEmpty, "\(language.rawValue) \(key) is empty")
            }
        }
    }

    @Test func templatesUseOnlyKeysTheCatalogHas() throws {
        let catalog = try Catalogs.load()[.bs]
        let folder = PlatformResources.url("Templates")
        for file in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil) {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: /\{\{t\.([a-z_0-9]+)\}\}/) {
                #expect(
                    catalog.messages[String(match.output.1)] != nil,
                    "\(file.lastPathComponent) uses t.\(match.output.1)")
            }
        }
    }

    @Test(arguments: [
        (1, PluralCategory.one), (2, .few), (4, .few), (5, .other), (11, .other), (12, .other), (21, .one), (22, .few),
        (111, .other), (0, .other),
    ])
    func bosnianPluralRules(_ n: Int, _ category: PluralCategory) {
        #expect(Language.bs.pluralCategory(n) == category)
        #expect(Language.srCyrl.pluralCategory(n) == category)
    }

    @Test func englishAndGermanPlurals() {
        #expect(Language.en.pluralCategory(1) == .one)
        #expect(Language.de.pluralCategory(2) == .other)
    }

    @Test func acceptLanguageNegotiation() {
        #expect(Language.negotiate(acceptLanguage: "fr-FR, de;q=0.8, en;q=0.9") == .en)
        #expect(Language.negotiate(acceptLanguage: "sr-RS") == .srLatn)
        #expect(Language.negotiate(acceptLanguage: "sr-Cyrl-RS, en;q=0.1") == .srCyrl)
        #expect(Language.negotiate(acceptLanguage: "fr, it") == nil)
        #expect(Language.negotiate(acceptLanguage: "de;q=0, hr") == .hr)
    }
}

@Suite struct AccountRulesTests {
    @Test func emailAddresses() throws {
        #expect(try AccountRules.email("  Amra@Example.ORG ") == "amra@example.org")
        for bad in ["", "a", "a@b", "@b.ba", "a@.ba", "a b@c.ba", "a@b@c.ba"] {
            #expect(throws: AppError.self) { try AccountRules.email(bad) }
        }
    }

    @Test func passwordsMustFitBcrypt() throws {
        #expect(throws: AppError.self) { try AccountRules.password("kratka") }
        #expect(throws: AppError.self) { try AccountRules.password(String(repeating: "ž", count: 40)) }
        #expect(try AccountRules.password("dovoljno-duga") == "dovoljno-duga")
    }

    @Test func servingNeverHashesBelowCost12() {
        #expect(Settings().passwordCost >= 12)
    }

    @Test func totpAcceptsOneStepOfDrift() {
        let secret = SecondFactor.newSecret()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(
            SecondFactor.verify(
                code: SecondFactor.code(secret: secret, at: now.addingTimeInterval(-30)), secret: secret, at: now))
        #expect(
            !SecondFactor.verify(
                code: SecondFactor.code(secret: secret, at: now.addingTimeInterval(-120)), secret: secret, at: now))
        #expect(!SecondFactor.verify(code: "abc", secret: secret, at: now))
        #expect(SecondFactor.base32("12345") == "GEZDGNBV")
    }
}

@Suite struct TimestampTests {
    @Test(arguments: [0.0, 1_795_000_000.125, 1_795_000_000.5, 951_782_400.5, -86_400.25, 4_102_444_799.0])
    func writtenAndReadBackExactlyToTheMillisecond(_ seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let text = Timestamp.text(date)
        #expect(
            text == date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)),
            "same text as Foundation writes")
        let back = try #require(Timestamp.date(text))
        #expect(abs(back.timeIntervalSince1970 - (seconds * 1000).rounded(.down) / 1000) < 0.0005)
    }

    @Test func otherISOFormsStillRead() {
        #expect(Timestamp.date("2026-11-25T09:06:42Z") == Date(timeIntervalSince1970: 1_795_597_602))
        #expect(Timestamp.date("2026-11-25T10:06:42+01:00") == Date(timeIntervalSince1970: 1_795_597_602))
        #expect(Timestamp.date("2026-13-25T09:06:42.000Z") == nil)
    }
}

@Suite struct CatalogFillTests {
    @Test func placeholdersAreFilledOnceAndUnknownOnesKept() {
        let catalog = Catalog(language: .bs, messages: ["m": "Upit {number} za {name}: {name} {unknown} {"])
        #expect(
            catalog.text("m", ["number": "JAJ-2026-000001", "name": "{number}"])
                == "Upit JAJ-2026-000001 za {number}: {number} {unknown} {")
        #expect(catalog.text("missing") == "missing")
    }
}

@Suite struct Base64URLTests {
    @Test(arguments: 0..<40)
    func sameAsFoundationWithTheURLAlphabet(_ length: Int) {
        let data = Data((0..<length).map { UInt8(($0 * 97 + 251) % 256) })
        let expected = data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        #expect(Random.base64URL(data) == expected)
    }
}

/// Serbian Cyrillic is never edited: every sr-Cyrl catalog is what the transliteration step writes
/// from its sr-Latn, so the two cannot drift apart.
@Suite struct SerbianCatalogTests {
    static var folders: [URL] {
        let sources = Tools.packageRoot.appendingPathComponent("Sources")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sources.path)) ?? []
        return names.sorted().map { sources.appendingPathComponent("\($0)/Resources/Localization") }
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("sr-Latn.json").path) }
    }

    @Test func cyrillicCatalogsAreTheTransliterationOfLatin() throws {
        #expect(Self.folders.count >= 10, "every capability's catalogs are found")
        for folder in Self.folders {
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sr-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            try FileManager.default.copyItem(
                at: folder.appendingPathComponent("sr-Latn.json"), to: scratch.appendingPathComponent("sr-Latn.json"))
            let script = Tools.packageRoot.appendingPathComponent("scripts/transliterate-sr.py").path
            let (status, output) = try Tools.run(Tools.python, [script, scratch.path])
            #expect(status == 0, "\(output)")
            let written = try Data(contentsOf: scratch.appendingPathComponent("sr-Cyrl.json"))
            #expect(
                written == (try Data(contentsOf: folder.appendingPathComponent("sr-Cyrl.json"))),
                "run python3 scripts/transliterate-sr.py \(folder.path)")
        }
    }
}
