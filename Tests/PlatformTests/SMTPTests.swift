import Crypto
import Foundation
import Logging
import Platform
import SMTP
import TestSupport
import Testing

@Suite struct SMTPTests {
    @Test func messageIsRenderedForTheWire() throws {
        let message = MailMessage(
            from: "Zavičaj <no-reply@zavicaj.test>", to: "amra@example.org", subject: "Potvrda — ćevapi",
            body: "Red 1\n.tačka na početku\n", headers: ["List-Unsubscribe": "<https://x.test/u>"])
        let text = message.rendered(date: Date(timeIntervalSince1970: 0), messageID: "1@zavicaj")
        #expect(text.contains("Subject: =?utf-8?B?"))
        #expect(text.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000"))
        #expect(text.contains("List-Unsubscribe: <https://x.test/u>"))
        #expect(MailMessage.address("Zavičaj <no-reply@zavicaj.test>") == "no-reply@zavicaj.test")
        #expect(
            try SMTPConfiguration(url: "smtp://u%40x:p%3Aw@mail.test:2525")
                == SMTPConfiguration(host: "mail.test", port: 2525, username: "u@x", password: "p:w"))
        #expect(throws: SMTPError.self) { try SMTPConfiguration(url: "http://mail.test") }
    }

    /// Delivers queued mail through a real SMTP server (aiosmtpd) and reads it back.
    @Test(.needs(.aiosmtpd)) func queuedMailIsDeliveredToARealSMTPServer() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "zavicaj-smtp-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Tools.python)
        process.arguments = [Tools.packageRoot.appendingPathComponent("Tests/Tools/smtp_sink.py").path, directory.path]
        let output = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        // Closing its standard input stops the sink; it needs no waiting for.
        defer { try? input.fileHandleForWriting.close() }
        let ready = try #require(
            String(decoding: output.fileHandleForReading.availableLine(), as: UTF8.self).split(separator: " ").last)
        let port = try #require(Int(ready.trimmingCharacters(in: .whitespacesAndNewlines)))

        let app = try await TestApp.make(.sqlite)
        let env = app.environment
        try await env.mail.enqueue(
            to: "amra@example.org", subject: "Dobro došli — Zavičaj", body: "Zdravo Amra,\n.\nkraj")
        let dispatcher = MailDispatcher(
            database: env.database, transport: SMTPTransport(SMTPConfiguration(host: "127.0.0.1", port: port)),
            sender: "Zavičaj <no-reply@zavicaj.test>", clock: env.clock, logger: Logger(label: "test"))
        #expect(try await dispatcher.deliverDue() == 1)
        #expect(try await env.mail.recent().first?.status == "sent")
        let raw = try String(contentsOf: directory.appendingPathComponent("1.eml"), encoding: .utf8)
        #expect(raw.hasPrefix("X-Envelope-To: amra@example.org"))
        #expect(raw.contains("Subject: =?utf-8?B?\(Data("Dobro došli — Zavičaj".utf8).base64EncodedString())?="))
        let body = raw.components(separatedBy: "\r\n\r\n").dropFirst().joined().replacingOccurrences(
            of: "\r\n", with: "")
        #expect(String(decoding: Data(base64Encoded: body) ?? Data(), as: UTF8.self) == "Zdravo Amra,\r\n.\r\nkraj")

        // A mail with files is multipart/mixed; Python's own mail parser finds each file intact.
        let pdf = Data("%PDF-1.7\n% ticket ž\n%%EOF\n".utf8), ics = Data("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".utf8)
        try await env.mail.enqueue([
            OutgoingMail(
                recipient: "selma@example.org", subject: "Ulaznica", body: "U prilogu.",
                attachments: [
                    MailAttachment(filename: "ticket.pdf", contentType: "application/pdf", data: pdf),
                    MailAttachment(filename: "event.ics", contentType: "text/calendar; charset=utf-8", data: ics),
                ])
        ])
        #expect(try await dispatcher.deliverDue() == 1)
        let parsed = try Tools.run(
            Tools.python,
            [
                "-c",
                """
                import email, sys, hashlib
                m = email.message_from_bytes(open(sys.argv[1], 'rb').read())
                print(m.get_content_type())
                for part in m.walk():
                    if part.get_filename():
                        print(part.get_filename(), part.get_content_type(), \
                hashlib.sha256(part.get_payload(decode=True)).hexdigest())
                    elif part.get_content_type() == 'text/plain':
                        print(part.get_payload(decode=True).decode())
                """, directory.appendingPathComponent("2.eml").path,
            ])
        #expect(
            parsed.output.split(separator: "\n").map(String.init) == [
                "multipart/mixed", "U prilogu.",
                "ticket.pdf application/pdf \(SHA256.hash(data: pdf).map { String(format: "%02x", $0) }.joined())",
                "event.ics text/calendar \(SHA256.hash(data: ics).map { String(format: "%02x", $0) }.joined())",
            ], "\(parsed.output)")

        // A server that is not there: the mail stays queued for another attempt, nothing is lost.
        try await env.mail.enqueue(to: "emir@example.org", subject: "Drugi", body: "x")
        let down = MailDispatcher(
            database: env.database, transport: SMTPTransport(SMTPConfiguration(host: "127.0.0.1", port: 1)),
            sender: "z@zavicaj.test", clock: env.clock, logger: Logger(label: "test"))
        #expect(try await down.deliverDue() == 1)
        let retry = try #require(try await env.mail.recent(recipient: "emir@example.org").first)
        #expect(retry.status == "queued" && retry.attempts == 1)
        try await app.shutdown()
    }
}

extension FileHandle {
    /// Reads up to the first newline (the sink's READY line).
    func availableLine() -> Data {
        var line = Data()
        while true {
            let byte = readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { return line }
            line.append(byte)
        }
    }
}
