import Foundation
import Hummingbird

/// A JSON object from a request body; anything else is a 400 with a clear code.
public struct JSONBody: Sendable {
    /// Every string (or number, as text) member of the object.
    public let values: [String: String]
    /// Files sent as `"attachments": [{"filename": "…", "content_base64": "…"}]`.
    public var files: [(filename: String, data: Data)] = []

    public static func read(_ request: Request, limit: Int = 1_048_576) async throws -> JSONBody {
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        guard buffer.readableBytes > 0 else { return JSONBody(values: [:]) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any] else {
            throw AppError(.badRequest, code: "bad_json")
        }
        var values: [String: String] = [:]
        var files: [(filename: String, data: Data)] = []
        for (key, value) in object {
            switch value {
            case let list as [[String: Any]] where key == "attachments":
                for entry in list {
                    guard let encoded = entry["content_base64"] as? String, let data = Data(base64Encoded: encoded)
                    else {
                        throw AppError.invalid(key, "invalid_type")
                    }
                    files.append(((entry["filename"] as? String) ?? "file", data))
                }
            case let text as String:
                guard !Form.hasControlCharacter(text) else { throw AppError.invalid(key, "control_characters") }
                values[key] = text
            case let number as NSNumber: values[key] = number.stringValue
            case is NSNull: continue
            default: throw AppError.invalid(key, "invalid_type")
            }
        }
        return JSONBody(values: values, files: files)
    }

    public subscript(key: String) -> String? { values[key] }
}

extension JSONBody {
    /// A JSON body decoded into its own type. A member of the wrong type or a missing one is a 422 naming
    /// the member; text with control characters is refused as forms refuse it; an empty body is `{}`.
    public static func decode<Body: Decodable>(_ type: Body.Type, _ request: Request, limit: Int = 1_048_576)
        async throws -> Body
    {
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        let data = buffer.readableBytes > 0 ? Data(buffer: buffer) : Data("{}".utf8)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw AppError(.badRequest, code: "bad_json")
        }
        if let field = controlCharacterField(object) { throw AppError.invalid(field, "control_characters") }
        do {
            return try JSONDecoder().decode(Body.self, from: data)
        } catch DecodingError.keyNotFound(let key, let context) {
            throw AppError.invalid(field(context.codingPath + [key]) ?? key.stringValue, "required")
        } catch DecodingError.valueNotFound(_, let context) {
            throw AppError.invalid(field(context.codingPath) ?? "body", "required")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.dataCorrupted(let context) {
            throw AppError.invalid(field(context.codingPath) ?? "body", "invalid_type")
        }
    }

    /// The top-level member a decoding error is about.
    static func field(_ path: [any CodingKey]) -> String? { path.first?.stringValue }

    static func controlCharacterField(_ object: [String: Any]) -> String? {
        func bad(_ value: Any) -> Bool {
            switch value {
            case let text as String: Form.hasControlCharacter(text)
            case let list as [Any]: list.contains(where: bad)
            case let nested as [String: Any]: nested.values.contains(where: bad)
            default: false
            }
        }
        return object.first { bad($0.value) }?.key
    }
}

/// A file inside a JSON body, `{"filename": "…", "content_base64": "…"}`, as the API sends attachments.
public struct JSONFile: Decodable, Sendable {
    public let filename: String?
    public let content_base64: String

    /// The files' bytes, or a 422 on `field` naming the first that is not base64.
    public static func decoded(_ files: [JSONFile]?, field: String) throws -> [(filename: String, data: Data)] {
        try (files ?? []).map { file in
            guard let data = Data(base64Encoded: file.content_base64) else {
                throw AppError.invalid(field, "invalid_type")
            }
            return (file.filename ?? "file", data)
        }
    }

    /// Its schema, for the OpenAPI document.
    public static let schema = JSONSchema.object(
        ["filename": .string(maxLength: 200), "content_base64": .string("The file, base64")],
        required: ["content_base64"])
}
