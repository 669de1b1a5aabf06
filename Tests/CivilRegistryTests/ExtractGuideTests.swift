import Foundation
import Platform
import TestSupport
import Testing
import ZavicajServer

@testable import CivilRegistry

/// The request form guides: how to pay into the municipality's account, what happens next,
/// the presence check first, only the fields that apply, the member's own name filled in.
@Suite struct ExtractGuideTests {
    /// ISO 13616 with the SWIFT IBAN Registry's examples (BA and DE entries); ISO 9362 for the BIC.
    @Test func ibanAndBicFollowTheirStandards() {
        #expect(PaymentAccount.isValidIBAN("BA39 1290 0794 0102 8494"))
        #expect(PaymentAccount.isValidIBAN("DE89370400440532013000"))
        #expect(!PaymentAccount.isValidIBAN("BA39 1290 0794 0102 8495"), "a wrong digit fails the check")
        #expect(!PaymentAccount.isValidIBAN("BA391290079401028"), "a BiH IBAN has 20 characters")
        #expect(PaymentAccount.isValidBIC("RZBABA2S") && PaymentAccount.isValidBIC("RZBABA2SXXX"))
        #expect(!PaymentAccount.isValidBIC("RZB1BA2S") && !PaymentAccount.isValidBIC("RZBA"))
    }

    /// The stylesheet hides the statement and the document fields by the relation's value; its
    /// lists must be the relations that need them.
    @Test func theStylesheetKnowsWhichRelationsNeedWordsOrADocument() throws {
        let css = try String(
            contentsOf: Tools.packageRoot.appendingPathComponent("Sources/Platform/Resources/Static/app.css"),
            encoding: .utf8)
        func listed(_ marker: String) -> Set<String> {
            let line = css.split(separator: "\n").first { $0.hasSuffix(marker) || $0.contains(marker + ":not") } ?? ""
            return Set(line.components(separatedBy: "[value=").dropFirst().map { String($0.prefix { $0 != "]" }) })
        }
        #expect(listed(".when-statement") == Set(Relation.allCases.filter(\.needsStatement).map(\.rawValue)))
        #expect(listed(".when-document") == Set(Relation.allCases.filter(\.needsDocument).map(\.rawValue)))
    }

    @Test(arguments: Backend.all)
    func aMemberSeesHowToPayAndWhatComesNext(_ backend: Backend) async throws {
        try await TestApp.browse(backend) { (app, admin) async throws -> Void in
            try await admin.signInStaff(app, role: .municipalAdmin, slug: "jajce")
            let setup = try await admin.get("/jajce/staff/extracts-setup").body
            var fields = try Self.fields(of: setup)
            fields["payment_recipient"] = "Općina Jajce — budžet"
            fields["payment_iban"] = "BA39 1290 0794 0102 8495"
            fields["payment_swift"] = "RZBA"
            let wrong = try await admin.post("/jajce/staff/extracts-setup", fields)
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.body.contains("nije ispravan IBAN") && wrong.body.contains("8 ili 11 znakova"))
            #expect(try await app.count("extract_payment_accounts") == 0, "nothing saved")
            fields["payment_iban"] = "ba39 1290 0794 0102 8494"
            fields["payment_swift"] = "RZBABA2S"
            fields["payment_reference_text"] = "722121 (administrativne takse)"
            #expect(try await admin.post("/jajce/staff/extracts-setup", fields).status == .seeOther)
            #expect(
                try await app.count("audit_log", "action = 'extract.fees' AND detail LIKE '%BA391290079401028494%'")
                    == 1)

            let member = admin.sibling(address: "198.51.100.61")
            try await member.registerMember(app, email: "amra@example.org", name: "Amra Hadžić", language: "bs")
            let form = try await member.get("/jajce/extracts/new").body
            let presence = try #require(form.range(of: "/jajce/extracts/check"))
            let firstField = try #require(form.range(of: "name=\"kind\""))
            #expect(presence.lowerBound < firstField.lowerBound, "the presence check comes before the form")
            #expect(form.contains("BA39 1290 0794 0102 8494") && form.contains("RZBABA2S"))
            #expect(form.contains("Šta se dalje dešava"))
            #expect(form.contains("value=\"Amra\"") && form.contains("value=\"Hadžić\""), "for oneself: the names")
            #expect(form.contains("<option value=\"self\" selected>"))
            #expect(form.contains("field when-statement") && form.contains("field when-document"))

            var request = [
                "kind": "birth", "relation": "self", "given_name": "Amra", "surname": "Hadžić",
                "birth_date": "1990-05-02", "birth_place": "Jajce", "purpose": "Standesamt München", "copies": "1",
                "language": "bs", "delivery": "electronic", "payment": "transfer", "payment_reference": "DE-1",
            ]
            request["mother_name"] = "Zehra Hadžić"
            let sent = try await member.upload("/jajce/extracts", request, files: [])
            let status = try await member.get(try #require(sent.location)).body
            #expect(status.contains("Kako platiti taksu") && status.contains("722121 (administrativne takse) JAJ-EM-"))
            #expect(status.contains("EUR") && status.contains("CHF"), "the amount abroad too")
            #expect(!status.contains("Poštarina"), "no postage line for a PDF")
            #expect(status.contains("(Centralnoevropsko vrijeme)") && !status.contains("Europe/Berlin"))

            let token = try await admin.token(app, email: DemoData.email(role: .municipalAdmin, slug: "jajce"))
            let fees = try await admin.api(.get, "/api/v1/jajce/extract-fees", token: token)
            #expect(fees.json["payment_iban"] as? String == "BA39 1290 0794 0102 8494")
        }
    }

    /// The inputs of the setup page as they stand (name → value).
    static func fields(of page: String) throws -> [String: String] {
        var fields: [String: String] = [:]
        for input in page.components(separatedBy: "<input ").dropFirst() {
            guard let name = Self.attribute("name", in: input), name != "_csrf" else { continue }
            if input.contains("type=\"checkbox\"") && !input.contains("checked") { continue }
            fields[name] = Self.attribute("value", in: input) ?? ""
        }
        return fields
    }

    static func attribute(_ name: String, in tag: String) -> String? {
        guard let start = tag.range(of: "\(name)=\"") else { return nil }
        return String(tag[start.upperBound...].prefix { $0 != "\"" })
    }
}
