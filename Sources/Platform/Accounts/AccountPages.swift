import Documents
import Foundation
import Hummingbird

/// The pages a person uses for their own account: register, confirm, sign in and
/// out, second factor, password reset, profile, export and erasure.
struct AccountPages: Sendable {
    let env: AppEnvironment
    let capabilities: CapabilitySet
    var service: AccountService { AccountService(env) }
    var cookies: PlatformMiddleware { PlatformMiddleware(environment: env) }

    static let notices: Set<String> = [
        "registered", "confirmed", "profile_saved", "password_reset", "totp_enabled", "reset_sent", "confirmation_sent",
        "password_changed", "email_change_sent",
    ]

    func addRoutes(to router: Router<AppRequestContext>) {
        let group = router.group("account")
        group.get("register") { request, context in try await registerForm(request, context, form: nil, error: nil) }
        group.post("register") { request, context in try await register(request, context) }
        group.get("confirm") { request, context in try await confirm(request, context) }
        group.post("confirm/resend") { request, context in try await resendConfirmation(request, context) }
        group.get("login") { request, context in loginForm(request, context, form: nil, error: nil) }
        group.post("login") { request, context in try await login(request, context) }
        group.get("totp") { request, context in try totpForm(request, context, error: nil) }
        group.post("totp") { request, context in try await totp(request, context) }
        group.get("totp/setup") { request, context in try await totpSetupForm(request, context, error: nil) }
        group.post("totp/setup") { request, context in try await totpSetup(request, context) }
        group.post("logout") { request, context in try await logout(request, context) }
        group.get("forgot") { request, context in forgotForm(request, context, form: nil, error: nil) }
        group.post("forgot") { request, context in try await forgot(request, context) }
        group.get("reset") { request, context in resetForm(request, context, error: nil) }
        group.post("reset") { request, context in try await reset(request, context) }
        group.get("/") { request, context in try profilePage(request, context, form: nil, error: nil) }
        group.post("profile") { request, context in try await saveProfile(request, context) }
        group.get("export") { _, context in try await export(context) }
        group.get("services") { request, context in try await myServices(request, context) }
        addCredentialRoutes(to: group)
        group.post("delete") { request, context in try await delete(request, context) }
    }

    func catalog(_ context: AppRequestContext) -> Catalog { env.catalogs[context.language] }

    func formPage(
        _ request: Request, _ context: AppRequestContext, titleKey: String, action: String, submitKey: String,
        view: FormView, error: AppError?, intro: String? = nil, links: [Link] = []  // labels: catalog keys
    ) -> Response {
        let c = catalog(context)
        var page = FormPage(
            title: c.text(titleKey), intro: intro.map { c.text($0) }, action: action, form: view,
            submit: c.text(submitKey))
        page.links = links.map { Link($0.href, c.text($0.label)) }
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func message(
        _ request: Request, _ context: AppRequestContext, titleKey: String, messageKey: String,
        link: (href: String, label: String)? = nil
    ) -> Response {
        let c = catalog(context)
        let page = MessagePage(
            title: c.text(titleKey), message: c.text(messageKey), link: link.map { Link($0.href, c.text($0.label)) })
        return env.pages.render(page, request: request, context: context)
    }

    /// Starts a browser session, replacing any earlier one (no session fixation).
    func signIn(_ account: Account, _ context: AppRequestContext, secondFactor: Bool, redirect: String) async throws
        -> Response
    {
        if let old = context.session { try await env.sessions.delete(sessionID: old.id) }
        let token = try await env.sessions.create(
            accountID: account.id, kind: .web, secondFactor: secondFactor,
            clientAddress: context.clientAddress, at: env.clock.now())
        var response = Response.redirect(redirect)
        response.setCookie(
            cookies.cookie(PlatformMiddleware.sessionCookie, token, context, maxAge: Int(SessionStore.webLifetime)))
        return response
    }

    /// `?next=…` to carry a page the person was sent from (a local path only), or nothing.
    static func onward(_ request: Request) -> String {
        request.query("next").map { "?next=\(PageRenderer.percentEncoded(PortalCapability.localPath($0)))" } ?? ""
    }

    func signedIn(_ request: Request, _ context: AppRequestContext) throws -> Account {
        guard let account = context.verifiedAccount else { throw Redirect.toLogin(from: request.uri.description) }
        return account
    }

    // MARK: Register and confirm

    func registerForm(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) async throws
        -> Response
    {
        var view = FormView(catalog: catalog(context), error: error)
        view.input(
            "display_name", label: "field_display_name", value: form?["display_name"] ?? "", autocomplete: "name",
            required: true)
        view.input(
            "email", label: "field_email", type: "email", value: form?["email"] ?? "", autocomplete: "email",
            required: true)
        view.input(
            "password", label: "field_password_new", type: "password", autocomplete: "new-password", required: true)
        view.select(
            "language", label: "field_language", choices: languageChoices(),
            selected: form?["language"] ?? context.language.rawValue)
        view.select(
            "time_zone", label: "field_time_zone", choices: TimeZones.choices(in: context.language),
            selected: form?["time_zone"] ?? TimeZones.guess(acceptLanguage: request.headers[.acceptLanguage]))
        view.checkboxes(
            "municipalities", label: "field_home_municipalities",
            choices: try await env.municipalities.all().map { ($0.slug, $0.names[context.language]) },
            selected: Set(form?.all("municipalities") ?? []))
        let onward = Self.onward(request)
        return formPage(
            request, context, titleKey: "register_title", action: "/account/register\(onward)",
            submitKey: "register_submit", view: view, error: error, intro: "register_intro",
            links: [Link("/account/login\(onward)", "login_have_account")])
    }

    func register(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await Form.read(request)
        do {
            let account = try await service.register(
                .init(
                    email: form["email"], password: form["password"], displayName: form["display_name"],
                    language: form["language"], timeZone: form["time_zone"],
                    municipalities: form.all("municipalities")),
                clientAddress: context.clientAddress, next: request.query("next"))
            return try await signIn(account, context, secondFactor: true, redirect: "/account/?notice=registered")
        } catch let error as AppError {
            return try await registerForm(request, context, form: form, error: error)
        }
    }

    func confirm(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        do {
            _ = try await service.confirm(token: request.query("token"))
            // Back to the service the person wanted before registering, or to their services.
            let next = request.query("next").map { PortalCapability.localPath($0) }
            let c = catalog(context)
            var page = MessagePage(
                title: c.text("confirm_title"), message: c.text("notice_confirmed"),
                link: next.map { Link($0, c.text("confirm_continue")) })
            // The municipalities the person said they are from: each one's first page for newcomers.
            let from = Set((request.query("from") ?? "").split(separator: ",").map(String.init))
            page.more = try await env.municipalities.all().filter { from.contains($0.slug) }.compactMap { place in
                capabilities.welcomeLink(for: place).map {
                    Link($0.path, c.text($0.labelKey, ["municipality": place.names[context.language]]))
                }
            }
            if page.link == nil && page.more.isEmpty {
                page.link = Link("/account/services", c.text("nav_my_services"))
            }
            return env.pages.render(page, request: request, context: context)
        } catch let error as AppError {
            return env.pages.error(error, request: request, context: context)
        }
    }

    func resendConfirmation(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let account = try signedIn(request, context)
        if account.emailConfirmedAt == nil { try await service.sendConfirmation(to: account) }
        return .redirect("/account/?notice=confirmation_sent")
    }

    // MARK: Sign in, second factor, sign out

    func loginForm(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) -> Response {
        var view = FormView(catalog: catalog(context), error: error)
        view.input(
            "email", label: "field_email", type: "email", value: form?["email"] ?? "", autocomplete: "email",
            required: true)
        view.input(
            "password", label: "field_password", type: "password", autocomplete: "current-password", required: true)
        // Carry `next` only when a page sent the person here; otherwise the login picks the home.
        // Sent here by a service, the person learns why an account is needed and how to get one.
        let onward = Self.onward(request)
        return formPage(
            request, context, titleKey: "login_title", action: "/account/login\(onward)",
            submitKey: "login_submit", view: view, error: error, intro: onward.isEmpty ? nil : "login_needed",
            links: [
                Link("/account/register\(onward)", onward.isEmpty ? "nav_register" : "login_register_first"),
                Link("/account/forgot", "login_forgot"),
            ])
    }

    func login(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await Form.read(request)
        do {
            let account = try await service.authenticate(
                email: form["email"], password: form["password"], clientAddress: context.clientAddress)
            let next =
                request.query("next").map { PortalCapability.localPath($0) }
                ?? (account.isStaff ? "/staff" : "/account/")
            guard service.needsSecondFactor(account) else {
                return try await signIn(account, context, secondFactor: true, redirect: next)
            }
            let step = account.hasSecondFactor ? "/account/totp" : "/account/totp/setup"
            return try await signIn(
                account, context, secondFactor: false, redirect: "\(step)?next=\(PageRenderer.percentEncoded(next))")
        } catch let error as AppError {
            return loginForm(request, context, form: form, error: error)
        }
    }

    func pending(_ request: Request, _ context: AppRequestContext) throws -> (Account, Session) {
        guard let account = context.account, let session = context.session else {
            throw Redirect.toLogin(from: request.uri.description)
        }
        return (account, session)
    }

    func totpForm(_ request: Request, _ context: AppRequestContext, error: AppError?) throws -> Response {
        _ = try pending(request, context)
        var view = FormView(catalog: catalog(context), error: error)
        view.input("totp", label: "field_totp", type: "text", required: true)
        let next = PortalCapability.localPath(request.query("next"))
        return formPage(
            request, context, titleKey: "totp_title", action: "/account/totp?next=\(PageRenderer.percentEncoded(next))",
            submitKey: "totp_confirm", view: view, error: error, intro: "totp_intro")
    }

    func totp(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (account, session) = try pending(request, context)
        let form = try await Form.read(request)
        do {
            try await service.checkSecondFactor(account, code: form["totp"])
            try await env.sessions.passSecondFactor(sessionID: session.id)
            return .redirect(PortalCapability.localPath(request.query("next")))
        } catch let error as AppError where error.status == .tooManyRequests {
            return try await abandon(session, request, context, error: error)
        } catch let error as AppError {
            return try totpForm(request, context, error: error)
        }
    }

    /// Too many wrong codes: the half-signed-in session ends, and signing in starts again with the password.
    func abandon(_ session: Session, _ request: Request, _ context: AppRequestContext, error: AppError) async throws
        -> Response
    {
        try await env.sessions.delete(sessionID: session.id)
        var anonymous = context
        anonymous.session = nil
        anonymous.account = nil
        var response = loginForm(request, anonymous, form: nil, error: error)
        response.setCookie(cookies.cookie(PlatformMiddleware.sessionCookie, "", context, maxAge: 0))
        return response
    }

    func totpSetupForm(_ request: Request, _ context: AppRequestContext, error: AppError?) async throws -> Response {
        var (account, _) = try pending(request, context)
        if account.hasSecondFactor {
            return message(
                request, context, titleKey: "totp_setup_title", messageKey: "notice_totp_enabled",
                link: ("/account/", "nav_profile"))
        }
        if account.totpSecret == nil || error == nil { account = try await service.beginEnrolment(account) }
        var view = FormView(catalog: catalog(context), error: error)
        view.input("totp", label: "field_totp", type: "text", required: true)
        let uri = SecondFactor.enrolmentURI(secret: account.totpSecret!, account: account.email)
        let page = TOTPSetupPage(
            title: catalog(context).text("totp_setup_title"), uri: uri,
            qr: (try? QRCode(uri).svg(title: catalog(context).text("totp_qr"))) ?? "",
            secret: SecondFactor.base32(account.totpSecret!), fields: view.fields,
            errors: FormErrors([view], error: error, catalog: catalog(context)))
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func totpSetup(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (account, session) = try pending(request, context)
        let form = try await Form.read(request)
        do {
            _ = try await service.completeEnrolment(account, code: form["totp"], actor: context.actor)
            try await env.sessions.passSecondFactor(sessionID: session.id)
            return .redirect(PortalCapability.localPath(request.query("next") ?? "/account/?notice=totp_enabled"))
        } catch let error as AppError where error.status == .tooManyRequests {
            return try await abandon(session, request, context, error: error)
        } catch let error as AppError {
            return try await totpSetupForm(request, context, error: error)
        }
    }

    func logout(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        if let session = context.session { try await env.sessions.delete(sessionID: session.id) }
        var response = Response.redirect("/")
        response.setCookie(cookies.cookie(PlatformMiddleware.sessionCookie, "", context, maxAge: 0))
        return response
    }

    // MARK: Password reset

    func forgotForm(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) -> Response {
        var view = FormView(catalog: catalog(context), error: error)
        view.input(
            "email", label: "field_email", type: "email", value: form?["email"] ?? "", autocomplete: "email",
            required: true)
        return formPage(
            request, context, titleKey: "forgot_title", action: "/account/forgot", submitKey: "forgot_submit",
            view: view, error: error, intro: "forgot_intro")
    }

    func forgot(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await Form.read(request)
        do {
            try await service.requestPasswordReset(email: form["email"])
            return message(request, context, titleKey: "forgot_title", messageKey: "notice_reset_sent")
        } catch let error as AppError {
            return forgotForm(request, context, form: form, error: error)
        }
    }

    func resetForm(_ request: Request, _ context: AppRequestContext, error: AppError?) -> Response {
        var view = FormView(catalog: catalog(context), error: error)
        view.input(
            "password", label: "field_password_new", type: "password", autocomplete: "new-password", required: true)
        let token = PageRenderer.percentEncoded(request.query("token") ?? "")
        return formPage(
            request, context, titleKey: "reset_title", action: "/account/reset?token=\(token)",
            submitKey: "reset_submit",
            view: view, error: error)
    }

    func reset(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await Form.read(request)
        do {
            try await service.resetPassword(token: request.query("token"), password: form["password"])
            return message(
                request, context, titleKey: "reset_title", messageKey: "notice_password_reset",
                link: ("/account/login", "nav_login"))
        } catch let error as AppError {
            return resetForm(request, context, error: error)
        }
    }

    // MARK: Profile, export, erasure

    func profilePage(_ request: Request, _ context: AppRequestContext, form: Form?, error: AppError?) throws -> Response
    {
        let account = try signedIn(request, context)
        let profileError = error?.field == "password" ? nil : error
        var view = FormView(catalog: catalog(context), error: profileError)
        view.input(
            "display_name", label: "field_display_name", value: form?["display_name"] ?? account.displayName,
            autocomplete: "name", required: true)
        view.select(
            "language", label: "field_language", choices: languageChoices(),
            selected: form?["language"] ?? account.language.rawValue)
        view.select(
            "time_zone", label: "field_time_zone",
            choices: TimeZones.choices(in: context.language, keeping: account.timeZone),
            selected: form?["time_zone"] ?? account.timeZone)
        var deleteView = FormView(catalog: catalog(context), error: error?.field == "password" ? error : nil)
        deleteView.input(
            "password", label: "field_password", type: "password", autocomplete: "current-password", required: true)
        let notice = request.query("notice").flatMap { Self.notices.contains($0) ? $0 : nil }
        let page = AccountPage(
            title: catalog(context).text("account_title"), email: account.email,
            confirmed: account.emailConfirmedAt != nil, staff: account.isStaff, totp: account.hasSecondFactor,
            fields: view.fields, deleteFields: deleteView.fields,
            flash: notice.map { catalog(context).text("notice_\($0)") },
            errors: FormErrors([view, deleteView], error: error, catalog: catalog(context)))
        return env.pages.render(page, request: request, context: context, status: error?.status ?? .ok)
    }

    func saveProfile(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let account = try signedIn(request, context)
        let form = try await Form.read(request)
        do {
            let updated = try await service.updateProfile(
                account, displayName: form["display_name"], language: form["language"], timeZone: form["time_zone"],
                capabilities: capabilities)
            var response = Response.redirect("/account/?notice=profile_saved")
            // The chosen language takes effect at once, as if picked in the switch.
            response.setCookie(
                cookies.cookie(
                    PlatformMiddleware.languageCookie, updated.language.rawValue, context, maxAge: 365 * 24 * 3600))
            return response
        } catch let error as AppError {
            return try profilePage(request, context, form: form, error: error)
        }
    }

    func myServices(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let account = try signedIn(request, context)
        let c = catalog(context)
        let services = try await capabilities.services(of: account, environment: env, catalog: c)
        let page = MyServicesPage.build(
            services, municipalities: try await env.municipalities.all(), account: account, catalog: c,
            language: context.language)
        return env.pages.render(page, request: request, context: context)
    }

    func export(_ context: AppRequestContext) async throws -> Response {
        guard let account = context.verifiedAccount else { throw AppError.unauthorized }
        let data = try await service.export(account, capabilities: capabilities)
        return try Response.jsonObject(
            data, headers: [.contentDisposition: "attachment; filename=\"zavicaj-export.json\""])
    }

    func delete(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let account = try signedIn(request, context)
        let form = try await Form.read(request)
        do {
            try await service.delete(account, password: form["password"], capabilities: capabilities)
            var response = message(
                request, context, titleKey: "account_deleted_title", messageKey: "notice_account_deleted")
            response.setCookie(cookies.cookie(PlatformMiddleware.sessionCookie, "", context, maxAge: 0))
            return response
        } catch let error as AppError {
            return try profilePage(request, context, form: nil, error: error)
        }
    }

    func languageChoices() -> [(value: String, label: String)] { FormView.languageChoices(env.catalogs) }

}

/// Setting up the second factor: the code to scan and the first code to type (`totp_setup`).
struct TOTPSetupPage: PageView {
    static let template = "totp_setup"
    let title: String, uri: String, qr: String, secret: String
    let fields: [Field]
    let errors: FormErrors
}

/// The person's own account: profile, security, their data (`account`).
struct AccountPage: PageView {
    static let template = "account"
    let title: String, email: String
    let confirmed: Bool, staff: Bool, totp: Bool
    let fields: [Field], deleteFields: [Field]
    let flash: String?
    let errors: FormErrors
}
