import Foundation
import Inquiries
import Platform
import TestSupport
import Testing

/// Open311 GeoReport v2 driven by an independent client: the `georeport` package from PyPI.
@Suite struct Open311Tests {
    @Test(.needs(.georeport), arguments: Backend.all)
    func georeportClientListsServicesPostsAndReadsRequests(_ backend: Backend) async throws {
        let script = Tools.packageRoot.appendingPathComponent("Tests/Tools/open311_check.py").path
        let (status, output) = try await LiveServer.run(
            backend,
            prepare: { env in
                let jajce = try await env.municipalities.find(slug: "jajce")!
                return try await Open311Keys(env).issue(municipality: jajce, name: "Civic app", actor: .system("test"))
            }
        ) { base, key in
            (try? Tools.run(Tools.python, [script, base, "jajce", key])) ?? (-1, "could not start python")
        }
        #expect(status == 0, "\(output)")
        #expect(output.contains("REQUEST JAJ-"))
    }
}
