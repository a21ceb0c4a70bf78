@testable import BerthHTTPServer
import Testing

@Suite struct RouterTests {
    func router() throws -> Router {
        var router = Router()
        let ok: HTTPHandler = { _ in .empty() }
        try router.get("/containers/json", ok)
        try router.get("/containers/{id}/json", ok)
        try router.post("/containers/{id}/start", ok)
        try router.get("/images/json", ok)
        try router.get("/images/get", ok)
        try router.get("/images/{name...}/json", ok)
        try router.get("/images/{name...}/history", ok)
        try router.post("/images/{name...}/tag", ok)
        try router.delete("/images/{name...}", ok)
        return router
    }

    func parameters(_ router: Router, _ method: HTTPMethod, _ path: String) -> [String: String]? {
        if case .found(_, let parameters) = router.match(method, path: path) { return parameters }
        return nil
    }

    @Test func matchesPathParameters() throws {
        let router = try router()
        #expect(parameters(router, .get, "/containers/json") == [:])
        #expect(parameters(router, .get, "/containers/web/json") == ["id": "web"])
        #expect(parameters(router, .post, "/containers/4fa6e0f0/start") == ["id": "4fa6e0f0"])
        #expect(parameters(router, .get, "/containers/a/b/json") == nil)
    }

    @Test func imageNamesKeepSlashesAndColons() throws {
        let router = try router()
        #expect(parameters(router, .get, "/images/json") == [:])
        #expect(parameters(router, .get, "/images/get") == [:])
        #expect(parameters(router, .get, "/images/busybox/json") == ["name": "busybox"])
        #expect(parameters(router, .get, "/images/docker.io/library/busybox:latest/json") == ["name": "docker.io/library/busybox:latest"])
        #expect(parameters(router, .get, "/images/localhost:5000/x/y:1/history") == ["name": "localhost:5000/x/y:1"])
        #expect(parameters(router, .post, "/images/busybox:latest/tag") == ["name": "busybox:latest"])
        #expect(parameters(router, .delete, "/images/ghcr.io/a/b@sha256:abc") == ["name": "ghcr.io/a/b@sha256:abc"])
        // An image whose name ends in a route word still resolves by the last suffix.
        #expect(parameters(router, .get, "/images/x/json/json") == ["name": "x/json"])
    }

    @Test func methodMismatchAndUnknownPaths() throws {
        let router = try router()
        guard case .methodNotAllowed = router.match(.post, path: "/containers/json") else {
            Issue.record("expected method not allowed")
            return
        }
        guard case .notFound = router.match(.get, path: "/nope") else {
            Issue.record("expected not found")
            return
        }
        // HEAD falls back to GET.
        #expect(parameters(router, .head, "/containers/x/json") == ["id": "x"])
    }

    @Test func rejectsTwoRemainderSegments() {
        var router = Router()
        #expect(throws: HTTPError.self) { try router.get("/{a...}/x/{b...}") { _ in .empty() } }
    }

    @Test func versionPrefixes() throws {
        #expect(VersionedPath("/v1.50/containers/json") == VersionedPath(versionText: "1.50", path: "/containers/json"))
        #expect(VersionedPath("/containers/json") == VersionedPath(versionText: nil, path: "/containers/json"))
        #expect(VersionedPath("/v1.41/_ping") == VersionedPath(versionText: "1.41", path: "/_ping"))
        #expect(VersionedPath("/volumes/x") == VersionedPath(versionText: nil, path: "/volumes/x"))
        #expect(VersionedPath("/v1.50") == VersionedPath(versionText: "1.50", path: "/"))

        let maximum = APIVersion(1, 50), minimum = APIVersion(1, 24)
        #expect(try VersionedPath("/v1.41/x").negotiate(minimum: minimum, maximum: maximum) == APIVersion(1, 41))
        #expect(try VersionedPath("/x").negotiate(minimum: minimum, maximum: maximum) == maximum)
        let tooNew = try #require(throws: HTTPError.self) { try VersionedPath("/v1.51/x").negotiate(minimum: minimum, maximum: maximum) }
        #expect(tooNew.message == "client version 1.51 is too new. Maximum supported API version is 1.50")
        let tooOld = try #require(throws: HTTPError.self) { try VersionedPath("/v1.12/x").negotiate(minimum: minimum, maximum: maximum) }
        #expect(tooOld.message == "client version 1.12 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version")
        #expect(APIVersion(1, 9) < APIVersion(1, 24))
        #expect(APIVersion("1.50") == APIVersion(1, 50))
        #expect(APIVersion("1.x") == nil)
    }

    @Test func queryParameters() throws {
        let query = QueryParameters(parsing: "names=a&names=b%3Av1&v=True&link=False&force=1&stdin=0&x&path=%2Ftmp+dir&none=none")
        #expect(query.values("names") == ["a", "b:v1"])
        #expect(query.bool("v"))
        #expect(!query.bool("link"))
        #expect(query.bool("force"))
        #expect(!query.bool("stdin"))
        #expect(!query.bool("x"))
        #expect(!query.bool("none"))
        #expect(!query.bool("absent"))
        #expect(query.bool("absent", default: true))
        #expect(query["path"] == "/tmp dir")
        #expect(try QueryParameters(parsing: "t=10").int("t") == 10)
        #expect(throws: HTTPError.self) { try QueryParameters(parsing: "t=ten").int("t") }
    }

    @Test func filtersInBothClientShapes() throws {
        let cli = QueryParameters([("filters", #"{"label":{"apitrace=1":true,"off":false},"status":{"exited":true}}"#)])
        #expect(try cli.filters() == ["label": ["apitrace=1"], "status": ["exited"]])
        let dockerPy = QueryParameters([("filters", #"{"label": ["apitrace=1"], "name": ["apitrace-dpy"]}"#)])
        #expect(try dockerPy.filters() == ["label": ["apitrace=1"], "name": ["apitrace-dpy"]])
        #expect(try QueryParameters().filters() == [:])
        #expect(throws: HTTPError.self) { try QueryParameters([("filters", "{not json")]).filters() }
    }

    @Test func multiplexedFrameHeader() {
        #expect(MultiplexedFrame.encode(.stdout, Array("hi\n".utf8)) == [1, 0, 0, 0, 0, 0, 0, 3] + Array("hi\n".utf8))
        #expect(MultiplexedFrame.header(.stderr, length: 0x0102_0304) == [2, 0, 0, 0, 1, 2, 3, 4])
        #expect(MultiplexedFrame.encode(.stdout, [UInt8]()) == [])
    }
}
