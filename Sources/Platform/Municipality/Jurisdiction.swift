/// The entity whose law a municipality works under: its holidays, its registry forms, its
/// citizenship. Bosnia and Herzegovina has two entities and Brčko District.
public enum Entity: String, CaseIterable, Sendable, Decodable {
    case fbih, rs, brcko
}

/// The ten cantons of FBiH; in FBiH a canton may keep days and rules of its own.
public enum Canton: String, CaseIterable, Sendable, Decodable {
    case unaSana = "una_sana", posavina, tuzla, zenicaDoboj = "zenica_doboj", bosnianPodrinje = "bosnian_podrinje"
    case centralBosnia = "central_bosnia", herzegovinaNeretva = "herzegovina_neretva", westHerzegovina =
        "west_herzegovina"
    case sarajevo, canton10 = "canton_10"
}
