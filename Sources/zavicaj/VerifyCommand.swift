import ArgumentParser
import Documents
import Foundation

/// `zavicaj verify document.pdf --keys zavicaj-keys.json`: checks an issued document offline,
/// against the keys a deployment publishes at `/.well-known/zavicaj-keys.json`.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check an issued document's seal offline (exit 0 valid, 1 not).")
    @Argument(help: "The PDF to check.") var file: String
    @Option(help: "The published keys, saved from https://<deployment>/.well-known/zavicaj-keys.json.") var keys: String

    func run() async throws {
        let pdf = try Data(contentsOf: URL(fileURLWithPath: file))
        let published = DocumentContent.keys(fromJSON: try Data(contentsOf: URL(fileURLWithPath: keys)))
        guard !published.isEmpty else { throw ValidationError("\(keys) holds no keys") }
        switch DocumentContent.check(pdf: pdf, keys: published) {
        case .valid(let fields):
            print(
                "VALID: signed by key \(DocumentSeal(text: PDFDocument.infoStrings(in: pdf)[DocumentContent.sealKey] ?? "")?.keyID ?? "?"); content and pages unchanged"
            )
            for key in [
                "document.number", "document.kind", "document.issued_on", "document.issuer", "document.keeper",
                "person.given_name", "person.surname",
            ] {
                print("  \(key): \(fields[key] ?? "")")
            }
            print("Whether it was revoked since: \(fields["document.verify_url"] ?? "the deployment's /verify page")")
        case .invalid:
            print("INVALID: the seal does not match this document (changed, or signed by a key not in \(keys))")
            throw ExitCode(1)
        case .unsealed:
            print("NOT SEALED: this is not a document issued through Zavičaj")
            throw ExitCode(1)
        }
    }
}
