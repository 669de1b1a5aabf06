import Foundation
import Platform

/// Builds the OpenAPI 3.1 document from the operations the capabilities declare.
enum OpenAPIDocument {
    static func build(_ operations: [APIOperation]) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            paths[operation.path, default: [:]][operation.method] = entry(operation)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Zavičaj API", "version": "1.0.0",
                "description": "The diaspora platform of a municipality in Bosnia and Herzegovina.",
            ],
            "servers": [["url": "/"]],
            "paths": paths,
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "schemas": [
                    "Error": [
                        "type": "object", "required": ["error"],
                        "properties": [
                            "errors": [
                                "type": "array",
                                "description": "Every wrong field of the request, the first as in error",
                                "items": [
                                    "type": "object",
                                    "properties": [
                                        "code": ["type": "string"], "message": ["type": "string"],
                                        "field": ["type": "string"],
                                    ],
                                ],
                            ],
                            "error": [
                                "type": "object", "required": ["code", "message"],
                                "properties": [
                                    "code": ["type": "string"], "message": ["type": "string"],
                                    "field": ["type": "string"],
                                ],
                            ],
                        ],
                    ]
                ],
            ],
        ]
    }

    /// One operation. What every operation of a kind can answer is added here once: 401 where a
    /// bearer is needed (and 403 for a role that may not), 400 for a body that is not a JSON object, 413 for one over
    /// the limit, 429
    /// where limits apply; the `Idempotency-Key` header on every POST of the API.
    static func entry(_ operation: APIOperation) -> [String: Any] {
        var responses = operation.responses
        if operation.requiresAuth {
            responses[401] = responses[401] ?? "Not signed in"
            responses[403] = responses[403] ?? "Signed in, but this role may not do it"
        }
        if !pathParameters(operation.path).isEmpty { responses[404] = responses[404] ?? "Unknown municipality or item" }
        if operation.requestSchema != nil || operation.requestType != "application/json" {
            responses[400] = responses[400] ?? "The body is not a JSON object (bad_json) or not a valid request"
            responses[413] = responses[413] ?? "The body is too large"
        }
        var entry: [String: Any] = [
            "summary": operation.summary,
            "operationId": operation.method
                + operation.path.replacingOccurrences(of: "/api/v1", with: "")
                .split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.capitalized }.joined(),
            "responses": Dictionary(
                uniqueKeysWithValues: responses.map { code, text in (String(code), response(text, code: code)) }),
        ]
        if operation.requiresAuth { entry["security"] = [["bearer": [String]()]] }
        if let body = requestBody(operation) { entry["requestBody"] = body }
        var parameters = pathParameters(operation.path).map { name in
            ["name": name, "in": "path", "required": true, "schema": ["type": "string"]] as [String: Any]
        }
        if operation.method == "post", operation.path.hasPrefix("/api/v1/"), operation.path != "/api/v1/sessions" {
            parameters.append([
                "name": "Idempotency-Key", "in": "header", "required": false,
                "schema": ["type": "string", "maxLength": 200],
                "description":
                    """
                A repeat with the same key and body gets the first answer (header Idempotent-Replayed: true) for a \
                day.
                """,
            ])
        }
        if !parameters.isEmpty { entry["parameters"] = parameters }
        return entry
    }

    /// Every `{name}` of a path, wherever it stands in a segment (`{number}.pdf`).
    static func pathParameters(_ path: String) -> [String] {
        path.matches(of: /\{([a-z_]+)\}/).map { String($0.output.1) }
    }

    static func requestBody(_ operation: APIOperation) -> [String: Any]? {
        if operation.requestType != "application/json" {
            let file: [String: Any] = ["schema": ["type": "string", "format": "binary"]]
            return ["required": true, "content": [operation.requestType: file, "application/octet-stream": file]]
        }
        guard let schema = operation.requestSchema else { return nil }
        return ["required": true, "content": ["application/json": ["schema": schema.json]]]
    }

    static func response(_ description: String, code: Int) -> [String: Any] {
        guard code >= 400 else { return ["description": description] }
        return [
            "description": description,
            "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]],
        ]
    }
}
