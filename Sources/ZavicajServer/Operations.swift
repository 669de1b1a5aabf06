import Foundation
import Hummingbird
import Metrics
import Platform
import Prometheus

/// Health, metrics and the OpenAPI document.
struct OperationsCapability: Capability {
    let name = "operations"

    var apiOperations: [APIOperation] {
        [
            APIOperation(
                "get", "/api/v1/openapi.json", summary: "This document", requiresAuth: false,
                responses: [200: "OpenAPI 3.1"]),
            APIOperation(
                "get", "/api/v1/municipalities", summary: "The municipalities of this deployment", requiresAuth: false,
                responses: [200: "List of municipalities"]),
        ]
    }

    func addRoutes(to router: Router<AppRequestContext>, environment env: AppEnvironment) {
        // A load balancer asks many times a second: the database answers at most once a second per
        // instance (wall time, so it holds under a test's fixed clock too), the body is written once.
        let healthy = ByteBuffer(string: #"{"database":"\#(env.database.dialect.rawValue)","status":"ok"}"#)
        let checks = ShortLivedCache<Bool>(lifetime: 1)
        router.get("healthz") { _, _ in
            do {
                _ = try await checks.value("database", now: Date()) {
                    try await env.database.ping()
                    return true
                }
                return Response(
                    status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                    body: .init(byteBuffer: healthy))
            } catch {
                return try Response.jsonObject(["status": "unavailable"], status: .serviceUnavailable)
            }
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: Observability.registry.emitToBuffer())))
        }
        router.get("api/v1/openapi.json") { _, _ in
            try Response.jsonObject(OpenAPIDocument.build(Capabilities.all.apiOperations))
        }
        router.get("api/v1/municipalities") { _, _ in
            let list = try await env.municipalities.all().map { m -> [String: Any] in
                [
                    "id": m.id, "slug": m.slug, "code": m.code, "names": m.names.values, "address": m.address,
                    "email": m.email, "phone": m.phone, "website": m.website,
                ]
            }
            return try Response.jsonObject(["municipalities": list])
        }
    }
}

/// Prometheus metrics for the whole process: bootstrapped once, however many apps a test builds.
enum Observability {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
