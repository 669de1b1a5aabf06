import Documents
import Foundation
import Platform

/// The printable ticket (name, event, time, place, the code and its QR) and a participant's
/// forum agenda, as one-page A4 PDFs in the person's language.
enum TicketDocument {
    static func pdf(_ r: Registration, event: Event, municipality: Municipality, catalog: Catalog, checkInURL: String)
        -> Data
    {
        var page = PDFDocument.Page()
        var y = 780.0
        func line(_ text: String, size: Double = 12, gap: Double = 20) {
            page.text(text, x: 56, y: y, size: size)
            y -= gap
        }
        line(municipality.names[r.language], size: 11)
        line(catalog.text("event_ticket_heading"), size: 20, gap: 30)
        line(event.title[r.language], size: 16, gap: 26)
        line(
            r.language.instant(event.startsAt, zone: LocalTime.sarajevo) + " – "
                + r.language.instant(event.endsAt, zone: LocalTime.sarajevo))
        line(event.venue == .online ? event.onlineURL : event.place)
        y -= 10
        line(catalog.text("event_field_name") + ": " + r.name)
        if !r.organisation.isEmpty { line(catalog.text("event_field_organisation") + ": " + r.organisation) }
        line(
            catalog.text("event_field_participant_type") + ": "
                + catalog.text("event_type_\(r.participantType.rawValue)"))
        line(catalog.text("event_ticket_code") + ": " + r.ticketCode, size: 18, gap: 30)
        if let code = try? QRCode(checkInURL) { page.qr(code, x: 56, y: y - 170, side: 170) }
        return render(page, title: catalog.text("event_ticket_heading") + " " + r.ticketCode)
    }

    /// The participant's meetings at the forum, in time order.
    static func agenda(_ rows: [AgendaRow], participant: Registration, event: Event, catalog: Catalog) -> Data {
        var page = PDFDocument.Page()
        var y = 780.0
        page.text(event.title[participant.language], x: 56, y: y, size: 16); y -= 26
        page.text(catalog.text("forum_agenda_title") + " — " + participant.name, x: 56, y: y, size: 13); y -= 30
        for row in rows.prefix(30) {
            page.text(participant.language.instant(row.starts, zone: LocalTime.sarajevo), x: 56, y: y, size: 11)
            page.text(catalog.text("forum_table") + " \(row.table)", x: 280, y: y, size: 11)
            page.text(row.with, x: 360, y: y, size: 11)
            y -= 20
        }
        if rows.isEmpty { page.text(catalog.text("forum_agenda_empty"), x: 56, y: y, size: 11) }
        return render(page, title: catalog.text("forum_agenda_title"))
    }

    static func render(_ page: PDFDocument.Page, title: String) -> Data {
        var document = PDFDocument(font: Fonts.dejaVuSans)
        document.pages = [page]
        document.info = ["Title": title, "Producer": "Zavičaj"]
        return document.render()
    }
}

/// One meeting in a participant's agenda.
struct AgendaRow: Sendable {
    let starts: Date, ends: Date, table: Int, with: String
}
