import Foundation
import Platform

extension CivilRegistryCapability {
    /// The person's document requests and reports of events abroad, each with what happens next.
    public func services(of account: Account, environment: AppEnvironment, catalog c: Catalog) async throws
        -> [MyService]
    {
        let db = environment.database.sql
        let requests = try await ExtractStore(db).requests(of: account.id).map { extract in
            MyService(
                kind: .documents, municipalityID: extract.municipalityID,
                title:
                    c.text("extract_kind_\(extract.kind.rawValue)") + " — "
                    + "\(extract.subject.givenName) \(extract.subject.surname)",
                reference: extract.number, status: c.text("extract_status_\(extract.status.rawValue)"),
                since: extract.submittedAt, nextStep: Self.nextStep(extract, catalog: c),
                path: "extracts/\(extract.number)")
        }
        let reports = try await db.raw(
            "SELECT * FROM abroad_reports WHERE requester_id = \(bind: account.id) ORDER BY submitted_at DESC"
        ).rows(AbroadReport.self).map { report in
            MyService(
                kind: .reports, municipalityID: report.municipalityID,
                title: c.text("abroad_book_\(report.book.rawValue)"), reference: report.number,
                status: c.text("abroad_status_\(report.status.rawValue)"), since: report.submittedAt,
                nextStep: Self.nextStep(report, catalog: c), path: "abroad/\(report.number)")
        }
        return requests + reports
    }

    static func nextStep(_ extract: ExtractRequest, catalog c: Catalog) -> String? {
        switch extract.status {
        case .received: return c.text("extract_next_received")
        case .waitingProof: return c.text("extract_next_waiting_proof")
        case .rejected: return c.text("next_read_reason")
        case .issued:
            return extract.delivery == .electronic
                ? c.text("extract_next_issued_electronic") : c.text("extract_next_issued_\(extract.delivery.rawValue)")
        }
    }

    static func nextStep(_ report: AbroadReport, catalog c: Catalog) -> String? {
        switch report.status {
        case .received: return c.text("abroad_next_received")
        case .moreInfo: return c.text("abroad_next_more_info")
        case .rejected: return c.text("next_read_reason")
        case .entered: return nil
        }
    }
}
