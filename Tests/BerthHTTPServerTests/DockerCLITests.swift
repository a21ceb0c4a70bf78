import BerthHTTPServer
import Foundation
import Synchronization
import Testing

/// The real docker CLI 28 against the server: ping, negotiation, `/version`.
@Suite(.serialized, .timeLimit(.minutes(2)), .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/local/bin/docker"), "docker CLI not installed"))
struct DockerCLITests {
    static let docker = "/usr/local/bin/docker"

    final class PathLog: Sendable {
        private let paths = Mutex<[String]>([])
        func add(_ path: String) { paths.withLock { $0.append(path) } }
        var all: [String] { paths.withLock { $0 } }
    }

    static func router(log: PathLog, apiVersion: String) throws -> Router {
        var router = Router()
        try router.get("/version") { request in
            log.add("\(request.method) \(request.target)")
            let body = #"{"Platform":{"Name":"Berth Engine"},"Components":[{"Name":"Engine","Version":"0.1.0-test","Details":{"ApiVersion":"\#(apiVersion)","MinAPIVersion":"1.24","GitCommit":"berth01","Os":"linux","Arch":"amd64"}}],"Version":"0.1.0-test","ApiVersion":"\#(apiVersion)","MinAPIVersion":"1.24","GitCommit":"berth01","GoVersion":"swift6.3","Os":"linux","Arch":"amd64","KernelVersion":"6.1.0"}"#
            return .bytes(Array((body + "\n").utf8), contentType: HTTPResponse.ContentType.json)
        }
        return router
    }

    /// The CLI with no user config and no ambient DOCKER_* settings.
    static func cli(_ socket: String, _ arguments: [String], apiVersion: String? = nil) async throws -> ProcessResult {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("berth-docker-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: config) }
        var environment = ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": config.path, "DOCKER_CONFIG": config.path]
        if let apiVersion { environment["DOCKER_API_VERSION"] = apiVersion }
        return try await run(docker, ["-H", "unix://\(socket)"] + arguments, environment: environment)
    }

    @Test func versionNegotiatesTheServersMaximum() async throws {
        let log = PathLog()
        try await withTestServer(try Self.router(log: log, apiVersion: "1.50")) { _, socket in
            let result = try await Self.cli(socket, ["version"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("Berth Engine"))
            #expect(result.stdout.contains("0.1.0-test"))
            #expect(result.stdout.contains("berth01"))
            #expect(log.all == ["GET /v1.50/version"])
        }
    }

    @Test func olderServerVersionDowngradesTheClient() async throws {
        let log = PathLog()
        try await withTestServer(try Self.router(log: log, apiVersion: "1.43"), configure: { $0.maximumAPIVersion = APIVersion(1, 43) }) { _, socket in
            let result = try await Self.cli(socket, ["version"])
            #expect(result.status == 0, "\(result.stderr)")
            // The request path proves the downgrade; the "(downgraded from 1.50)" note depends on whether the
            // CLI's negotiation finished before it printed, which varies with load.
            #expect(result.stdout.contains("API version:      1.43"))
            #expect(log.all == ["GET /v1.43/version"])
        }
    }

    @Test func pinnedTooNewVersionIsRejectedWithDockerdsMessage() async throws {
        let log = PathLog()
        try await withTestServer(try Self.router(log: log, apiVersion: "1.43"), configure: { $0.maximumAPIVersion = APIVersion(1, 43) }) { _, socket in
            let result = try await Self.cli(socket, ["version"], apiVersion: "1.45")
            #expect(result.status != 0)
            #expect(result.stderr.contains("client version 1.45 is too new. Maximum supported API version is 1.43"))
            #expect(log.all.isEmpty)
        }
    }
}
