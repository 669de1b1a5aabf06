import Foundation

/// A JSON Schema (the subset the API uses) that the compiler checks: request bodies in the
/// OpenAPI document are built from these values, so a schema cannot be malformed text.
public struct JSONSchema: Sendable, Equatable {
    public enum Kind: String, Sendable { case string, integer, boolean, array, object }

    public var kind: Kind
    public var description: String?
    public var format: String?
    public var choices: [String]?
    public var pattern: String?
    public var minLength: Int?, maxLength: Int?
    public var minimum: Int?, maximum: Int?
    public var maxItems: Int?
    /// The schema of an array's items (one element; an array keeps the type finite).
    var items: [JSONSchema] = []
    public var properties: [(String, JSONSchema)] = []
    public var required: [String] = []
    /// Members an object allows besides its properties: none (`nil`), or any of this schema.
    var additional: [JSONSchema] = []

    init(_ kind: Kind) { self.kind = kind }

    public static func string(
        _ description: String? = nil, format: String? = nil, oneOf choices: [String]? = nil, pattern: String? = nil,
        minLength: Int? = nil, maxLength: Int? = nil
    ) -> JSONSchema {
        var schema = JSONSchema(.string)
        schema.description = description
        schema.format = format
        schema.choices = choices
        schema.pattern = pattern
        schema.minLength = minLength
        schema.maxLength = maxLength
        return schema
    }

    /// A string that is one of an enum's raw values (plus `extra`, e.g. "" for none).
    public static func string<Choice: RawRepresentable & CaseIterable>(
        _ description: String? = nil, oneOf type: Choice.Type, extra: [String] = []
    ) -> JSONSchema where Choice.RawValue == String {
        .string(description, oneOf: extra + type.allCases.map(\.rawValue))
    }

    public static func integer(_ description: String? = nil, minimum: Int? = nil, maximum: Int? = nil) -> JSONSchema {
        var schema = JSONSchema(.integer)
        schema.description = description
        schema.minimum = minimum
        schema.maximum = maximum
        return schema
    }

    public static func boolean(_ description: String? = nil) -> JSONSchema {
        var schema = JSONSchema(.boolean)
        schema.description = description
        return schema
    }

    public static func array(of items: JSONSchema, maxItems: Int? = nil, _ description: String? = nil) -> JSONSchema {
        var schema = JSONSchema(.array)
        schema.items = [items]
        schema.maxItems = maxItems
        schema.description = description
        return schema
    }

    /// Texts by language, `{"bs": "…", "de": "…"}`, each at most `limit` characters.
    public static func texts(_ limit: Int) -> JSONSchema {
        .object(
            [:], others: .string(maxLength: limit),
            description: "Texts by language code (bs, hr, sr-Latn, sr-Cyrl, en, de)")
    }

    /// An object with these members, in this order; `others` allows further members of that schema.
    public static func object(
        _ properties: KeyValuePairs<String, JSONSchema>, required: [String] = [], others: JSONSchema? = nil,
        description: String? = nil
    ) -> JSONSchema {
        object(
            members: properties.map { ($0.key, $0.value) }, required: required, others: others, description: description
        )
    }

    /// The same with the members as a list, for schemas that share members.
    public static func object(
        members properties: [(String, JSONSchema)], required: [String] = [], others: JSONSchema? = nil,
        description: String? = nil
    ) -> JSONSchema {
        var schema = JSONSchema(.object)
        schema.description = description
        schema.properties = properties
        schema.required = required
        schema.additional = others.map { [$0] } ?? []
        precondition(Set(required).isSubset(of: properties.map(\.0)), "required members are properties")
        return schema
    }

    public static func == (a: JSONSchema, b: JSONSchema) -> Bool { a.json as NSDictionary == b.json as NSDictionary }

    /// The schema as JSON values. An object says `additionalProperties` always: the API reads only
    /// the members it names, so a client learns not to send others.
    public var json: [String: Any] {
        var json: [String: Any] = ["type": kind.rawValue]
        let optional: [(String, Any?)] = [
            ("description", description), ("format", format), ("enum", choices), ("pattern", pattern),
            ("minLength", minLength), ("maxLength", maxLength), ("minimum", minimum), ("maximum", maximum),
            ("maxItems", maxItems),
        ]
        for case (let key, let value?) in optional { json[key] = value }
        if let items = items.first { json["items"] = items.json }
        if kind == .object {
            json["properties"] = Dictionary(uniqueKeysWithValues: properties.map { ($0.0, $0.1.json) })
            if !required.isEmpty { json["required"] = required }
            json["additionalProperties"] = additional.first.map { $0.json as Any } ?? false
        }
        return json
    }
}
