import Platform
import Testing

@Suite struct NameKeyTests {
    @Test(arguments: [
        ("Hadžić", "Hadzic"), ("Đurđa", "Djurdja"), ("Đurđa", "Durdja"), ("Ђурђа", "Đurđa"),
        ("ŠĆEPANOVIĆ", "scepanovic"), ("Љубушки", "Ljubuski"), ("Džafić", "Dzafic"), ("Mehmed  Alija", "mehmed alija"),
    ])
    func theSamePersonIsFoundHoweverTheNameIsTyped(_ stored: String, _ typed: String) {
        #expect(NameKey.of(stored) == NameKey.of(typed), "\(NameKey.of(stored)) vs \(NameKey.of(typed))")
    }

    @Test func differentNamesStayDifferent() {
        #expect(NameKey.of("Hadžić") != NameKey.of("Hadžiće"))
        #expect(NameKey.of("Čolak") != NameKey.of("Colić"))
        #expect(NameKey.of("Hadžić") == "hadzic")
    }
}
