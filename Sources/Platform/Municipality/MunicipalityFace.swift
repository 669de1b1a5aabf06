import Foundation
import Hummingbird
import NIOCore
import SQLKit

/// A municipality's own face on its pages: its colour (buttons, links) and its crest or logo beside
/// its name, both set by its admin. The colour reaches pages as a small stylesheet of its own
/// (`/{slug}/face.css`), since the pages allow no inline styles (Content-Security-Policy).
public enum MunicipalityFace {
    public static let crestLimit = 256 * 1024

    /// "#0b5cad", or "" for the platform's own blue. White text on it must keep WCAG 2.1's contrast
    /// of at least 4.5:1 (success criterion 1.4.3), as buttons write white on the colour.
    public static func colour(_ raw: String?) throws -> String {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if text.isEmpty { return "" }
        guard text.count == 7, text.first == "#", text.dropFirst().allSatisfy(\.isHexDigit) else {
            throw AppError.invalid("colour", "colour_invalid")
        }
        let ratio = contrastWithWhite(text)
        guard ratio >= 4.5 else {
            throw AppError.invalid("colour", "colour_contrast", ["ratio": String(format: "%.2f", ratio)])
        }
        return text
    }

    /// WCAG 2.1's contrast ratio (L1 + 0.05) / (L2 + 0.05) of white against `#rrggbb`, with the
    /// relative luminance of its definition (sRGB channels linearised, weighted 0.2126/0.7152/0.0722).
    public static func contrastWithWhite(_ hex: String) -> Double {
        let value = Int(hex.dropFirst(), radix: 16) ?? 0
        let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map { channel -> Double in
            let c = Double(channel) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
        return 1.05 / (luminance + 0.05)
    }

    /// A crest as uploaded: a PNG or JPEG (by its bytes) of at most 256 KB.
    public static func crest(_ file: (filename: String, data: Data)?) throws -> (contentType: String, data: Data) {
        guard let file, !file.data.isEmpty else { throw AppError.invalid("crest", "required") }
        guard file.data.count <= crestLimit else {
            throw AppError.invalid("crest", "file_too_large", ["name": AttachmentKind.safeFilename(file.filename)])
        }
        guard let kind = AttachmentKind(sniffing: file.data), kind != .pdf else {
            throw AppError.invalid("crest", "crest_type")
        }
        return (kind.contentType, file.data)
    }
}

extension MunicipalityStore {
    /// Stores the crest and gives the municipality a new crest version (so pages fetch the new one).
    func saveCrest(_ crest: (contentType: String, data: Data), of municipalityID: String, version: String)
        async throws
    {
        try await db.raw("DELETE FROM municipality_crests WHERE municipality_id = \(bind: municipalityID)").run()
        try await db.raw(
            """
            INSERT INTO municipality_crests (municipality_id, content_type, data)
            VALUES (\(bind: municipalityID), \(bind: crest.contentType), \(bind: crest.data.base64EncodedString()))
            """
        ).run()
        try await db.raw(
            "UPDATE municipalities SET crest_version = \(bind: version) WHERE id = \(bind: municipalityID)"
        ).run()
    }

    func crest(of municipalityID: String) async throws -> (contentType: String, data: Data)? {
        guard
            let row = try await db.raw(
                "SELECT content_type, data FROM municipality_crests WHERE municipality_id = \(bind: municipalityID)"
            ).row(CrestRow.self), let data = Data(base64Encoded: row.data)
        else { return nil }
        return (row.contentType, data)
    }

    private struct CrestRow: Decodable { let contentType: String, data: String }
}

/// The public routes of a municipality's face: its stylesheet and its crest, cached by browsers
/// under a versioned address.
struct FaceRoutes: Sendable {
    let env: AppEnvironment

    func addRoutes(to router: Router<AppRequestContext>) {
        let portal = router.municipalityGroup(env)
        portal.get("face.css") { _, context in
            let municipality = try context.pathMunicipality
            let accent = municipality.colour.isEmpty ? "" : ":root { --accent: \(municipality.colour); }\n"
            return Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=86400"],
                body: .init(byteBuffer: ByteBuffer(string: accent)))
        }
        portal.get("crest") { _, context in
            let municipality = try context.pathMunicipality
            guard let crest = try await env.municipalities.crest(of: municipality.id) else { throw AppError.notFound }
            return Response(
                status: .ok,
                headers: [.contentType: crest.contentType, .cacheControl: "public, max-age=86400"],
                body: .init(byteBuffer: ByteBuffer(data: crest.data)))
        }
    }
}
