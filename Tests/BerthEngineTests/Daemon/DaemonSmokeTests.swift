import Foundation
import Testing

/// berthd as Docker clients see it: the real docker CLI 28 and berth, over berthd's socket.
@Suite("berthd with the docker CLI", .serialized, .enabled(if: DaemonHarness.available, DaemonHarness.skipReason))
struct DaemonSmokeTests {
    @Test(.enabled(if: DaemonHarness.docker != nil, "the docker CLI is not installed"))
    func dockerCLINegotiatesAndReadsVersionAndInfo() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        let version = try daemon.docker(["version", "--format", "{{.Server.Version}} {{.Server.APIVersion}} {{.Server.MinAPIVersion}}"])
        #expect(version.status == 0, "\(version.stderr)")
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.4.0 1.50 1.24")
        let info = try daemon.docker(["info", "--format", "{{.OSType}} {{.Driver}} {{.LoggingDriver}}"])
        #expect(info.status == 0, "\(info.stderr)")
        #expect(info.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "linux overlayfs json-file")
    }

    @Test(.enabled(if: DaemonHarness.docker != nil, "the docker CLI is not installed"))
    func imagesListAndInspectMatchForDockerAndBerth() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        for client in [{ try daemon.docker($0) }, { try daemon.berth($0, stdin: nil) }] as [([String]) throws -> DaemonHarness.Result] {
            let list = try client(["images", "--format", "{{.Repository}}:{{.Tag}} {{len .ID}}"])
            #expect(list.status == 0, "\(list.stderr)")
            // An image id is sha256: plus 64 hex, shown truncated to 12 in tables but whole in .ID? docker
            // templates see the short 12-character id.
            #expect(list.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "busybox:latest 12")
            let inspect = try client(["image", "inspect", "--format", "{{.Os}} {{index .RepoTags 0}} {{len .RootFS.Layers}}", "busybox"])
            #expect(inspect.status == 0, "\(inspect.stderr)")
            #expect(inspect.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "linux busybox:latest 1")
            let table = try client(["images"])
            #expect(table.stdout.hasPrefix("REPOSITORY   TAG       IMAGE ID       CREATED"), "\(table.stdout)")
        }
        let missing = try daemon.docker(["image", "inspect", "nosuch"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("No such image: nosuch"))
    }

    @Test func unknownAPIVersionsAreRefusedWithDockersText() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        let tooNew = try daemon.run("/usr/bin/curl", ["-s", "--unix-socket", daemon.engineSocket, "http://localhost/v1.99/version"])
        #expect(tooNew.stdout.contains("client version 1.99 is too new. Maximum supported API version is 1.50"))
        let ping = try daemon.run("/usr/bin/curl", ["-s", "-i", "--unix-socket", daemon.engineSocket, "http://localhost/_ping"])
        #expect(ping.stdout.contains("Api-Version: 1.50"))
        #expect(ping.stdout.hasSuffix("OK"))
    }
}
