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
