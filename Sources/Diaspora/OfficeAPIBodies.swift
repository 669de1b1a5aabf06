import Foundation
import Platform

// The office API's bodies and answers, and their operations in the OpenAPI document. Member names are
// the page forms' field names, so the same rules check both.

struct AssociationBody: Codable {
    let name: String?, city: String?, country: String?, contact_name: String?, contact_email: String?
    let phone: String?, website: String?, members: Int?
    /// Slugs of the municipalities it works with.
    let works_with: [String]?
    let public_listing: Bool?

    var fields: [String: String] {
        var fields = (try? FieldsBody.fields(of: self)) ?? [:]
        fields["public_listing"] = public_listing == true ? "yes" : "no"
        return fields
    }
}

struct AgreementBody: Codable {
    let party: String?, association_id: String?, party_name: String?, subject: String?
    let signed_on: String?, valid_until: String?, status: String?
    /// The signed agreement, a PDF.
    let document: JSONFile?
}

struct SpaceBody: Codable { let association_id: String?, premises: String?, from_date: String?, until_date: String? }

struct ContactBody: Codable {
    let party: String?, party_name: String?, channel: String?, topic: String?, outcome: String?
    let referral: String?, referred_to: String?
}

struct PartnerBody: Codable { let name: String?, kind: String?, contact: String? }
struct PartnerNoteBody: Codable { let happened_on: String?, note: String? }

struct AssociationJSON: Encodable {
    let id: String, name: String, city: String, country: String, contact_name: String, contact_email: String
    let phone: String, website: String, members: Int?, works_with: [String], public_listing: Bool

    init(_ a: Association) {
        (id, name, city, country) = (a.id, a.name, a.city, a.country)
        (contact_name, contact_email, phone, website) = (a.contactName, a.contactEmail, a.phone, a.website)
        (members, works_with, public_listing) = (a.members, a.worksWith, a.publicListing)
    }
}

struct PartnerJSON: Encodable {
    struct Contact: Encodable { let happened_on: String, note: String }
    let id: String, name: String, kind: String, contact: String
    let log: [Contact]?

    init(_ p: OfficeDesk.Partner, log: [OfficeDesk.LogLine]?) {
        (id, name, kind, contact) = (p.id, p.name, p.kind, p.contact)
        self.log = log?.map { Contact(happened_on: $0.happenedOn, note: $0.note) }
    }
}

extension OfficeAPI {
    static let day = "YYYY-MM-DD"
    static let associationSchema = JSONSchema.object(
        [
            "name": .string(maxLength: 200), "city": .string(maxLength: 120),
            "country": .string("ISO 3166 alpha-2 code", pattern: "^[A-Z]{2}$"), "contact_name": .string(maxLength: 120),
            "contact_email": .string(format: "email"), "phone": .string(maxLength: 40),
            "website": .string("http(s):// link", maxLength: 200), "members": .integer(minimum: 0, maximum: 9_999_999),
            "works_with": .array(of: .string("A municipality's slug"), maxItems: 200),
            "public_listing": .boolean("Listed on the public directory (the association agreed)"),
        ], required: ["name", "city", "country", "contact_name", "contact_email"])
    static let agreementSchema = JSONSchema.object(
        [
            "party": .string(oneOf: Agreement.Party.self),
            "association_id": .string("For an association: one of the municipality's"),
            "party_name": .string("For a local government abroad", maxLength: 200),
            "subject": .string(maxLength: 500), "signed_on": .string(day, format: "date"),
            "valid_until": .string("Not before signing", format: "date"),
            "status": .string(oneOf: Agreement.Status.self),
            "document": JSONFile.schema,
        ], required: ["party", "subject", "signed_on", "status"])
    static let spaceSchema = JSONSchema.object(
        [
            "association_id": .string(), "premises": .string(maxLength: 200),
            "from_date": .string(day, format: "date"), "until_date": .string("Not before from_date", format: "date"),
        ], required: ["association_id", "premises", "from_date"])
    static let contactSchema = JSONSchema.object(
        [
            "party": .string(oneOf: OfficeContact.Party.self),
            "party_name": .string("Not for an anonymous contact", maxLength: 200),
            "channel": .string(oneOf: OfficeContact.Channel.self), "topic": .string(maxLength: 200),
            "outcome": .string(maxLength: 1000), "referral": .string(oneOf: OfficeContact.Referral.self, extra: [""]),
            "referred_to": .string("Where to, unless the ministry (MLJPI)", maxLength: 200),
        ], required: ["party", "channel", "topic", "outcome"])

    static let office = "(officer, department staff, admin)"
    static let operations: [APIOperation] = [
        APIOperation(
            "get", "/api/v1/{slug}/associations", summary: "Every association the office keeps \(office)",
            requiresAuth: true, responses: [200: "Associations"]),
        APIOperation(
            "post", "/api/v1/{slug}/associations", summary: "Register an association abroad \(office)",
            requiresAuth: true, requestSchema: associationSchema, responses: [201: "Registered", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/associations/agreements",
            summary: "Record a cooperation agreement, with its signed PDF \(office)", requiresAuth: true,
            requestSchema: agreementSchema, responses: [201: "Recorded", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/associations/spaces", summary: "Lend office space to an association \(office)",
            requiresAuth: true, requestSchema: spaceSchema, responses: [201: "Recorded", 422: "Invalid field"]),
        APIOperation(
            "post", "/api/v1/{slug}/office/contacts",
            summary: "Log a contact of the diaspora office; counted as a service delivered \(office)",
            requiresAuth: true, requestSchema: contactSchema, responses: [201: "Logged", 422: "Invalid field"]),
        APIOperation(
            "get", "/api/v1/{slug}/partners", summary: "The office's local partners \(office)", requiresAuth: true,
            responses: [200: "Partners"]),
        APIOperation(
            "post", "/api/v1/{slug}/partners", summary: "Add a local partner \(office)", requiresAuth: true,
            requestSchema: .object(
                [
                    "name": .string(maxLength: 200), "kind": .string(oneOf: OfficeDesk.PartnerKind.self),
                    "contact": .string(maxLength: 300),
                ], required: ["name", "kind", "contact"]),
            responses: [201: "Added", 422: "Invalid field"]),
        APIOperation(
            "get", "/api/v1/{slug}/partners/{id}", summary: "A partner with its log of contacts \(office)",
            requiresAuth: true, responses: [200: "The partner", 404: "Unknown"]),
        APIOperation(
            "post", "/api/v1/{slug}/partners/{id}/contacts", summary: "Log a contact with a partner \(office)",
            requiresAuth: true,
            requestSchema: .object(
                ["happened_on": .string("Not after today", format: "date"), "note": .string(maxLength: 2000)],
                required: ["happened_on", "note"]),
            responses: [201: "Logged", 404: "Unknown", 422: "Invalid field"]),
    ]
}
