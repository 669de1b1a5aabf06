import Foundation
import Hummingbird
import Platform

/// A raw RFC 5322 message as far as threading a reply needs: headers, and the plain text
/// the person wrote above the quoted notification. Pure.
public struct InboundMessage: Sendable {
    public let headers: [(name: String, value: String)]
    public let text: String

    public init(raw: String) {
        let normalized = raw.replacingOccurrences(of: "\r\n", with: "\n")
        let split = normalized.range(of: "\n\n")
        let head = split.map { String(normalized[..<$0.lowerBound]) } ?? normalized
        let body = split.map { String(normalized[$0.upperBound...]) } ?? ""
        headers = Self.parseHeaders(head)
        text = Self.reply(in: Self.plainText(body, headers: headers))
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Headers with folded lines joined.
    static func parseHeaders(_ head: String) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        for line in head.split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, first == " " || first == "\t", !result.isEmpty {
                result[result.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                result.append(
                    (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
        }
        return result
    }

    /// The first text/plain part, decoded from base64 or quoted-printable.
    static func plainText(_ body: String, headers: [(name: String, value: String)]) -> String {
        let contentType = headers.first { $0.name.lowercased() == "content-type" }?.value ?? "text/plain"
        let encoding = headers.first { $0.name.lowercased() == "content-transfer-encoding" }?.value.lowercased() ?? ""
        if contentType.lowercased().hasPrefix("multipart/"),
            let boundary = MultipartForm.parameter("boundary", in: contentType)
        {
            for part in body.components(separatedBy: "--\(boundary)").dropFirst() where !part.hasPrefix("--") {
                let message = InboundMessage.split(part.hasPrefix("\n") ? String(part.dropFirst()) : part)
                let type =
                    message.headers.first { $0.name.lowercased() == "content-type" }?.value.lowercased() ?? "text/plain"
                if type.hasPrefix("text/plain") || type.hasPrefix("multipart/") {
                    return plainText(message.body, headers: message.headers)
                }
            }
            return ""
        }
        switch encoding {
        case "base64":
            return Data(base64Encoded: body.filter { !$0.isWhitespace }).map { String(decoding: $0, as: UTF8.self) }
                ?? ""
        case "quoted-printable":
            return quotedPrintable(body)
        default:
            return body
        }
    }

    static func split(_ part: String) -> (headers: [(name: String, value: String)], body: String) {
        guard let range = part.range(of: "\n\n") else { return ([], part) }
        return (parseHeaders(String(part[..<range.lowerBound])), String(part[range.upperBound...]))
    }

    static func quotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let source = Array(text.replacingOccurrences(of: "=\n", with: "").utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "="), index + 2 < source.count,
                let value = UInt8(String(decoding: source[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value); index += 3
            } else {
                bytes.append(source[index]); index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// What the person wrote: everything above the quoted notification.
    static func reply(in text: String) -> String {
        var kept: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(">") { break }
            // "On … X wrote:", "Am … schrieb X:", "… je napisao/napisala:" open the quoted part.
            let quoteOpeners = ["wrote", "schrieb", "napisa", "написа"]
            if trimmed.hasSuffix(":"), quoteOpeners.contains(where: trimmed.contains) { break }
            if trimmed == "-----Original Message-----" { break }
            kept.append(line)
        }
        return kept.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The token of a `reply+TOKEN@domain` recipient.
    public var replyToken: String? {
        for name in ["to", "delivered-to", "x-original-to", "cc"] {
            guard let value = header(name), let match = value.firstMatch(of: /reply\+([A-Za-z0-9_-]+)@/) else {
                continue
            }
            return String(match.output.1)
        }
        return nil
    }

    /// Message ids this one answers (`In-Reply-To`, then `References`).
    public var answeredIDs: [String] {
        [header("In-Reply-To"), header("References")].compactMap { $0 }.flatMap { value in
            value.matches(of: /<([^>]+)>/).map { String($0.output.1) }
        }
    }

    /// The bare address of `From`.
    public var sender: String? {
        guard let from = header("From") else { return nil }
        if let match = from.firstMatch(of: /<([^>]+)>/) { return String(match.output.1).lowercased() }
        return from.trimmingCharacters(in: .whitespaces).lowercased()
    }
}

/// The inbound route: a mail gateway posts each raw reply here with the shared secret.
struct InboundMail: Sendable {
    let env: AppEnvironment

    static let operations: [APIOperation] = [
        APIOperation(
            "post", "/api/v1/inbound/mail",
            summary: "A raw reply e-mail (message/rfc822) from the mail gateway; needs X-Inbound-Secret",
            requiresAuth: false,
            responses: [
                202: "Threaded into its inquiry", 403: "Wrong or missing secret", 404: "No inquiry matches",
                422: "Empty reply",
            ])
    ]

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("api/v1/inbound/mail") { request, context in
            guard let secret = env.settings.inboundSecret, let given = request.headers[.init("X-Inbound-Secret")!],
                Random.digest(given) == Random.digest(secret)
            else { throw AppError.forbidden }
            var request = request
            let raw = String(buffer: try await request.collectBody(upTo: InquiryPages.uploadLimit))
            let number = try await thread(InboundMessage(raw: raw))
            return try Response.jsonObject(["inquiry": number], status: .accepted)
        }
    }

    /// Finds the inquiry by the reply token, or by `In-Reply-To` when the sender is the asker, and adds the reply.
    func thread(_ message: InboundMessage) async throws -> String {
        let store = InquiryStore(env.database.sql)
        var inquiry = try await message.replyToken.asyncMap { try await store.find(replyToken: $0) } ?? nil
        if inquiry == nil {
            // Our Message-IDs are `TOKEN.RANDOM@zavicaj`; a header can be copied, so the sender must be the asker.
            for id in message.answeredIDs {
                guard let token = id.split(separator: "@").first?.split(separator: ".").first else { continue }
                if let found = try await store.find(replyToken: String(token)),
                    found.askerEmail.lowercased() == message.sender
                {
                    inquiry = found
                    break
                }
            }
        }
        guard let inquiry else { throw AppError.notFound }
        _ = try await InquiryService(env).askerReply(inquiry, body: message.text)
        return inquiry.number
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
