import Foundation
import Platform

/// Builds the OpenAPI 3.1 document from the operations the capabilities declare.
enum OpenAPIDocument {
    static func build(_ operations: [APIOperation]) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            var entry: [String: Any] = [
                "summary": operation.summary,
                "operationId": operation.method + operation.path.replacingOccurrences(of: "/api/v1", with: "")
                    .split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.capitalized }.joined(),
                "responses": Dictionary(uniqueKeysWithValues: operation.responses.map { code, text in
                    (String(code), response(text, code: code))
                }),
            ]
            if operation.requiresAuth { entry["security"] = [["bearer": [String]()]] }
            if let schema = operation.requestSchema, let object = try? JSONSerialization.jsonObject(with: Data(schema.utf8)) {
                entry["requestBody"] = ["required": true, "content": ["application/json": ["schema": object]]]
            }
            let parameters = operation.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { name in
                ["name": String(name.dropFirst().dropLast()), "in": "path", "required": true, "schema": ["type": "string"]] as [String: Any]
            }
            if !parameters.isEmpty { entry["parameters"] = parameters }
            paths[operation.path, default: [:]][operation.method] = entry
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "Zavičaj API", "version": "1.0.0",
                     "description": "The diaspora platform of a municipality in Bosnia and Herzegovina."],
            "servers": [["url": "/"]],
            "paths": paths,
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "schemas": ["Error": [
                    "type": "object", "required": ["error"],
                    "properties": ["error": ["type": "object", "required": ["code", "message"], "properties": [
                        "code": ["type": "string"], "message": ["type": "string"], "field": ["type": "string"]]]],
                ]],
            ],
        ]
    }

    static func response(_ description: String, code: Int) -> [String: Any] {
        guard code >= 400 else { return ["description": description] }
        return ["description": description, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
    }
}
