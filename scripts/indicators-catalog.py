#!/usr/bin/env python3
"""Source of the Indicators message catalogs: each key in bs, hr, sr-Latn, en, de."""
from catalogs import same, write

M = {
 "indicators_title": same("Pokazatelji", "Indicators", "Kennzahlen"),
 "indicators_compare": same("Poređenje općina", "Compare municipalities", "Gemeinden vergleichen", hr="Usporedba općina", sr="Poređenje opština"),
 "indicators_from": same("Od", "From", "Von"),
 "indicators_to": same("Do", "To", "Bis"),
 "indicators_export": same("Izvoz:", "Export:", "Export:"),
 "indicators_summary": same("Pokazatelji za period", "Indicators for the period", "Kennzahlen für den Zeitraum"),
 "indicators_figure": same("Pokazatelj", "Indicator", "Kennzahl"),
 "indicators_by_month": same("po mjesecima", "by month", "nach Monaten", sr="po mesecima"),
 "indicators_month": same("Mjesec", "Month", "Monat", sr="Mesec"),
 "indicators_value": same("Vrijednost", "Value", "Wert", sr="Vrednost"),
 "indicators_breakdown": same("po vrsti", "by kind", "nach Art"),
 "indicators_period": same("Period od {from} do {to} (uključivo).", "Period from {from} to {to} (inclusive).", "Zeitraum vom {from} bis {to} (einschließlich)."),
 "indicator_on_time": same("Servis 48h: odgovoreno u roku (%)", "Servis 48h: answered within the deadline (%)", "Servis 48h: fristgerecht beantwortet (%)"),
 "indicator_diaspora_visits": same("Posjete dijelu stranice za dijasporu", "Visits to the diaspora pages", "Besuche der Diaspora-Seiten", sr="Posete delu stranice za dijasporu"),
 "indicator_communication_services": same("Usluge komunikacije kroz modul za dijasporu (Servis 48h)", "Communication services through the diaspora module (Servis 48h)", "Kommunikationsleistungen über das Diaspora-Modul (Servis 48h)"),
 "indicator_ematicar_services": same("E-matičar: dokumenti izdati dijaspori", "E-matičar: documents issued to the diaspora", "E-matičar: an die Diaspora ausgestellte Dokumente"),
 "indicator_office_services": same("Usluge Ureda za dijasporu", "Services of the diaspora office", "Leistungen des Diaspora-Büros", sr="Usluge Kancelarije za dijasporu"),
 "indicator_forum_participants": same("Učesnici poslovnih foruma", "Business forum participants", "Teilnehmende an Wirtschaftsforen", hr="Sudionici poslovnih foruma"),
 "indicator_radio_listeners": same("Slušaoci radio programa za dijasporu", "Listeners of the diaspora radio programme", "Hörer der Radiosendung für die Diaspora", hr="Slušatelji radijskog programa za dijasporu"),
 "indicator_kt_jobs": same("Radna mjesta kroz prenos znanja", "Jobs through knowledge transfer", "Arbeitsplätze durch Wissenstransfer", hr="Radna mjesta kroz prijenos znanja", sr="Radna mesta kroz prenos znanja"),
 "indicator_kt_households": same("Domaćinstva s većim prihodom", "Households with a higher income", "Haushalte mit höherem Einkommen", hr="Kućanstva s većim prihodom"),
 "indicator_event_participants": same("Učesnici svih događaja", "Participants of all events", "Teilnehmende aller Veranstaltungen", hr="Sudionici svih događanja"),
 "indicator_members_registered": same("Novoregistrovani članovi dijaspore", "Diaspora members registered", "Neu registrierte Mitglieder der Diaspora", hr="Novoregistrirani članovi dijaspore"),
 "indicator_associations": same("Udruženja dijaspore uvedena u evidenciju", "Diaspora associations recorded", "Erfasste Diaspora-Vereine", hr="Udruge dijaspore uvedene u evidenciju"),
 "indicator_agreements": same("Potpisani sporazumi o saradnji", "Cooperation agreements signed", "Unterzeichnete Kooperationsvereinbarungen", hr="Potpisani sporazumi o suradnji"),
 "indicator_newsletters_sent": same("Poslani bilteni (primalaca)", "Newsletters sent (recipients)", "Gesendete Newsletter (Empfänger)", sr="Poslati bilteni (primalaca)"),
 "indicator_participation": same("Učešće u odlukama", "Participation in decisions", "Beteiligung an Entscheidungen", hr="Sudjelovanje u odlukama"),
 "indicator_forum_outcomes": same("Rezultati foruma (saradnje, sporazumi, investicije, radna mjesta)", "Forum outcomes (cooperation, agreements, investments, jobs)",
    "Ergebnisse der Foren (Zusammenarbeit, Vereinbarungen, Investitionen, Arbeitsplätze)", hr="Rezultati foruma (suradnje, sporazumi, investicije, radna mjesta)", sr="Rezultati foruma (saradnje, sporazumi, investicije, radna mesta)"),
 "indicator_abroad_entries": same("Činjenice iz inostranstva upisane u knjige", "Events abroad entered into the books", "Im Ausland eingetretene Tatsachen eingetragen", hr="Činjenice iz inozemstva upisane u knjige"),
 "indicator_project_interest": same("Interesi dijaspore za projekte", "Diaspora interest in projects", "Interesse der Diaspora an Projekten"),
 "indicator_premises_let": same("Prostori dodijeljeni firmama iz dijaspore", "Premises let to diaspora companies", "An Diaspora-Firmen vergebene Räume", sr="Prostori dodeljeni firmama iz dijaspore"),
 "indicator_news_published": same("Objavljene vijesti", "News published", "Veröffentlichte Nachrichten", sr="Objavljene vesti"),
 "indicator_press_releases": same("Saopćenja medijima (medija)", "Press releases (outlets reached)", "Pressemitteilungen (erreichte Medien)", hr="Priopćenja medijima (medija)", sr="Saopštenja medijima (medija)"),
 "error_indicators_period_invalid": same("Kraj perioda mora biti nakon početka (najviše 20 godina).", "The end must come after the start (20 years at most).", "Das Ende muss nach dem Beginn liegen (höchstens 20 Jahre)."),
}

if __name__ == "__main__":
    write(M, "Sources/Indicators/Resources/Localization")
