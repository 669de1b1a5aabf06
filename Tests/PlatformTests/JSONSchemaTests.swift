import Foundation
import Platform
import Testing

@Suite struct JSONSchemaTests {
    @Test func objectsAreClosedUnlessTheyNameOthers() throws {
        let body = JSONSchema.object(
            ["language": .string(oneOf: Language.self), "copies": .integer(minimum: 1, maximum: 10)],
            required: ["language"])
        let json = body.json
        #expect(json["additionalProperties"] as? Bool == false)
        #expect(json["required"] as? [String] == ["language"])
        let language = try #require((json["properties"] as? [String: Any])?["language"] as? [String: Any])
        #expect(language["enum"] as? [String] == Language.allCases.map(\.rawValue))
        let open = JSONSchema.object([:], others: .string()).json
        #expect((open["additionalProperties"] as? [String: Any])?["type"] as? String == "string")
        #expect(JSONSerialization.isValidJSONObject(json))
    }
}
