import Foundation

/// Checks a submission field by field and reports every field that is wrong at once, not only the
/// first: each check runs even when an earlier one failed; an error that is not about a field (a
/// conflict, a closed registration) stops at once, as before.
///
///     var v = Validation()
///     let name = v.check { try AccountRules.displayName(input["name"], field: "name") }
///     let email = v.check { try AccountRules.email(input["email"], field: "email") }
///     try v.finish()
///     return Person(name: name!, email: email!)
public struct Validation {
    public private(set) var errors: [AppError] = []
    public init() {}

    /// The checked value, or nil when the field is wrong (its error is kept).
    public mutating func check<T>(_ work: () throws -> T) throws -> T? {
        do {
            return try work()
        } catch let error as AppError where error.field != nil && error.status == .unprocessableContent {
            errors.append(contentsOf: error.fieldErrors)
            return nil
        }
    }

    /// Throws every field error kept, as one `AppError` (see `AppError.all`).
    public func finish() throws {
        if !errors.isEmpty { throw AppError.fields(errors) }
    }
}
