import Foundation
import Hummingbird
import Platform

/// The public newsroom: news with a page each and an Atom feed, the press archive, the radio
/// programmes, and unsubscribing from the newsletter (a page, and RFC 8058's one-click POST).
struct NewsPages: Sendable {
    let env: AppEnvironment
    let sources: @Sendable () -> [AudienceSource]

    func addRoutes(to router: Router<AppRequestContext>) {
        let portal = router.municipalityGroup(env)
        portal.get("news") { request, context in
            try await VisitorPages.respond(request, context, env) { context in
                let municipality = try context.pathMunicipality
                let c = env.catalogs[context.language], language = context.language
                let articles = try await NewsroomStore(env: env).articles(municipality.id)
                let items = articles.map {
                    SectionsPage.Item(
                        $0.title[language], link: "/\(municipality.slug)/news/\($0.id)",
                        note: "\(c.text("news_category_\($0.category.rawValue)")) · \(Day(sarajevo: $0.publishedAt))")
                }
                let page = SectionsPage(
                    title: c.text("news_title") + " — " + municipality.names[language],
                    intro: c.text("news_feed", ["link": "/\(municipality.slug)/news.atom"]),
                    sections: [.init(id: "news", heading: c.text("news_latest"), items: items)])
                return env.pages.html(page, request: request, context: context)
            }
        }
        portal.get("news.atom") { request, context in
            let municipality = try context.pathMunicipality
            let language = context.language, base = "\(env.settings.baseURL)/\(municipality.slug)"
            let articles = try await NewsroomStore(env: env).articles(municipality.id)
            let xml = AtomFeed.feed(
                id: "\(base)/news",
                title: env.catalogs[language].text("news_title") + " — " + municipality.names[language],
                link: "\(base)/news", selfLink: "\(base)/news.atom",
                entries: articles.map {
                    AtomFeed.Entry(
                        id: "urn:uuid:\($0.id)", title: $0.title[language],
                        summary: String($0.body[language].prefix(400)),
                        link: "\(base)/news/\($0.id)", updated: $0.publishedAt)
                },
                updated: articles.first?.publishedAt ?? env.clock.now())
            return Response(
                status: .ok, headers: [.contentType: "application/atom+xml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: xml)))
        }
        portal.get("news/:id") { request, context in
            try await VisitorPages.respond(request, context, env) { context in
                let municipality = try context.pathMunicipality
                guard
                    let article = try await NewsroomStore(env: env).article(
                        context.parameters.get("id") ?? "", municipalityID: municipality.id)
                else { throw AppError.notFound }
                let c = env.catalogs[context.language], language = context.language
                let category = c.text("news_category_\(article.category.rawValue)")
                let page = SectionsPage(
                    title: article.title[language], intro: "\(category) · \(Day(sarajevo: article.publishedAt))",
                    sections: [
                        .translated(
                            id: "body", heading: c.text("news_article"), text: article.body, reader: language,
                            catalog: c,
                            items: [.init(c.text("news_title"), link: "/\(municipality.slug)/news")])
                    ])
                return env.pages.html(page, request: request, context: context)
            }
        }
        portal.get("press") { request, context in
            try await VisitorPages.respond(request, context, env) { context in
                let municipality = try context.pathMunicipality
                let c = env.catalogs[context.language]
                let releases = try await MediaStore(env: env).releases(municipality.id)
                let page = SectionsPage(
                    title: c.text("press_title") + " — " + municipality.names[context.language],
                    intro: releases.isEmpty ? c.text("press_none") : nil,
                    sections: releases.enumerated().map { index, r in
                        .init(
                            id: "r\(index)", heading: r.title, text: r.body,
                            items: [.init(Day(sarajevo: r.sentAt).description)])
                    })
                return env.pages.html(page, request: request, context: context)
            }
        }
        portal.get("radio") { request, context in
            try await VisitorPages.respond(request, context, env) { context in
                let municipality = try context.pathMunicipality
                let c = env.catalogs[context.language]
                let store = MediaStore(env: env)
                var sections: [SectionsPage.Section] = []
                for (id, p) in try await store.programmes(municipality.id) {
                    var items = [SectionsPage.Item(RadioText.slot(p, c))]
                    if !p.streamURL.isEmpty { items.append(.init(c.text("radio_listen_online"), link: p.streamURL)) }
                    items += try await store.episodes(id).map {
                        .init("\($0.day) — \($0.title)", note: $0.description)
                    }
                    sections.append(.init(id: id, heading: "\(p.name) · \(p.station)", items: items))
                }
                let page = SectionsPage(
                    title: c.text("radio_title") + " — " + municipality.names[context.language],
                    intro: sections.isEmpty ? c.text("radio_none") : nil, sections: sections)
                return env.pages.html(page, request: request, context: context)
            }
        }
        router.get("newsletter/unsubscribe/:token") { request, context in
            let c = env.catalogs[context.language]
            let form = SectionsPage.Form(
                action: "/newsletter/unsubscribe/\(context.parameters.get("token") ?? "")", fields: [],
                submit: c.text("newsletter_unsubscribe_submit"))
            let page = SectionsPage(
                title: c.text("newsletter_unsubscribe_title"),
                sections: [
                    .init(
                        id: "u", heading: c.text("newsletter_unsubscribe_title"),
                        text: c.text("newsletter_unsubscribe_intro"), form: form)
                ])
            return env.pages.render(page, request: request, context: context)
        }
        router.post("newsletter/unsubscribe/:token") { request, context in
            _ = try await NewsroomStore(env: env).unsubscribe(
                token: context.parameters.get("token") ?? "", sources: sources())
            let c = env.catalogs[context.language]
            let page = SectionsPage(
                title: c.text("newsletter_unsubscribe_title"), intro: c.text("newsletter_unsubscribed"), sections: [])
            return env.pages.render(page, request: request, context: context)
        }
        // RFC 8058: the mail client posts `List-Unsubscribe=One-Click`; the token is the only credential.
        router.post("api/v1/newsletter/unsubscribe/:token") { request, context in
            _ = try await NewsroomStore(env: env).unsubscribe(
                token: context.parameters.get("token") ?? "", sources: sources())
            return Response(status: .noContent)
        }
    }
}

enum RadioText {
    /// "Every Sunday at 18:00 (60 min) · 98,5 MHz".
    static func slot(_ p: RadioProgramme, _ c: Catalog) -> String {
        c.text("radio_slot", ["day": c.text("weekday_\(p.weekday)"), "time": p.airsAt, "minutes": String(p.minutes)])
            + (p.frequency.isEmpty ? "" : " · \(p.frequency)")
    }
}
