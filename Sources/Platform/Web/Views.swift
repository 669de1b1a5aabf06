import Foundation
import Hummingbird
import Mustache

/// Every HTML template of the platform and its capabilities, parsed once at start.
/// Templates hold no words of their own: every text comes from the catalog as `{{t.key}}`.
public struct Views: Sendable {
    let library: MustacheLibrary

    /// Loads `*.mustache` from the template folders of every module that has pages.
    public static func load(directories: [URL]) throws -> Views {
        var library = MustacheLibrary()
        MustacheContentTypes.register(HTMLEscaping(), named: HTMLEscaping.name)
        for directory in directories {
            let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            for file in files where file.pathExtension == "mustache" {
                try library.register(
                    HTMLEscaping.pragma + String(contentsOf: file, encoding: .utf8),
                    named: file.deletingPathExtension().lastPathComponent)
            }
        }
        return Views(library: library)
    }

    public static var platformTemplates: URL {
        PlatformResources.url("Templates")
    }

    public func render(_ template: String, _ data: Any) -> String {
        guard let html = library.render(data, withTemplate: template) else {
            preconditionFailure("template \(template) is not registered")
        }
        return html
    }

    public func has(_ template: String) -> Bool { library.getTemplate(named: template) != nil }
}

extension Response {
    public static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        .html(ByteBuffer(string: html), status: status)
    }

    public static func html(_ html: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: html))
    }

    /// A stored file sent for download under its own name.
    public static func attachment(_ data: some Sequence<UInt8>, filename: String, contentType: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: contentType, .contentDisposition: "attachment; filename=\"\(filename)\""],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    public static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    public static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(value))))
    }

    public static func jsonObject(_ object: Any, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:])
        throws -> Response
    {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        headers.append(contentsOf: extra)
        // Compact, keys unsorted: sorting goes through ICU collation on Linux and dominated list responses.
        let data = try JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}
