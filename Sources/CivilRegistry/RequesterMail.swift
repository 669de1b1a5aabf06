import Foundation
import Platform

/// A mail to the person behind a numbered request (an extract, a report of an event abroad): in their
/// language, the request's number in the subject, and the link to its page among the arguments.
enum RequesterMail {
    static func make(
        _ env: AppEnvironment, number: String, name: String, email: String, municipality: Municipality,
        path: String, template: String, language: Language, arguments: [String: String]
    ) -> OutgoingMail {
        let catalog = env.catalogs[language]
        var all = [
            "name": name, "number": number, "municipality": municipality.names[language],
            "link": "\(env.settings.baseURL)/\(municipality.slug)/\(path)/\(number)",
        ]
        all.merge(arguments) { $1 }
        return OutgoingMail(
            recipient: email, subject: "[\(number)] " + catalog.text("\(template)_subject", all),
            body: catalog.text("\(template)_body", all))
    }
}
