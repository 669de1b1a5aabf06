import Foundation
import HTTPTypes
import Platform
import TestSupport
import Testing
import ZavicajServer

/// Each municipality's face: its colour (readable under white text) and its crest, set by its admin.
@Suite struct FaceTests {
    /// WCAG 2.1 SC 1.4.3 with the well-known pair: #767676 on white is 4.54:1 (enough), #777777 4.48:1.
    @Test func theColourKeepsWhiteTextReadable() throws {
        #expect(MunicipalityFace.contrastWithWhite("#767676") >= 4.5)
        #expect(MunicipalityFace.contrastWithWhite("#777777") < 4.5)
        #expect(abs(MunicipalityFace.contrastWithWhite("#000000") - 21) < 0.01)
        #expect(try MunicipalityFace.colour(" #0B5CAD ") == "#0b5cad")
        #expect(try MunicipalityFace.colour("") == "")
        #expect(throws: AppError.self) { try MunicipalityFace.colour("#fff000") }
        #expect(throws: AppError.self) { try MunicipalityFace.colour("plava") }
    }

    @Test(arguments: Backend.all)
    func anAdminGivesTheMunicipalityItsColourAndCrest(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { app, admin in
            let token = try await admin.token(app, email: DemoData.email(role: .municipalAdmin, slug: "jajce"))
            let pale = try await admin.api(.post, "/api/v1/jajce/profile", json: ["colour": "#777777"], token: token)
            #expect(pale.status == .unprocessableContent && pale.body.contains("colour"))
            let green = try await admin.api(.post, "/api/v1/jajce/profile", json: ["colour": "#1d5e34"], token: token)
            #expect(green.status == .ok && green.json["colour"] as? String == "#1d5e34")

            let visitor = admin.sibling(address: "198.51.100.70")
            visitor.acceptLanguage = "bs"
            let portal = try await visitor.get("/jajce/").body
            #expect(portal.contains("<link rel=\"stylesheet\" href=\"/jajce/face.css?v=1d5e34\">"))
            #expect(try await visitor.get("/jajce/face.css").body.contains("--accent: #1d5e34"))
            #expect(!(try await visitor.get("/kakanj/").body.contains("face.css")), "Kakanj keeps the platform's look")

            let auth: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "image/png"]
            let pdf = try await admin.send(.post, "/api/v1/jajce/crest", data: Data("%PDF-1.4".utf8), headers: auth)
            #expect(pdf.status == .unprocessableContent)
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 64)
            let saved = try await admin.send(.post, "/api/v1/jajce/crest", data: png, headers: auth)
            #expect(saved.status == .ok, "\(saved.body)")
            let crest = try #require(saved.json["crest"] as? String)
            #expect(try await visitor.get("/jajce/").body.contains("<img src=\"\(crest)\""))
            let image = try await visitor.get(crest)
            #expect(image.headers[.contentType] == "image/png" && image.data == png)
            #expect(try await visitor.get("/kakanj/crest").status == .notFound)
            #expect(try await app.count("audit_log", "action = 'municipality.crest'") == 1)

            // The page does the same for an admin in the browser.
            try await admin.signInStaff(app, role: .municipalAdmin, slug: "jajce")
            let page = try await admin.get("/jajce/staff/admin/crest")
            #expect(page.status == .ok && page.body.contains("PNG ili JPEG"))
            let other = try await admin.upload(
                "/jajce/staff/admin/crest", [:], files: [("crest", "grb.gif", Data("GIF89a".utf8))])
            #expect(other.status == .unprocessableContent && other.body.contains("PNG ili JPEG"))
        }
    }
}
