import Foundation
import Platform
import TestSupport
import Testing

@testable import Diaspora

/// Importing an existing list: valid rows written, refused rows reported by line, nothing twice.
@Suite struct MemberImportTests {
    static let csv = """
        email,name,country,city,since,profession,skills,interests
        amra@example.org,"Hadžić, Amra",CH,Luzern,1993,Inženjerka,"solar, projektovanje",investment;tourism
        emir@example.org,Emir Begić,CA,Toronto,1996,Vozač,,culture
        bad-mail,Nema Adrese,DE,Berlin,,,,
        zoran@example.org,Zoran Marić,XX,Graz,,,,
        AMRA@example.org,Amra ponovo,CH,Luzern,,,,
        """

    @Test(arguments: Backend.all)
    func validRowsAreImportedOnceAndRefusedRowsReportedByLine(_ backend: Backend) async throws {
        let app = try await TestApp.make(backend)
        let kljuc = try #require(try await app.environment.municipalities.find(slug: "kljuc"))
        let first = try await MemberImport(app.environment).run(
            Self.csv, into: kljuc, language: .en, actor: .system("test"))
        #expect(first.added == 2 && first.alreadyThere == 1)
        #expect(first.rejected.map(\.line) == [4, 5] && first.rejected.map(\.field) == ["email", "country"])
        #expect(first.rejected[1].message == "Choose a country from the list.")
        let second = try await MemberImport(app.environment).run(
            Self.csv, into: kljuc, language: .en, actor: .system("test"))
        #expect(second.added == 0 && second.alreadyThere == 3)
        #expect(try await app.count("diaspora_profiles") == 2)
        #expect(try await app.count("accounts", "email = 'amra@example.org'") == 1)
        let amra = try #require(try await app.environment.accounts.find(email: "amra@example.org"))
        let profile = try #require(
            try await DiasporaStore(app.environment.database.sql).profile(account: amra.id, municipality: kljuc.id))
        #expect(
            amra.displayName == "Hadžić, Amra" && profile.interests == [.investment, .tourism]
                && profile.consents.isEmpty)
        let broken = try await MemberImport(app.environment).run(
            "email,name,country,city\n\"x@example.org,X,CH,Bern\n", into: kljuc, language: .bs, actor: .system("test"))
        #expect(broken.added == 0 && broken.rejected.first?.field == "csv")
        try await app.shutdown()
    }

    @Test func csvReadsQuotesNewlinesAndDoubledQuotes() throws {
        let rows = try CSV.rows("a,\"b, c\",\"d \"\"e\"\"\"\r\n\"multi\nline\",x\n\n")
        #expect(rows.map(\.fields) == [["a", "b, c", "d \"e\""], ["multi\nline", "x"]])
        #expect(rows.map(\.line) == [1, 2])
        #expect(throws: CSV.Problem.unterminatedQuote(line: 1)) { try CSV.rows("\"open,field\n") }
        #expect(CSV.field("=SUM(A1)") == "'=SUM(A1)" && CSV.field("a,b") == "\"a,b\"")
    }
}
