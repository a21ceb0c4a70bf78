import BerthCore
import BerthHTTPServer
import Foundation
import Testing

/// A decodable body for the JSON helper tests.
struct CreateBody: Codable, Sendable {
    struct Host: Codable, Sendable { var Memory: Int64? }
    var Image: String
    var HostConfig: Host?
}

/// The server over a real unix socket, driven with curl and a raw client.
@Suite(.serialized, .timeLimit(.minutes(2))) struct HTTPServerTests {
    static func router() throws -> Router {
        var router = Router()
        try router.get("/containers/{id}/json") { request in
            if request.pathParameters["id"] == "missing" { throw BerthError(.notFound, "No such container: missing") }
            return try .json(["Id": try request.parameter("id"), "Version": request.apiVersion.description,
                              "Versioned": request.isVersioned ? "yes" : "no"])
        }
        try router.post("/containers/{id}/kill") { _ in throw HTTPError(.conflict, "Cannot kill container: x: Container abc is not running") }
        try router.post("/containers/{id}/start") { _ in .empty(.noContent) }
        try router.get("/images/{name...}/json") { request in try .json(["Name": try request.parameter("name")]) }
        try router.post("/images/{name...}/tag") { request in
            #expect(request.query["repo"] == "docker.io/library/x")
            return .empty(.created)
        }
        try router.get("/query") { request in
            try .json(["names": request.query.values("names").joined(separator: ","),
                       "force": String(request.query.bool("force")),
                       "filters": try request.query.filters().sorted { $0.key < $1.key }
                           .map { "\($0.key)=\($0.value.joined(separator: "+"))" }.joined(separator: ";")])
        }
        try router.post("/containers/create") { request in
            let body = try await request.body.decodeJSON(CreateBody.self)
            return try .json(["Id": body.Image, "Memory": String(body.HostConfig?.Memory ?? 0)], status: .created)
        }
        try router.get("/crash") { _ in throw TestFailure("boom") }
        return router
    }

    @Test func pingAnswersLikeDockerd() async throws {
        try await withTestServer(try Self.router()) { _, socket in
            let get = try await curl(socket, "/_ping")
            #expect(get.status == 200)
            #expect(get.body == "OK")
            #expect(get.header("Api-Version") == "1.50")
            #expect(get.header("Docker-Experimental") == "false")
            #expect(get.header("Ostype") == "linux")
            #expect(get.header("Server")?.hasSuffix("(linux)") == true)
            #expect(get.header("Cache-Control") == "no-cache, no-store, must-revalidate")
            #expect(get.header("Pragma") == "no-cache")
            #expect(get.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(get.header("Content-Length") == "2")
            #expect(get.header("Date") != nil)

            let head = try await curl(socket, "/_ping", ["-I"])
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "0")
            #expect(head.header("Api-Version") == "1.50")
            #expect(head.body.isEmpty)

            let versioned = try await curl(socket, "/v1.41/_ping")
            #expect(versioned.body == "OK")
        }
    }

    @Test func versionedAndUnversionedPathsCarryTheNegotiatedVersion() async throws {
        try await withTestServer(try Self.router()) { _, socket in
            let versioned = try await curl(socket, "/v1.41/containers/web/json")
            #expect(versioned.status == 200)
            #expect(versioned.header("Content-Type") == "application/json")
            #expect(versioned.header("Api-Version") == "1.50")
            #expect(versioned.body.contains(#""Version":"1.41""#))
            #expect(versioned.body.hasSuffix("}\n"))
            let plain = try await curl(socket, "/containers/web/json")
            #expect(plain.body.contains(#""Version":"1.50""#))
            #expect(plain.body.contains(#""Versioned":"no""#))
        }
    }

    @Test func unsupportedVersionsGetDockerdsErrors() async throws {
        try await withTestServer(try Self.router()) { _, socket in
            let tooNew = try await curl(socket, "/v1.51/containers/web/json")
            #expect(tooNew.status == 400)
            #expect(tooNew.header("Content-Type") == "application/json")
            #expect(tooNew.body == #"{"message":"client version 1.51 is too new. Maximum supported API version is 1.50"}"# + "\n")
            let tooOld = try await curl(socket, "/v1.12/containers/web/json")
            #expect(tooOld.status == 400)
            #expect(tooOld.body == #"{"message":"client version 1.12 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version"}"# + "\n")
            // Every response, errors included, carries the standard headers.
            #expect(tooOld.header("Api-Version") == "1.50")
            #expect(tooOld.header("Ostype") == "linux")
        }
    }

    @Test func errorsAreJSONMessagesWithTheirStatus() async throws {
        try await withTestServer(try Self.router()) { _, socket in
            let notFound = try await curl(socket, "/v1.50/nope")
            #expect(notFound.status == 404)
            #expect(notFound.body == #"{"message":"page not found"}"# + "\n")
            let missing = try await curl(socket, "/containers/missing/json")
            #expect(missing.status == 404)
            #expect(missing.body == #"{"message":"No such container: missing"}"# + "\n")
            let conflict = try await curl(socket, "/v1.50/containers/x/kill", ["-X", "POST"])
            #expect(conflict.status == 409)
            #expect(conflict.body.contains("is not running"))
            let crash = try await curl(socket, "/crash")
            #expect(crash.status == 500)
            #expect(crash.body.contains("boom"))
            let wrongMethod = try await curl(socket, "/containers/x/start")
            #expect(wrongMethod.status == 405)
            let started = try await curl(socket, "/containers/x/start", ["-X", "POST"])
            #expect(started.status == 204)
            #expect(started.header("Content-Length") == nil)
            #expect(started.body.isEmpty)
        }
    }

    @Test func imageReferencesInPaths() async throws {
        try await withTestServer(try Self.router()) { _, socket in
            let inspect = try await curl(socket, "/v1.50/images/docker.io/library/busybox:latest/json")
            #expect(inspect.body.contains(#""Name":"docker.io/library/busybox:latest""#))
            let encoded = try await curl(socket, "/images/localhost%3A5000%2Fx%3A1/json")
            #expect(encoded.body.contains(#""Name":"localhost:5000/x:1""#))
            let tag = try await curl(socket, "/v1.50/images/busybox:latest/tag?repo=docker.io%2Flibrary%2Fx&tag=1", ["-X", "POST"])
            #expect(tag.status == 201)
        }
    }

    @Test func queryParsing() async throws {
        try await withTestServer(try Self.router()) { _, socket in
            let filters = #"{"label":{"a=1":true},"name":["web"]}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let response = try await curl(socket, "/query?names=a&names=b&force=True&filters=\(filters)")
            #expect(response.body.contains(#""names":"a,b""#))
            #expect(response.body.contains(#""force":"true""#))
            #expect(response.body.contains(#""filters":"label=a=1;name=web""#))
            let bad = try await curl(socket, "/query?filters=%7Bnope")
            #expect(bad.status == 400)
        }
    }

    @Test func jsonBodiesDecodeAndNameTheBadField() async throws {
        try await withTestServer(try Self.router()) { _, socket in
            let created = try await curl(socket, "/v1.50/containers/create", ["-X", "POST", "-H", "Content-Type: application/json",
                                                                             "--data-binary", #"{"Image":"busybox","HostConfig":{"Memory":64}}"#])
            #expect(created.status == 201)
            #expect(created.body.contains(#""Memory":"64""#))
            let bad = try await curl(socket, "/v1.50/containers/create", ["-X", "POST", "--data-binary", #"{"Image":"busybox","HostConfig":{"Memory":"64m"}}"#])
            #expect(bad.status == 400)
            #expect(bad.body == #"{"message":"HostConfig.Memory: expected a number"}"# + "\n")
            let empty = try await curl(socket, "/v1.50/containers/create", ["-X", "POST"])
            #expect(empty.status == 400)
        }
    }

    @Test func headRunsTheGetRouteWithoutABody() async throws {
        try await withTestServer(try Self.router()) { _, socket in
            let head = try await curl(socket, "/containers/web/json", ["-I"])
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == String(#"{"Id":"web","Version":"1.50","Versioned":"no"}"#.utf8.count + 1))
            #expect(head.body.isEmpty)
        }
    }

    @Test func keepAliveAndPipelining() async throws {
        try await withTestServer(try Self.router()) { _, socket in
            try await RawClient.withConnection(socket) { client in
                // Two requests in one write, as a pipelining client may send them.
                try await client.send("HEAD /_ping HTTP/1.1\r\nHost: api.moby.localhost\r\n\r\nGET /v1.50/containers/a/json HTTP/1.1\r\nHost: x\r\n\r\n")
                let first = try await client.read(through: "\r\n\r\n")
                #expect(first.hasPrefix("HTTP/1.1 200 OK\r\n"))
                #expect(first.contains("Content-Length: 0\r\n"))
                let second = try await client.read(through: "\r\n\r\n")
                #expect(second.hasPrefix("HTTP/1.1 200 OK\r\n"))
                let body = try await client.read(through: "}\n")
                #expect(body.contains(#""Id":"a""#))
                // And the connection stays usable.
                try await client.send("GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n")
                let third = try await client.read(through: "OK")
                #expect(third.hasPrefix("HTTP/1.1 200 OK"))
            }
        }
    }

    @Test func malformedRequestsGet400AndTheServerLivesOn() async throws {
        try await withTestServer(try Self.router()) { _, socket in
            for garbage in ["GARBAGE\r\n\r\n", "GET /_ping HTTP/1.1\r\nBad Header Line\r\n\r\n",
                            "POST /containers/create HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "\u{0}\u{1}\u{2}\r\n\r\n"] {
                try await RawClient.withConnection(socket) { client in
                    try await client.send(garbage)
                    let answer = try await client.readToEnd()
                    #expect(answer.hasPrefix("HTTP/1.1 400 "), "answer to \(garbage.debugDescription): \(answer.debugDescription)")
                }
            }
            // A client that connects and leaves at once.
            try await RawClient.withConnection(socket) { _ in }
            let ping = try await curl(socket, "/_ping")
            #expect(ping.body == "OK")
        }
    }
}
