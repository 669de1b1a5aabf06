import Crypto
import Foundation
import Hummingbird

/// A file the pages link to (stylesheet, script), read once and served under a name that carries
/// its content's digest (`/static/app.3f2a91c0.css`): browsers and proxies keep it for a year
/// without asking again, and a new build links a new name. The plain name stays for old links.
public struct StaticAsset: Sendable {
    public let plainPath: String
    public let path: String
    let body: ByteBuffer
    let contentType: String

    public init(_ file: URL, at plainPath: String, contentType: String) {
        // A bundled file that is missing is a broken build: stop at start, not serve an empty stylesheet.
        guard let data = try? Data(contentsOf: file) else { fatalError("bundled file missing: \(file.path)") }
        let digest = SHA256.hash(data: data).prefix(4).map { String(format: "%02x", $0) }.joined()
        let dot = plainPath.lastIndex(of: ".") ?? plainPath.endIndex
        self.plainPath = plainPath
        self.path = "\(plainPath[..<dot]).\(digest)\(plainPath[dot...])"
        self.body = ByteBuffer(data: data)
        self.contentType = contentType
    }

    /// The platform's stylesheet, linked from every page.
    public static let stylesheet = StaticAsset(
        PlatformResources.url("Static/app.css"), at: "/static/app.css", contentType: "text/css; charset=utf-8")

    /// Both names on the router: the digest one immutable, the plain one for an hour.
    public func addRoutes(to router: Router<AppRequestContext>) {
        router.get(RouterPath(path)) { _, _ in response(cache: "public, max-age=31536000, immutable") }
        router.get(RouterPath(plainPath)) { _, _ in response(cache: "public, max-age=3600") }
    }

    func response(cache: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: contentType, .cacheControl: cache], body: .init(byteBuffer: body))
    }
}
