import Foundation
import TestSupport
import Testing

/// The tree keeps the layout `.swift-format` describes (lines of 120 columns, 4 spaces), so a
/// change that needs `swift format -i -r Sources Tests` fails here, in CI, and not in review.
@Suite struct FormattingTests {
    @Test(.needs(.swiftFormat)) func sourcesAreFormatted() throws {
        let root = Tools.packageRoot.path
        let paths = ["Sources", "Tests", "Package.swift"].map { "\(root)/\($0)" }
        let (status, output) = try Tools.run(
            try Tools.path(.swiftFormat),
            ["lint", "--strict", "--parallel", "--configuration", "\(root)/.swift-format", "--recursive"] + paths)
        #expect(status == 0, "run `swift format -i -r Sources Tests Package.swift`:\n\(output.prefix(4_000))")
    }
}
