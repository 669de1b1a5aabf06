import Foundation
import Hummingbird
import Platform

/// `/api/v1/{slug}/…` for the diaspora office's desk, as its pages: associations, agreements, office
/// space, the contact log, local partners and their log. Officers, department staff and admins.
struct OfficeAPI: Sendable {
    let env: AppEnvironment

    func addRoutes(to router: Router<AppRequestContext>) {
        let office = router.staffAPIGroup(env, roles: OfficeStaffPages.office)
        office.get("associations") { _, context in
            let list = try await AssociationStore(env.database.sql).list(
                try context.staffScope.municipality.id, publicOnly: false)
            return try Response.json(["associations": list.map(AssociationJSON.init)])
        }
        office.post("associations") { request, context in
            let body = try await JSONBody.decode(AssociationBody.self, request)
            let saved = try await desk(context).addAssociation(body.fields, worksWith: body.works_with ?? [])
            return try Response.json(AssociationJSON(saved), status: .created)
        }
        office.post("associations/agreements") { request, context in
            let body = try await JSONBody.decode(AgreementBody.self, request, limit: 11 * 1_048_576)
            let files = try JSONFile.decoded(body.document.map { [$0] }, field: "document")
            let agreement = try await desk(context).addAgreement(try FieldsBody.fields(of: body), files: files)
            return try Response.json(["id": agreement.id], status: .created)
        }
        office.post("associations/spaces") { request, context in
            let body = try await JSONBody.decode(SpaceBody.self, request)
            try await desk(context).allocateSpace(try FieldsBody.fields(of: body))
            return Response(status: .created)
        }
        office.post("office/contacts") { request, context in
            let body = try await JSONBody.decode(ContactBody.self, request)
            let contact = try await desk(context).logContact(try FieldsBody.fields(of: body))
            return try Response.json(["id": contact.id], status: .created)
        }
        office.get("partners") { _, context in
            let municipalityID = try context.staffScope.municipality.id
            let partners = try await env.database.sql.raw(
                "SELECT * FROM partners WHERE municipality_id = \(bind: municipalityID) ORDER BY name"
            ).rows(OfficeDesk.Partner.self)
            return try Response.json(["partners": partners.map { PartnerJSON($0, log: nil) }])
        }
        office.post("partners") { request, context in
            let body = try await JSONBody.decode(PartnerBody.self, request)
            let partner = try await desk(context).addPartner(try FieldsBody.fields(of: body))
            return try Response.json(PartnerJSON(partner, log: []), status: .created)
        }
        office.get("partners/:id") { _, context in
            let (desk, partner) = try await partner(context)
            return try Response.json(PartnerJSON(partner, log: try await desk.log(of: partner)))
        }
        office.post("partners/:id/contacts") { request, context in
            let (desk, partner) = try await partner(context)
            let body = try await JSONBody.decode(PartnerNoteBody.self, request)
            try await desk.notePartner(partner, try FieldsBody.fields(of: body))
            return try Response.json(PartnerJSON(partner, log: try await desk.log(of: partner)), status: .created)
        }
    }

    func desk(_ context: AppRequestContext) throws -> OfficeDesk {
        OfficeDesk(env: env, scope: try context.staffScope, actor: context.actor)
    }

    func partner(_ context: AppRequestContext) async throws -> (OfficeDesk, OfficeDesk.Partner) {
        let desk = try desk(context)
        guard let partner = try await desk.partner(context.parameters.get("id") ?? "") else { throw AppError.notFound }
        return (desk, partner)
    }
}
