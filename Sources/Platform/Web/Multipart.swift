import Foundation
import Hummingbird

/// One uploaded file of a `multipart/form-data` body.
public struct UploadedFile: Sendable {
    public let field: String
    public let filename: String
    public let data: Data
}

/// A `multipart/form-data` body (RFC 7578): its text fields as a `Form`, and its files.
/// No package here parses multipart; the format needed for browser uploads is small.
public struct MultipartForm: Sendable {
    public let form: Form
    public let files: [UploadedFile]

    /// The files the person actually chose (a browser sends an empty part for an empty file input).
    public var chosenFiles: [(filename: String, data: Data)] {
        files.filter { !$0.data.isEmpty }.map { ($0.filename, $0.data) }
    }

    /// Reads a multipart body, or an url-encoded one (a form without files) as fields only.
    public static func read(_ request: Request, limit: Int) async throws -> MultipartForm {
        var request = request
        let contentType = request.headers[.contentType] ?? ""
        let buffer = try await request.collectBody(upTo: limit)
        guard contentType.lowercased().hasPrefix("multipart/form-data") else {
            return MultipartForm(form: try Form.submitted(String(buffer: buffer)), files: [])
        }
        guard let boundary = parameter("boundary", in: contentType) else { throw AppError.badRequest }
        return try parse(Data(buffer: buffer), boundary: boundary)
    }

    /// At most this many parts: the largest upload form has a few dozen fields and files.
    public static let maxParts = 200

    /// Parses the body; one cut off before its closing delimiter (`--boundary--`) is refused whole,
    /// so a broken upload is never stored as if it were the file.
    public static func parse(_ body: Data, boundary: String) throws -> MultipartForm {
        let delimiter = Data("--\(boundary)".utf8)
        var fields: [String: [String]] = [:]
        var files: [UploadedFile] = []
        var closed = false
        let parts = try split(body, by: delimiter, atMost: maxParts + 1)
        for part in parts.dropFirst() {
            // The closing delimiter is followed by "--".
            if part.starts(with: Data("--".utf8)) { closed = true; break }
            guard let headerEnd = part.firstRange(of: Data("\r\n\r\n".utf8)) else { throw AppError.badRequest }
            let headers = String(decoding: part[part.startIndex..<headerEnd.lowerBound], as: UTF8.self)
            var content = part[headerEnd.upperBound...]
            if content.suffix(2) == Data("\r\n".utf8) { content = content.dropLast(2) }
            guard
                let disposition = headers.split(separator: "\r\n").first(where: {
                    $0.lowercased().hasPrefix("content-disposition:")
                }),
                let name = parameter("name", in: String(disposition))
            else { throw AppError.badRequest }
            if let filename = parameter("filename", in: String(disposition)) {
                // A file input left empty still sends a part with no name and no bytes.
                if !filename.isEmpty || !content.isEmpty {
                    files.append(UploadedFile(field: name, filename: filename, data: Data(content)))
                }
            } else {
                fields[name, default: []].append(String(decoding: content, as: UTF8.self))
            }
        }
        guard closed else { throw AppError(.badRequest, code: "upload_incomplete") }
        let form = Form(fields: fields)
        try form.refuseControlCharacters()
        return MultipartForm(form: form, files: files)
    }

    static func split(_ data: Data, by delimiter: Data, atMost limit: Int) throws -> [Data] {
        var parts: [Data] = []
        var rest = data[...]
        while let range = rest.firstRange(of: delimiter) {
            guard parts.count <= limit else {
                throw AppError(.contentTooLarge, code: "too_many_fields", arguments: ["max": String(maxParts)])
            }
            parts.append(Data(rest[rest.startIndex..<range.lowerBound]))
            rest = rest[range.upperBound...]
            if rest.starts(with: Data("\r\n".utf8)) { rest = rest.dropFirst(2) }
        }
        parts.append(Data(rest))
        return parts
    }

    /// `name="value"` or `name=value` from a header such as Content-Type or Content-Disposition.
    public static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == name else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
        return nil
    }
}
