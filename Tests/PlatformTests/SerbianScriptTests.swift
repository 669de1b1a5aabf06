import Foundation
import Platform
import Testing

/// Serbian Latin → Cyrillic as the Pravopis writes it: dž, lj, nj are one letter, except where a
/// prefix or a foreign root meets (examples from the Pravopis' lists of such words).
@Suite struct SerbianScriptTests {
    @Test(arguments: [
        ("Džemal Ljubić Njegoš", "Џемал Љубић Његош"),  // the three digraphs as single letters
        ("DŽEMAL LJUBIĆ", "ЏЕМАЛ ЉУБИЋ"),
        ("odžak", "оџак"), ("nadžak", "наџак"),  // dž inside a root stays one letter
        ("nadživjeti", "надживјети"), ("nadživeti", "надживети"),  // nad- + živjeti
        ("podžupan", "поджупан"), ("odžaliti", "оджалити"),  // pod-, od- + ž
        ("injekcija", "инјекција"), ("konjugacija", "конјугација"), ("konjunktura", "конјунктура"),
        ("vanjezički", "ванјезички"), ("Tanjug", "Танјуг"),  // in-, kon-, van- + j
        ("Injekcija", "Инјекција"),
    ])
    func digraphsAndTheirExceptions(_ latin: String, _ cyrillic: String) {
        #expect(SerbianScript.cyrillic(latin) == cyrillic)
    }

    /// Letters outside the Serbian alphabet follow one stated rule (serbian.json): as they sound in most names.
    @Test func foreignLetters() {
        #expect(SerbianScript.cyrillic("Wolfgang") == "Волфганг")
        #expect(SerbianScript.cyrillic("Xaver") == "Ксавер")
        #expect(SerbianScript.cyrillic("Yvonne") == "Ивонне")
        #expect(SerbianScript.cyrillic("Quelle") == "Куелле")
        #expect(SerbianScript.cyrillic("online") == "онлајн")
    }

    @Test func countryNamesAreCyrillicThroughout() {
        #expect(Language.srCyrl.regionName("CQ").unicodeScalars.allSatisfy { !("A"..."z").contains(Character($0)) })
        #expect(Language.srCyrl.regionName("DE") == "Немачка")
    }
}
