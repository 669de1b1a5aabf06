import Foundation
import Hummingbird

/// Reads a request's JSON body into its own `Decodable` type; anything but an object is a 400 with a
/// clear code. There is no untyped reading: a body whose members the data decides is a `FieldsBody`.
public enum JSONBody {}

/// A JSON object whose members are a form's fields that the data decides (a registry book's fields, a
/// name per language, a fee per document kind, a Bajram date per year). Each member is text, a number,
/// or a boolean, read as a checkbox sends it ("1" or "0"); null is left out; anything else is a 422
/// naming the member. The rules that check the form check these values.
public struct FieldsBody: Decodable, Sendable {
    public let values: [String: String]

    public subscript(name: String) -> String? { values[name] }

    struct Member: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: Member.self)
        var values: [String: String] = [:]
        for key in object.allKeys where try !object.decodeNil(forKey: key) {
            if let text = try? object.decode(String.self, forKey: key) {
                values[key.stringValue] = text
            } else if let flag = try? object.decode(Bool.self, forKey: key) {
                values[key.stringValue] = flag ? "1" : "0"
            } else if let whole = try? object.decode(Int.self, forKey: key) {
                values[key.stringValue] = String(whole)
            } else if let number = try? object.decode(Double.self, forKey: key) {
                values[key.stringValue] = String(number)
            } else if decoder.userInfo[Self.scalarsOnly] == nil {
                throw DecodingError.typeMismatch(
                    String.self, .init(codingPath: [key], debugDescription: "text, a number or a boolean"))
            }
        }
        self.values = values
    }

    /// Texts by language (`{"bs": "…", "de": "…"}`) as a form's fields `<prefix>_<language>`.
    public static func localized(_ prefix: String, _ texts: [String: String]?) -> [String: String] {
        Dictionary(uniqueKeysWithValues: (texts ?? [:]).map { ("\(prefix)_\($0.key)", $0.value) })
    }

    static let scalarsOnly = CodingUserInfoKey(rawValue: "zavicaj.scalarsOnly")!

    /// A typed body's text, number and boolean members under their own names, as the page's form sends
    /// them, so one rule checks both; lists and files the caller hands over apart.
    public static func fields(of body: some Encodable) throws -> [String: String] {
        let decoder = JSONDecoder()
        decoder.userInfo[scalarsOnly] = true
        return try decoder.decode(FieldsBody.self, from: JSONEncoder().encode(body)).values
    }
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
public struct JSONFile: Codable, Sendable {
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
