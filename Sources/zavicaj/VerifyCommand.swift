import ArgumentParser
import Documents
import Foundation

/// `zavicaj verify document.pdf --keys zavicaj-keys.json`: checks an issued document offline,
/// against the keys a deployment publishes at `/.well-known/zavicaj-keys.json`. A document issued
/// from a record another deployment keeps also carries that keeper's seal of the record: give its
/// keys too (`--keys` again), and both seals are checked.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check an issued document's seal offline (exit 0 valid, 1 not).")
    @Argument(help: "The PDF to check.") var file: String
    @Option(
        help: """
            The published keys, saved from https://<deployment>/.well-known/zavicaj-keys.json; repeat for the \
            deployment keeping the record.
            """)
    var keys: [String]

    func run() async throws {
        let pdf = try Data(contentsOf: URL(fileURLWithPath: file))
        var published: DocumentContent.Keys = [:]
        for path in keys {
            let read = DocumentContent.keys(fromJSON: try Data(contentsOf: URL(fileURLWithPath: path)))
            guard !read.isEmpty else { throw ValidationError("\(path) holds no keys") }
            published.merge(read) { own, _ in own }
        }
        guard !published.isEmpty else { throw ValidationError("--keys: at least one key file") }
        switch DocumentContent.check(pdf: pdf, keys: published) {
        case .valid(let fields):
            let seal = DocumentSeal(text: PDFDocument.infoStrings(in: pdf)[DocumentContent.sealKey] ?? "")
            print("VALID: signed by key \(seal?.keyID ?? "?"); content and pages unchanged")
            try record(fields, keys: published)
            for key in [
                "document.number", "document.kind", "document.issued_on", "document.issuer", "document.keeper",
                "person.given_name", "person.surname",
            ] {
                print("  \(key): \(fields[key] ?? "")")
            }
            print("Whether it was revoked since: \(fields["document.verify_url"] ?? "the deployment's /verify page")")
        case .invalid:
            let files = keys.joined(separator: ", ")
            print("INVALID: the seal does not match this document (changed, or signed by a key not in \(files))")
            throw ExitCode(1)
        case .unsealed:
            print("NOT SEALED: this is not a document issued through Zavičaj")
            throw ExitCode(1)
        }
    }

    /// The keeper's seal of the record, on a document drawn from a record another deployment keeps.
    func record(_ fields: [String: String], keys: DocumentContent.Keys) throws {
        switch DocumentContent.recordHolds(fields, keys: keys) {
        case nil: return
        case true?:
            print(
                "RECORD VALID: the record it was drawn from is sealed by \(fields["record.deployment"] ?? "its keeper")"
            )
        case false?:
            print(
                """
                RECORD NOT CHECKED: the record's seal does not hold under these keys; add the keys of \
                \(fields["record.deployment"] ?? "the deployment keeping the record") with --keys
                """)
            throw ExitCode(1)
        }
    }
}
