import Foundation
import Platform
import SQLKit

/// Imports an existing list of the diaspora (CSV with a header row: email, name, country, city,
/// and optionally since, profession, sector, skills, languages, interests, language). Each row is
/// checked on its own: a rejected row is reported with its line and reason, the others are
/// written. A person already in the registry of this municipality (by e-mail) is left as is, so
/// a second run adds nothing. Imported people get an account without a password (they set one
/// through "forgotten password") and no consents: consent is only what the person gives.
public struct MemberImport: Sendable {
    let env: AppEnvironment
    public init(_ env: AppEnvironment) { self.env = env }
    public static let maximumLine = 4_000

    public struct Report: Sendable, Equatable {
        public var added = 0, alreadyThere = 0
        public var rejected: [(line: Int, field: String, message: String)] = []
        public static func == (a: Report, b: Report) -> Bool {
            a.added == b.added && a.alreadyThere == b.alreadyThere && a.rejected.map(\.line) == b.rejected.map(\.line)
        }
    }

    public func run(
        _ text: String, into municipality: Municipality, language: Language, actor: Actor,
        progress: (Int, Int) -> Void = { _, _ in }
    ) async throws -> Report {
        let catalog = env.catalogs[language]
        var report = Report()
        let rows: [(line: Int, fields: [String])]
        do { rows = try CSV.rows(text) } catch {
            if case .unterminatedQuote(let line) = error {
                report.rejected.append((line, "csv", catalog.text("error_csv_quote")))
            }
            return report
        }
        guard let header = rows.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }),
            ["email", "name", "country", "city"].allSatisfy(header.contains)
        else {
            report.rejected.append((1, "header", catalog.text("error_csv_header")))
            return report
        }
        let now = env.clock.now()
        var seen = Set<String>()
        for (index, row) in rows.dropFirst().enumerated() {
            progress(index + 1, rows.count - 1)
            do {
                guard row.fields.joined().count <= Self.maximumLine else {
                    throw AppError.invalid("row", "csv_row_too_long", ["max": String(Self.maximumLine)])
                }
                var input: [String: String] = [:]
                for (position, name) in header.enumerated() where position < row.fields.count {
                    input[name] = row.fields[position]
                }
                input["interests"] = (input["interests"] ?? "").split(whereSeparator: { $0 == ";" || $0 == "," })
                    .joined(separator: ",")
                let email = try AccountRules.email(input["email"])
                let name = try AccountRules.text(input["name"], field: "name", limit: 120)
                guard seen.insert(email).inserted else { report.alreadyThere += 1; continue }
                if try await write(
                    email: email, name: name, input: input, municipality: municipality, language: language, now: now)
                {
                    report.added += 1
                } else {
                    report.alreadyThere += 1
                }
            } catch let error as AppError where error.field != nil {
                report.rejected.append((row.line, error.field ?? "", catalog.text(error.messageKey, error.arguments)))
            }
        }
        try await env.audit.record(
            actor, "diaspora.import", objectType: "municipality", objectID: municipality.id,
            municipalityID: municipality.id,
            detail: "added \(report.added), already there \(report.alreadyThere), rejected \(report.rejected.count)")
        return report
    }

    /// One person: the account (found or made) and this municipality's profile, in one transaction; false when already
    /// there.
    func write(
        email: String, name: String, input: [String: String], municipality: Municipality, language: Language, now: Date
    ) async throws -> Bool {
        let existing = try await env.accounts.find(email: email)
        if let existing,
            try await DiasporaStore(env.database.sql).profile(account: existing.id, municipality: municipality.id)
                != nil
        {
            return false
        }
        let account =
            existing
            ?? Account(
                id: Random.id(), email: email, passwordHash: "!", displayName: name,
                language: Language(rawValue: input["language"] ?? "") ?? language, timeZone: "Europe/Sarajevo",
                role: nil, municipalityID: nil, departmentID: nil, emailConfirmedAt: nil, createdAt: now)
        let profile = try ProfileRules.check(
            input, consentsGiven: [], previous: nil, accountID: account.id, municipalityID: municipality.id, now: now)
        try await env.database.transaction { db in
            if existing == nil { try await AccountStore(db).insert(account) }
            try await DiasporaStore(db).save(profile, displayName: account.displayName, by: "import")
        }
        return true
    }
}
