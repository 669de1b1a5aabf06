import Foundation
import Hummingbird

/// The pages to change one's password and e-mail address: one question page each, then back to
/// the account with a notice; the new address confirms itself from its own mailbox.
extension AccountPages {
    func addCredentialRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("password") { request, context in try passwordForm(request, context, error: nil) }
        group.post("password") { request, context in try await changePassword(request, context) }
        group.get("email") { request, context in try emailForm(request, context, form: nil, error: nil) }
        group.post("email") { request, context in try await changeEmail(request, context) }
        group.get("email/confirm") { request, context in try await confirmEmail(request, context) }
    }

    func passwordForm(_ request: Request, _ context: AppRequestContext, error: AppError?) throws -> Response {
        _ = try signedIn(request, context)
        var view = FormView(catalog: catalog(context), error: error)
        view.input(
            "current_password", label: "field_password_current", type: "password",
            autocomplete: "current-password", required: true)
        view.input(
            "new_password", label: "field_password_new", type: "password", autocomplete: "new-password",
            required: true, hint: catalog(context).text("password_change_hint"))
        return formPage(
            request, context, titleKey: "password_change_title", action: "/account/password",
            submitKey: "password_change_submit", view: view, error: error, links: [Link("/account/", "nav_profile")])
    }

    func changePassword(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await change(request, context, notice: "password_changed") { _, error in
            try passwordForm(request, context, error: error)
        } work: { account, form in
            try await service.changePassword(
                account, current: form["current_password"], new: form["new_password"], keeping: context.session?.id)
        }
    }

    /// A signed-in person's change: back to the account with `notice`, or the form again with the errors.
    func change(
        _ request: Request, _ context: AppRequestContext, notice: String,
        retry: (Form, AppError) throws -> Response, work: (Account, Form) async throws -> Void
    ) async throws -> Response {
        let account = try signedIn(request, context)
        let form = try await Form.read(request)
        do {
            try await work(account, form)
            return .redirect("/account/?notice=\(notice)")
        } catch let error as AppError {
            return try retry(form, error)
        }
    }

    func emailForm(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) throws
        -> Response
    {
        let account = try signedIn(request, context)
        var view = FormView(catalog: catalog(context), error: error)
        view.input(
            "new_email", label: "field_email_new", type: "email", value: form?["new_email"] ?? "",
            autocomplete: "email", required: true,
            hint: catalog(context).text("email_change_hint", ["email": account.email]))
        view.input(
            "current_password", label: "field_password_current", type: "password",
            autocomplete: "current-password", required: true)
        return formPage(
            request, context, titleKey: "email_change_title", action: "/account/email",
            submitKey: "email_change_submit", view: view, error: error, links: [Link("/account/", "nav_profile")])
    }

    func changeEmail(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await change(request, context, notice: "email_change_sent") { form, error in
            try emailForm(request, context, form: form, error: error)
        } work: { account, form in
            try await service.requestEmailChange(
                account, current: form["current_password"], newEmail: form["new_email"])
        }
    }

    func confirmEmail(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        do {
            _ = try await service.confirmEmailChange(token: request.query("token"))
            return message(
                request, context, titleKey: "email_change_title", messageKey: "notice_email_changed",
                link: ("/account/", "nav_profile"))
        } catch let error as AppError {
            return env.pages.error(error, request: request, context: context)
        }
    }
}
