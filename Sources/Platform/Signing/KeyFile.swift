import Documents
import Foundation

/// Private signing keys kept in a file outside the database (`ZAVICAJ_SIGNING_KEY_FILE`): JSON
/// `{"keys": [{"id", "private_key" (base64), "created_at", "retired_at"}]}`, written with mode 0600
/// through a temporary file and a rename, so a reader never sees half a file. Hand the same file
/// to every instance, and back it up apart from the database.
struct KeyFile: Sendable {
    let path: String

    struct Entry: Codable {
        let id: String
        let private_key: String
        let created_at: String
        var retired_at: String?
    }

    struct Contents: Codable { var keys: [Entry] }

    /// The newest key not retired, or nil when the file does not exist yet.
    func current() throws -> SigningKey? {
        guard let contents = try read(), let entry = contents.keys.last(where: { $0.retired_at == nil }) else {
            return nil
        }
        return try SigningKey(id: entry.id, rawRepresentation: Data(base64Encoded: entry.private_key) ?? Data())
    }

    /// Adds `key` as the current one; the others are marked retired.
    func add(_ key: SigningKey, at now: Date) throws {
        var contents = try read() ?? Contents(keys: [])
        for index in contents.keys.indices where contents.keys[index].retired_at == nil {
            contents.keys[index].retired_at = Timestamp.text(now)
        }
        contents.keys.append(
            Entry(id: key.id, private_key: key.rawRepresentation.base64EncodedString(), created_at: Timestamp.text(now))
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let temporary = path + ".tmp-\(getpid())"
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: try encoder.encode(contents), attributes: [.posixPermissions: 0o600])
        else {
            throw ConfigurationError("cannot write the signing key file \(temporary)")
        }
        guard rename(temporary, path) == 0 else {
            throw ConfigurationError("cannot install the signing key file \(path): errno \(errno)")
        }
    }

    func read() throws -> Contents? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(Contents.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ConfigurationError("the signing key file \(path) cannot be read: \(error)")
        }
    }
}
