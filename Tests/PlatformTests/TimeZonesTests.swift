import Foundation
import Platform
import Testing

/// Time zones read as countries and zone names, never as raw ids.
@Suite struct TimeZonesTests {
    @Test func theListIsReadableShortAndWithoutAliases() {
        let choices = TimeZones.choices(in: .bs)
        #expect(choices.count < 80)
        #expect(choices.contains { $0.value == "Europe/Berlin" && $0.label == "Njemačka (Centralnoevropsko vrijeme)" })
        #expect(
            choices.contains {
                $0.value == "America/Chicago" && $0.label.hasPrefix("Sjedinjene") && $0.label.contains("Chicago")
            })
        #expect(!choices.contains { $0.value == "Europe/Kiev" } && choices.contains { $0.value == "Europe/Kyiv" })
        #expect(Set(choices.map(\.value)).count == choices.count, "one entry per zone")
        #expect(!choices.contains { $0.label.contains("/") }, "no raw ids")
        #expect(TimeZones.choices(in: .de).contains { $0.label == "Deutschland (Mitteleuropäische Zeit)" })
    }

    @Test func aZoneChosenElsewhereIsKeptAndTheBrowserSuggestsTheCountry() {
        #expect(TimeZones.choices(in: .en, keeping: "Asia/Kolkata").first?.value == "Asia/Kolkata")
        #expect(TimeZones.guess(acceptLanguage: "de-AT,de;q=0.9,bs;q=0.8") == "Europe/Vienna")
        #expect(TimeZones.guess(acceptLanguage: "de-CH") == "Europe/Zurich")
        #expect(TimeZones.guess(acceptLanguage: "sv") == "Europe/Stockholm")
        #expect(TimeZones.guess(acceptLanguage: "bs") == "Europe/Berlin", "no country known: where most live")
        #expect(TimeZones.guess(acceptLanguage: nil) == "Europe/Berlin")
    }

    @Test func datesNameTheZoneInWords() {
        let noon = Date(timeIntervalSince1970: 1_795_000_000)
        let text = Language.bs.instantWithZone(noon, zone: "Europe/Vienna")
        #expect(text.hasSuffix("(Centralnoevropsko vrijeme)") && !text.contains("Europe/"))
    }
}
