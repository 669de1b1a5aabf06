import Foundation
import Platform
import Testing
import ZavicajServer

@testable import Inquiries

/// The pure parts: file types by their bytes, multipart bodies, replies by mail, figures, settings.
@Suite struct InquiryRulesTests {
    @Test func fileTypesAreReadFromTheBytesNotTheName() throws {
        #expect(AttachmentKind(sniffing: Data("%PDF-1.7".utf8)) == .pdf)
        #expect(AttachmentKind(sniffing: Data([0xFF, 0xD8, 0xFF, 0xE0])) == .jpeg)
        #expect(AttachmentKind(sniffing: Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) == .png)
        #expect(AttachmentKind(sniffing: Data("GIF89a".utf8)) == nil)
        #expect(AttachmentKind(sniffing: Data("<html>%PDF-".utf8)) == nil)
        let checked = try InquiryRules.attachments([("../../etc/\"pass\".pdf", Data("%PDF-1.4".utf8))])
        #expect(checked.first?.filename == "pass.pdf")
        #expect(checked.first?.kind.contentType == "application/pdf")
        #expect(throws: AppError.self) { try InquiryRules.attachments([("a.png", Data())]) }
    }

    @Test func multipartBodiesKeepFieldsAndFilesApart() throws {
        let body =
            "--XyZ\r\nContent-Disposition: form-data; name=\"subject\"\r\n\r\nRodni list\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\nline\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"\"\r\n\r\n\r\n--XyZ--\r\n"
        let parsed = try MultipartForm.parse(Data(body.utf8), boundary: "XyZ")
        #expect(parsed.form["subject"] == "Rodni list")
        #expect(parsed.files.count == 1, "an empty file input sends nothing")
        #expect(parsed.files.first?.data == Data("%PDF-1.4\r\nline".utf8))
    }

    @Test func inboundMailKeepsOnlyWhatThePersonWrote() {
        let raw =
            """
            From: \"Amra H\" <Amra@Example.org>\r\nTo: Općina\r\n <reply+abc_12-X@reply.example>\r\nIn-Reply-To: \
            <m1@zavicaj>\r\n
            """
            + "References: <m0@zavicaj> <m1@zavicaj>\r\nContent-Type: text/plain\r\n\r\nHvala!\r\n\r\nAm Mi., 25. Nov. schrieb Zavičaj:\r\n> Pitanje\r\n"
        let message = InboundMessage(raw: raw)
        #expect(message.replyToken == "abc_12-X")
        #expect(message.sender == "amra@example.org")
        #expect(message.answeredIDs == ["m1@zavicaj", "m0@zavicaj", "m1@zavicaj"])
        #expect(message.text == "Hvala!")
    }

    @Test func figuresCountOnTimeAnswersAndPercentiles() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        func inquiry(answeredAfter hours: Double?, dueHours: Double = 48) -> Inquiry {
            Inquiry(
                id: UUID().uuidString, municipalityID: "m", number: "JAJ-2027-000001", categoryID: "c",
                departmentID: "d", status: .answered,
                subject: "s", language: .bs, askerName: "a", askerEmail: "a@b.c", askerTimeZone: "UTC", replyToken: "t",
                source: "web",
                answerHours: 48, submittedAt: start, confirmedAt: start,
                dueAt: start.addingTimeInterval(dueHours * 3600), pauses: [],
                firstAnsweredAt: hours.map { start.addingTimeInterval($0 * 3600) }, updatedAt: start)
        }
        let figures = InquiryFigures(
            [1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map { inquiry(answeredAfter: $0) } + [inquiry(answeredAfter: nil)])
        #expect(figures.received == 11)
        #expect(figures.answered == 10)
        #expect(figures.onTimePercent == 90)
        #expect(figures.medianHours == 5)
        #expect(figures.p90Hours == 9)
        #expect(InquiryFigures([]).onTimePercent == nil)
    }

    @Test func datesAreReadStrictly() {
        #expect(Day(text: "2027-05-16") == Day(2027, 5, 16))
        #expect(Day(text: "2027-02-30") == nil)
        #expect(Day(text: "16.05.2027") == nil)
    }

    @Test func everyCapabilityCatalogHasEveryKeyAndEveryTemplateKeyExists() throws {
        let catalogs = try Catalogs.load(folders: Capabilities.all.localizationFolders)
        let reference = catalogs[.bs].messages
        let placeholders = { (s: String) in Set(s.matches(of: /\{[a-z][a-z_0-9]*\}/).map { String($0.output) }) }
        for language in Language.allCases {
            let messages = catalogs[language].messages
            #expect(Set(messages.keys) == Set(reference.keys), "\(language.rawValue) differs in keys")
            for (key, text) in reference {
                #expect(placeholders(messages[key] ?? "") == placeholders(text), "\(language.rawValue) \(key)")
            }
        }
        for folder in Capabilities.all.templateFolders {
            for file in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil) {
                let text = try String(contentsOf: file, encoding: .utf8)
                for match in text.matches(of: /\{\{t\.([a-z_0-9]+)\}\}/) {
                    #expect(
                        reference[String(match.output.1)] != nil, "\(file.lastPathComponent) uses t.\(match.output.1)")
                }
            }
        }
        // Every holiday the calendar names, and every status, has a name in the catalog.
        let calendars =
            Entity.allCases.map { HolidayCalendar(entity: $0) }
            + Canton.allCases.map { HolidayCalendar(entity: .fbih, canton: $0) }
        for key in Set(calendars.flatMap { $0.observed(in: 2026).map(\.key) }) {
            #expect(reference[key] != nil, "\(key)")
        }
        for status in InquiryStatus.allCases { #expect(reference["status_\(status.rawValue)"] != nil) }
    }
}
