import Foundation

/// One outgoing message: plain UTF-8 text, the form every mail client reads.
public struct MailMessage: Sendable, Equatable {
    public var from: String
    public var to: String
    public var subject: String
    public var body: String
    /// Extra headers such as `List-Unsubscribe` or `In-Reply-To`.
    public var headers: [String: String]
    /// Files sent along (a ticket, a calendar entry); none makes a plain single-part mail.
    public var attachments: [MailAttachment]

    public init(
        from: String, to: String, subject: String, body: String, headers: [String: String] = [:],
        attachments: [MailAttachment] = []
    ) {
        self.from = from; self.to = to; self.subject = subject; self.body = body; self.headers = headers;
        self.attachments = attachments
    }

    /// The RFC 5322 text: encoded-word subject, base64 body, CRLF line ends.
    public func rendered(date: Date, messageID: String) -> String {
        var lines = [
            "From: \(from)", "To: \(to)", "Subject: \(Self.encodedWord(subject))",
            "Date: \(Self.rfc5322Date(date))", "Message-ID: <\(messageID)>", "MIME-Version: 1.0",
        ]
        let text = Self.base64(
            Data(body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8))
        let textHeaders = ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"]
        lines += headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        guard !attachments.isEmpty else {
            return (lines + textHeaders).joined(separator: "\r\n") + "\r\n\r\n" + text + "\r\n"
        }
        // multipart/mixed (RFC 2046): the text first, then each file in base64.
        let boundary = "zv-" + messageID.filter { $0.isLetter || $0.isNumber }
        var out =
            (lines + ["Content-Type: multipart/mixed; boundary=\"\(boundary)\""]).joined(separator: "\r\n") + "\r\n\r\n"
        out += "--\(boundary)\r\n" + textHeaders.joined(separator: "\r\n") + "\r\n\r\n" + text + "\r\n"
        for file in attachments {
            let name = file.filename.filter { $0.isASCII && $0 != "\"" && !$0.isNewline }
            out +=
                """
                --\(boundary)\r\nContent-Type: \(file.contentType); name=\"\(name)\"\r\nContent-Transfer-Encoding: \
                base64\r\n
                """
            out += "Content-Disposition: attachment; filename=\"\(name)\"\r\n\r\n" + Self.base64(file.data) + "\r\n"
        }
        return out + "--\(boundary)--\r\n"
    }

    static func base64(_ data: Data) -> String {
        data.base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
    }

    /// RFC 2047: non-ASCII header text travels as `=?utf-8?B?…?=`.
    static func encodedWord(_ text: String) -> String {
        if text.allSatisfy({ $0.isASCII && !$0.isNewline }) { return text }
        return "=?utf-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// The bare address out of `Name <address>`.
    public static func address(_ mailbox: String) -> String {
        if let open = mailbox.lastIndex(of: "<"), let close = mailbox.lastIndex(of: ">"), open < close {
            return String(mailbox[mailbox.index(after: open)..<close])
        }
        return mailbox.trimmingCharacters(in: .whitespaces)
    }
}

/// A file carried by a mail.
public struct MailAttachment: Sendable, Equatable, Codable {
    public var filename: String
    public var contentType: String
    public var data: Data
    public init(filename: String, contentType: String, data: Data) {
        self.filename = filename; self.contentType = contentType; self.data = data
    }
}
