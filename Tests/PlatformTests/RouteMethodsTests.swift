import HTTPTypes
import Testing

@testable import Platform

/// A known path asked with a method it does not answer is told which methods it does.
@Suite struct RouteMethodsTests {
    @Test func aKnownPathWithAnotherMethodListsItsMethods() {
        let routes = RouteMethods()
        routes.load([
            (.get, "/:slug/news"), (.post, "/api/v1/:slug/inquiries"), (.get, "/api/v1/:slug/inquiries"),
            (.get, "/static/**"), (.get, "/verify/{code}.pdf"),
        ])
        #expect(routes.notAllowed(.delete, path: "/jajce/news") == [.get, .head])
        #expect(routes.notAllowed(.post, path: "/api/v1/jajce/inquiries") == nil)
        #expect(routes.notAllowed(.put, path: "/api/v1/jajce/inquiries") == [.get, .head, .post])
        #expect(routes.notAllowed(.post, path: "/static/app.css") == [.get, .head])
        #expect(routes.notAllowed(.post, path: "/static/a/b/c.js") == [.get, .head])
        #expect(routes.notAllowed(.post, path: "/verify/ABC.pdf") == [.get, .head])
        #expect(routes.notAllowed(.post, path: "/verify/ABC.txt") == nil, "unknown: 404, not 405")
        #expect(routes.notAllowed(.post, path: "/jajce/news/more") == nil)
    }
}
