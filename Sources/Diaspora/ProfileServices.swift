import Foundation
import Platform

extension DiasporaCapability {
    /// The person's profile in each municipality's registry, with the consents in force in words.
    public func services(of account: Account, environment: AppEnvironment, catalog c: Catalog) async throws
        -> [MyService]
    {
        let store = DiasporaStore(environment.database.sql)
        var services: [MyService] = []
        for key in try await environment.database.sql.raw(
            "SELECT id, municipality_id FROM diaspora_profiles WHERE account_id = \(bind: account.id)"
        ).rows(ProfileKey.self) {
            guard let profile = try await store.profile(account: account.id, municipality: key.municipalityID)
            else { continue }
            let given = Consent.allCases.filter { profile.consents[$0] != nil }
            let consents = given.map { c.text("diaspora_consent_\($0.rawValue)") }.joined(separator: "; ")
            services.append(
                MyService(
                    kind: .profiles, municipalityID: key.municipalityID, title: c.text("diaspora_profile_link"),
                    reference: "",
                    status: given.isEmpty
                        ? c.text("profile_no_consents") : c.text("profile_consents", ["list": consents]),
                    since: profile.updatedAt, nextStep: c.text("profile_next"), path: "diaspora/profile"))
        }
        return services
    }
}
