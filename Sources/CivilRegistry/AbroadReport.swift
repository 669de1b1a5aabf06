import Foundation
import Platform
import SQLKit

/// A birth, marriage or death that happened abroad, reported by a member with the foreign
/// document, for the registrar to enter into the books (upis činjenica nastalih u inostranstvu).
public struct AbroadReport: Sendable, Decodable {
    public enum Status: String, CaseIterable, Sendable, Decodable {
        case received, moreInfo = "more_info", entered, rejected
    }

    public var id: String
    public var number: String
    public var municipalityID: String
    public var requesterID: String?
    public var requesterName: String
    public var requesterEmail: String
    public var book: RegistryBook
    /// What the member told: names, date, place and country, other persons.
    @JSONColumn public var details: [String: String]
    public var status: Status
    public var note: String?
    public var entryID: String?
    @Instant public var submittedAt: Date

    /// The fields a member fills in, per book; the first five are required.
    public static let fields = ["given_name", "surname", "event_date", "event_place", "country", "other_persons"]
    public static let books: [RegistryBook] = [.births, .marriages, .deaths]

    /// Checks a report, every wrong field at once; pure.
    public static func check(_ values: [String: String], today: Day) throws -> (RegistryBook, [String: String]) {
        var input = FormInput(values)
        let book = try input.check {
            guard let book = values["book"].flatMap(RegistryBook.init(rawValue:)), books.contains(book) else {
                throw AppError.invalid("book", "invalid_choice")
            }
            return book
        }
        var details: [String: String] = [:]
        for name in fields.dropLast() where name != "event_date" { details[name] = try input.text(name, limit: 200) }
        let date = input.trimmed("event_date")
        let day = try input.check {
            guard let day = Day(text: date), day <= today else {
                throw AppError.invalid("event_date", "invalid_date")
            }
            return day
        }
        details["event_date"] = day?.description
        details["other_persons"] = try input.optionalText("other_persons", limit: 1000).flatMap {
            $0.isEmpty ? nil : $0
        }
        try input.finish()
        return (book!, details)
    }

    /// The registry form's fields prefilled from the report (the place followed by its state, as the books write it).
    public var prefill: [String: String] {
        let place = "\(details["event_place"] ?? ""), \(details["country"] ?? "")"
        var fields = ["given_name": details["given_name"] ?? "", "surname": details["surname"] ?? ""]
        switch book {
        case .births: fields.merge(["birth_date": details["event_date"] ?? "", "birth_place": place]) { $1 }
        case .marriages: fields.merge(["marriage_date": details["event_date"] ?? "", "marriage_place": place]) { $1 }
        case .deaths: fields.merge(["death_date": details["event_date"] ?? "", "death_place": place]) { $1 }
        case .citizens: break
        }
        return fields
    }
}

public struct AbroadStore: Sendable {
    let db: any SQLDatabase
    public init(_ db: any SQLDatabase) { self.db = db }

    public func insert(_ r: AbroadReport) async throws {
        try await db.raw(
            .insert(
                into: "abroad_reports",
                columns: [
                    "id", "municipality_id", "number", "requester_id", "requester_name", "requester_email", "book",
                    "details", "status", "submitted_at",
                ],
                rows: [
                    [
                        r.id, r.municipalityID, r.number, r.requesterID, r.requesterName, r.requesterEmail,
                        r.book.rawValue,
                        RegistryStore.json(r.details), r.status.rawValue, Timestamp.text(r.submittedAt),
                    ]
                ])
        ).run()
    }

    public func report(_ key: String) async throws -> AbroadReport? {
        try await db.raw("SELECT * FROM abroad_reports WHERE number = \(bind: key.uppercased()) OR id = \(bind: key)")
            .row(AbroadReport.self)
    }

    public func queue(_ municipalityID: String, status: AbroadReport.Status?) async throws -> [AbroadReport] {
        var query = SQLQueryString("SELECT * FROM abroad_reports WHERE municipality_id = \(bind: municipalityID)")
        query.appendFilters([("status =", status?.rawValue)])
        query.appendInterpolation(unsafeRaw: " ORDER BY submitted_at, id LIMIT 200")
        return try await db.raw(query).rows(AbroadReport.self)
    }

    /// Moves the report on only from the status it was seen in; false when someone else moved it first.
    public func move(
        _ id: String, from: [AbroadReport.Status], to: AbroadReport.Status, note: String?, entryID: String?,
        at now: Date
    ) async throws -> Bool {
        var query = SQLQueryString(
            """
            UPDATE abroad_reports SET status = \(bind: to.rawValue), note = \(bind: note), entry_id = \
            \(bind: entryID), decided_at = \(bind: Timestamp.text(now))
            WHERE id = \(bind: id) AND status IN (
            """)
        for (index, status) in from.enumerated() {
            query.appendInterpolation(unsafeRaw: index == 0 ? "" : ", ");
            query.appendInterpolation(bind: status.rawValue)
        }
        query.appendInterpolation(unsafeRaw: ") RETURNING id")
        return !(try await db.raw(query).all()).isEmpty
    }
}
