import Foundation
import Platform

/// Each municipality's categories and clock settings: every submission needs them, and the
/// admin page forgets them on save (see `ShortLivedCache`).
struct InquiryReference: Sendable {
    let categories: [InquiryCategory]
    let settings: InquirySettings

    static func cache(_ env: AppEnvironment) -> ShortLivedCache<InquiryReference> {
        env.database.shared("inquiries.reference") { ShortLivedCache<InquiryReference>() }
    }

    static func load(_ municipalityID: String, _ env: AppEnvironment) async throws -> InquiryReference {
        try await cache(env).value(municipalityID, now: env.clock.now()) {
            let store = InquiryStore(env.database.sql)
            return InquiryReference(
                categories: try await store.categories(municipalityID),
                settings: try await store.settings(municipalityID))
        }
    }
}
