import Hummingbird

// The same shapes Zavičaj answers with, made no cost at all: a small JSON body and a plain text.
let router = Router()
router.get("healthz") { _, _ in
    Response(
        status: .ok, headers: [.contentType: "application/json"],
        body: .init(byteBuffer: ByteBuffer(string: #"{"database":"sqlite","status":"ok"}"#)))
}
router.get("hello") { _, _ in "Hello, world!" }
let port = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 8090
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
