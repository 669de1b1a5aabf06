import Foundation
import Platform
import SQLKit

/// Living verification: when a later entry is made on a record, everyone holding a valid
/// document drawn from it is told (in their language) that a new extract would read differently.
/// What the annotation says is not in the mail.
enum AnnotationNotice {
    static func enqueue(entryID: String, db: any SQLDatabase, env: AppEnvironment) async throws {
        var mails: [OutgoingMail] = []
        for holder in try await ExtractStore(db).holders(of: entryID) {
            let account = try await holder.accountID.asyncMap { try await AccountStore(db).find(id: $0) } ?? nil
            let catalog = env.catalogs[account?.language ?? .bs]
            let municipality = try await MunicipalityStore(db).find(id: holder.municipalityID)
            let arguments = [
                "name": holder.name, "document_number": holder.number,
                "link": "\(env.settings.baseURL)/\(municipality?.slug ?? "")/extracts/new",
            ]
            mails.append(
                OutgoingMail(
                    recipient: holder.email, subject: catalog.text("extract_mail_annotated_subject", arguments),
                    body: catalog.text("extract_mail_annotated_body", arguments)))
        }
        try await MailQueue(db, clock: env.clock).enqueue(mails)
    }
}
