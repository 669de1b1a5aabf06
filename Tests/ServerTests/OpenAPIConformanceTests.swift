import Foundation
import Platform
import TestSupport
import Testing
import ZavicajServer

/// The OpenAPI document checked by tools that are not ours: openapi-spec-validator reads the whole
/// document, and schemathesis calls every operation against a running server (as an officer) and
/// checks each answer against the document: no 5xx, only documented status codes, content types,
/// headers and bodies, 401 without the required bearer, 405 with `Allow` for other methods.
@Suite struct OpenAPIConformanceTests {
    static let checks = [
        "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance",
        "response_schema_conformance", "missing_required_header", "unsupported_method", "allow_header_conformance",
    ]

    @Test(.needs(.openAPIValidator, .schemathesis)) func independentToolsFindTheDocumentValidAndTheServerTrueToIt()
        async throws
    {
        let validator = Tools.besidePython("openapi-spec-validator"), schemathesis = Tools.besidePython("schemathesis")
        let results = try await LiveServer.run(
            .sqlite,
            prepare: { env in
                let officer = try await env.accounts.find(email: DemoData.email(role: .officer, slug: "jajce"))!
                return try await env.sessions.create(
                    accountID: officer.id, kind: .api, secondFactor: true, clientAddress: "test", at: env.clock.now())
            }
        ) { base, token -> [(status: Int32, output: String)] in
            let document = FileManager.default.temporaryDirectory.appendingPathComponent(
                "zavicaj-openapi-\(UUID().uuidString).json")
            let fetch =
                "import sys, urllib.request; open(sys.argv[2], 'wb').write(urllib.request.urlopen(sys.argv[1]).read())"
            guard
                (try? Tools.run(Tools.python, ["-c", fetch, "\(base)/api/v1/openapi.json", document.path]))?.status == 0
            else {
                return [(-1, "could not fetch the document"), (-1, "")]
            }
            let valid = (try? Tools.run(validator, [document.path])) ?? (-1, "could not run openapi-spec-validator")
            let calls =
                (try? Tools.run(
                    schemathesis,
                    [
                        "run", document.path, "--url", base, "--checks", Self.checks.joined(separator: ","),
                        "--max-examples", "10",
                        "--seed", "20261202", "--no-color", "--header", "Authorization: Bearer \(token)",
                    ])) ?? (-1, "could not run schemathesis")
            return [valid, calls]
        }
        #expect(results.count == 2 && results[0].status == 0, "\(results.first?.output ?? "")")
        #expect(results.count == 2 && results[1].status == 0, "\(results.last?.output.suffix(20_000) ?? "")")
    }
}
