import BerthContent
import BerthCore
import BerthOCI
import BerthRegistry
import Foundation
import Glibc
import NIOCore
import Testing

/// Pull and push against real docker-registry processes on loopback (started per test by
/// Scripts/lib/registry-fixture), through the Engine API, the docker CLI and skopeo.
@Suite("registry pull and push", .serialized,
       .enabled(if: DaemonHarness.available && RegistryFixture.available, "needs root, the built daemons and Debian's docker-registry"))
struct RegistryPullPushTests {
    static func json(_ text: String) -> Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8)) }

    static func inspect(_ daemon: DaemonHarness, _ name: String) throws -> [String: Any] {
        let response = try daemon.api("GET", "/images/\(name)/json")
        guard response.status == 200, let object = json(response.body) as? [String: Any] else {
            throw DaemonHarnessError("inspect \(name): \(response.status) \(response.body)")
        }
        return object
    }

    static func auth(_ user: String, _ password: String, server: String) -> String {
        let json = #"{"username":"\#(user)","password":"\#(password)","serveraddress":"\#(server)"}"#
        return Data(json.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    /// POST with an X-Registry-Auth header; the body is the JSON message stream.
    static func stream(_ daemon: DaemonHarness, _ path: String, auth: String = "e30=") throws -> (status: Int, body: String) {
        let result = try daemon.run("/usr/bin/curl", ["-s", "-o", "-", "-w", "\n%{http_code}", "--unix-socket", daemon.engineSocket,
                                                      "-X", "POST", "-H", "X-Registry-Auth: \(auth)", "http://localhost" + path])
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    @Test func pushRemovePullGivesTheSameImageWhichRuns() throws {
        let registry = try RegistryFixture()
        defer { registry.stop() }
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        let name = "\(registry.address)/berth/busybox"
        try daemon.importBusybox(name: "\(name):v1")
        let before = try Self.inspect(daemon, "\(name):v1")["Id"] as? String

        let push = try Self.stream(daemon, "/images/\(name)/push?tag=v1")
        #expect(push.status == 200)
        #expect(push.body.contains("The push refers to repository [\(name)]"), "\(push.body)")
        #expect(push.body.contains("\"status\":\"Pushed\""), "\(push.body)")
        #expect(!push.body.contains("errorDetail"), "\(push.body)")
        let pushedDigest = push.body.components(separatedBy: "v1: digest: ").dropFirst().first.map { String($0.prefix(71)) } ?? ""
        #expect(pushedDigest.hasPrefix("sha256:"), "\(push.body)")
        #expect(try Self.inspect(daemon, "\(name):v1")["RepoDigests"] as? [String] == ["\(name)@\(pushedDigest)"])

        // Pushing again finds every blob in place.
        let again = try Self.stream(daemon, "/images/\(name)/push?tag=v1")
        #expect(again.body.contains("Layer already exists"), "\(again.body)")

        #expect(try daemon.api("DELETE", "/images/\(name):v1").status == 200)
        #expect(try daemon.api("GET", "/images/\(name):v1/json").status == 404)

        let pull = try Self.stream(daemon, "/images/create?fromImage=\(name)&tag=v1")
        #expect(pull.status == 200)
        for status in ["Pulling from berth/busybox", "Pulling fs layer", "Downloading", "Download complete", "Pull complete",
                       "Digest: \(pushedDigest)", "Status: Downloaded newer image for \(name):v1"] {
            #expect(pull.body.contains(status), "missing \(status) in \(pull.body)")
        }
        let pulled = try Self.inspect(daemon, "\(name):v1")
        #expect(pulled["Id"] as? String == before)
        #expect(pulled["RepoDigests"] as? [String] == ["\(name)@\(pushedDigest)"])

        let upToDate = try Self.stream(daemon, "/images/create?fromImage=\(name)&tag=v1")
        #expect(upToDate.body.contains("Status: Image is up to date for \(name):v1"), "\(upToDate.body)")

        let run = try daemon.berth(["run", "--rm", "\(name):v1", "echo", "pulled"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "pulled\n")

        let digests = try daemon.berth(["images", "--digests", "--format", "{{.Repository}} {{.Tag}} {{.Digest}}"])
        #expect(digests.stdout.contains("\(name) v1 \(pushedDigest)"), "\(digests.stdout)")

        // By digest: the same image, found by its digest reference.
        #expect(try daemon.api("DELETE", "/images/\(name):v1").status == 200)
        let byDigest = try Self.stream(daemon, "/images/create?fromImage=\(name)&tag=\(pushedDigest)")
        #expect(byDigest.body.contains("Digest: \(pushedDigest)"), "\(byDigest.body)")
        let digestImage = try Self.inspect(daemon, "\(name)@\(pushedDigest)")
        #expect(digestImage["Id"] as? String == before)
        #expect((digestImage["RepoTags"] as? [String] ?? ["x"]).isEmpty)

        // Distribution inspect names the manifest.
        let distribution = try daemon.api("GET", "/distribution/\(name):v1/json")
        #expect(distribution.status == 200)
        #expect(distribution.body.contains(pushedDigest), "\(distribution.body)")

        // Search lists the catalog of a registry that offers one.
        let search = try daemon.api("GET", "/images/search?term=\(registry.address)/berth")
        #expect(search.status == 200, "\(search.body)")
        #expect(search.body.contains("\"name\":\"\(name)\""), "\(search.body)")
    }

    @Test func daemonJSONRegistrySettingsShowInInfo() throws {
        let daemon = try DaemonHarness(daemonConfig: #"{"insecure-registries":["myreg.test:5000","10.99.0.0/16"],"registry-mirrors":["http://127.0.0.1:1"]}"#)
        defer { daemon.close() }
        let info = try daemon.docker(["info"])
        #expect(info.status == 0, "\(info.stderr)")
        for text in ["Insecure Registries:", "myreg.test:5000", "10.99.0.0/16", "127.0.0.0/8", "Registry Mirrors:", "http://127.0.0.1:1"] {
            #expect(info.stdout.contains(text), "docker info lacks \(text): \(info.stdout)")
        }
        // A malformed setting stops berthd before it touches anything (the config is read first).
        try #"{"registry-mirrors": "not-a-list"}"#.write(toFile: daemon.base + "/bad.json", atomically: true, encoding: .utf8)
        let bad = try daemon.run(DaemonHarness.berthdBin, ["--config-file", daemon.base + "/bad.json", "-H", "unix://\(daemon.base)/bad.sock",
                                                           "--supervisor", daemon.base + "/none.sock", "--data-root", daemon.base + "/bad"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("bad.json") && bad.stderr.contains("registry-mirrors"), "\(bad.stderr)")
    }

    @Test func missingImageIsA404WithDockersText() throws {
        let registry = try RegistryFixture()
        defer { registry.stop() }
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        let missing = try Self.stream(daemon, "/images/create?fromImage=\(registry.address)/berth/none&tag=v9")
        #expect(missing.status == 404, "\(missing.body)")
        #expect(missing.body.contains("\(registry.address)/berth/none:v9"), "\(missing.body)")
        #expect(missing.body.contains("not found") || missing.body.contains("unknown"), "\(missing.body)")
        let docker = try daemon.docker(["pull", "\(registry.address)/berth/none:v9"])
        #expect(docker.status == 1)
        #expect(docker.stderr.contains("Error response from daemon"), "\(docker.stderr)")
        let refused = try Self.stream(daemon, "/images/create?fromImage=127.0.0.1:1/berth/none&tag=v1")
        #expect(refused.status == 500, "\(refused.body)")
        #expect(refused.body.contains("127.0.0.1:1"), "\(refused.body)")
    }

    /// An index built here with two platforms: the host's is chosen, `platform` picks the other.
    @Test func multiPlatformIndexSelectsThePlatform() async throws {
        let registry = try RegistryFixture()
        defer { registry.stop() }
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        let client = RegistryClient()
        let host = Platform.host
        let other = host.architecture == "arm64" ? Platform(os: "linux", architecture: "amd64") : Platform(os: "linux", architecture: "arm64")
        let session = client.session(domain: registry.address, repository: "berth/multi", credentials: .anonymous, push: true)
        var entries: [Descriptor] = []
        for platform in [other, host] {
            let layer = try Self.tarLayer(file: "arch", contents: platform.architecture + "\n")
            let layerDescriptor = Descriptor(mediaType: MediaTypes.ociLayer, digest: Self.digest(layer), size: Int64(layer.count))
            let config = Array(#"{"architecture":"\#(platform.architecture)","os":"linux","rootfs":{"type":"layers","diff_ids":["\#(layerDescriptor.digest)"]},"config":{}}"#.utf8)
            let configDescriptor = Descriptor(mediaType: MediaTypes.ociConfig, digest: Self.digest(config), size: Int64(config.count))
            for (descriptor, bytes) in [(layerDescriptor, layer), (configDescriptor, config)] {
                _ = try await session.pushBlob(descriptor, mountFrom: nil, read: Self.reader(bytes))
            }
            let manifest = try JSONCoding.encode(Manifest(config: configDescriptor, layers: [layerDescriptor]))
            _ = try await session.putManifest(manifest, mediaType: MediaTypes.ociManifest, reference: Self.digest(manifest).description)
            entries.append(Descriptor(mediaType: MediaTypes.ociManifest, digest: Self.digest(manifest), size: Int64(manifest.count), platform: platform))
        }
        let index = try JSONCoding.encode(Index(manifests: entries))
        _ = try await session.putManifest(index, mediaType: MediaTypes.ociIndex, reference: "v1")
        await client.shutdown()

        let name = "\(registry.address)/berth/multi"
        let pull = try Self.stream(daemon, "/images/create?fromImage=\(name)&tag=v1")
        #expect(pull.body.contains("Digest: \(Self.digest(index))"), "\(pull.body)")
        var image = try Self.inspect(daemon, "\(name):v1")
        #expect(image["Architecture"] as? String == host.architecture)
        #expect(image["RepoDigests"] as? [String] == ["\(name)@\(Self.digest(index))"])
        let run = try daemon.berth(["run", "--rm", "\(name):v1", "/arch"])
        #expect(run.stderr.contains("no such file") || run.status != 0, "the image has no shell: /arch is data")

        let otherPull = try Self.stream(daemon, "/images/create?fromImage=\(name)&tag=v1&platform=linux/\(other.architecture)")
        #expect(otherPull.status == 200, "\(otherPull.body)")
        image = try Self.inspect(daemon, "\(name):v1")
        #expect(image["Architecture"] as? String == other.architecture)

        // The same through the CLI's --platform.
        let cli = try daemon.berth(["pull", "--platform", "linux/\(host.architecture)", "\(name):v1"])
        #expect(cli.status == 0, "\(cli.stderr)")
        #expect(try Self.inspect(daemon, "\(name):v1")["Architecture"] as? String == host.architecture)

        let none = try Self.stream(daemon, "/images/create?fromImage=\(name)&tag=v1&platform=linux/s390x")
        #expect(none.status == 404, "\(none.body)")
        #expect(none.body.contains("no matching manifest for linux/s390x"), "\(none.body)")
    }

    /// A multi-platform image loaded from an OCI archive is pushed as it is stored: each platform's
    /// manifest and blobs, then the index under the tag, with the index's own digest.
    @Test func loadedMultiPlatformImagePushesItsIndex() throws {
        let registry = try RegistryFixture()
        defer { registry.stop() }
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        let name = "\(registry.address)/berth/loaded"
        let layout = daemon.base + "/layout"
        try FileManager.default.createDirectory(atPath: layout + "/blobs/sha256", withIntermediateDirectories: true)
        func store(_ bytes: [UInt8]) throws -> Digest {
            let digest = Self.digest(bytes)
            try Data(bytes).write(to: URL(fileURLWithPath: layout + "/blobs/sha256/" + digest.encoded))
            return digest
        }
        let host = Platform.host
        let other = host.architecture == "arm64" ? Platform(os: "linux", architecture: "amd64") : Platform(os: "linux", architecture: "arm64")
        var entries: [Descriptor] = []
        for platform in [host, other] {
            let layer = try Self.tarLayer(file: "arch", contents: platform.architecture + "\n")
            let layerDigest = try store(layer)
            let config = Array(#"{"architecture":"\#(platform.architecture)","os":"linux","rootfs":{"type":"layers","diff_ids":["\#(layerDigest)"]},"config":{}}"#.utf8)
            let manifest = try JSONCoding.encode(Manifest(
                config: Descriptor(mediaType: MediaTypes.ociConfig, digest: try store(config), size: Int64(config.count)),
                layers: [Descriptor(mediaType: MediaTypes.ociLayer, digest: layerDigest, size: Int64(layer.count))]))
            entries.append(Descriptor(mediaType: MediaTypes.ociManifest, digest: try store(manifest), size: Int64(manifest.count), platform: platform))
        }
        let index = try JSONCoding.encode(Index(manifests: entries))
        let indexDigest = try store(index)
        var top = Descriptor(mediaType: MediaTypes.ociIndex, digest: indexDigest, size: Int64(index.count))
        top.annotations = ["io.containerd.image.name": "\(name):v1"]
        try Data(try JSONCoding.encode(Index(manifests: [top]))).write(to: URL(fileURLWithPath: layout + "/index.json"))
        try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: URL(fileURLWithPath: layout + "/oci-layout"))
        _ = try daemon.run("/bin/tar", ["-C", layout, "-cf", daemon.base + "/layout.tar", "."])
        let load = try daemon.api("POST", "/images/load", file: daemon.base + "/layout.tar")
        #expect(load.status == 200, "\(load.body)")

        let push = try Self.stream(daemon, "/images/\(name)/push?tag=v1")
        #expect(push.body.contains("v1: digest: \(indexDigest) size: \(index.count)"), "\(push.body)")
        #expect(try daemon.api("DELETE", "/images/\(name):v1").status == 200)
        let pull = try Self.stream(daemon, "/images/create?fromImage=\(name)&tag=v1&platform=linux/\(other.architecture)")
        #expect(pull.body.contains("Digest: \(indexDigest)"), "\(pull.body)")
        #expect(try Self.inspect(daemon, "\(name):v1")["Architecture"] as? String == other.architecture)

        // `push --platform` (API 1.46+, an OCI platform object): only that platform's manifest, under the tag.
        #expect(try daemon.api("DELETE", "/images/\(name):v1").status == 200)
        #expect(try daemon.api("POST", "/images/load", file: daemon.base + "/layout.tar").status == 200)
        let platformJSON = #"{"os":"linux","architecture":"\#(other.architecture)"}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let single = try Self.stream(daemon, "/images/\(name)/push?tag=v1&platform=\(platformJSON)")
        #expect(single.body.contains("v1: digest: \(entries[1].digest)"), "\(single.body)")
    }

    @Test func basicAuthLoginPushAndPull() throws {
        let registry = try RegistryFixture(auth: "basic")
        defer { registry.stop() }
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        let server = registry.address
        let ok = try daemon.api("POST", "/auth", body: #"{"username":"berth","password":"berth-pass","serveraddress":"\#(server)"}"#)
        #expect(ok.status == 200, "\(ok.body)")
        #expect(ok.body.contains("Login Succeeded"))
        let wrong = try daemon.api("POST", "/auth", body: #"{"username":"berth","password":"nope","serveraddress":"\#(server)"}"#)
        #expect(wrong.status == 401, "\(wrong.body)")
        #expect(wrong.body.contains("login attempt to http://\(server)/v2/ failed with status: 401 Unauthorized"), "\(wrong.body)")

        let name = "\(server)/berth/private"
        try daemon.importBusybox(name: "\(name):v1")
        let anonymous = try Self.stream(daemon, "/images/\(name)/push?tag=v1")
        #expect(anonymous.body.contains("errorDetail"), "\(anonymous.body)")
        let auth = Self.auth("berth", "berth-pass", server: server)
        let push = try Self.stream(daemon, "/images/\(name)/push?tag=v1", auth: auth)
        #expect(push.body.contains("v1: digest: sha256:"), "\(push.body)")
        #expect(try daemon.api("DELETE", "/images/\(name):v1").status == 200)
        let denied = try Self.stream(daemon, "/images/create?fromImage=\(name)&tag=v1")
        #expect(denied.status == 401, "\(denied.body)")
        let pull = try Self.stream(daemon, "/images/create?fromImage=\(name)&tag=v1", auth: auth)
        #expect(pull.body.contains("Downloaded newer image"), "\(pull.body)")
    }

    /// The berth CLI end to end: login stores credentials in ~/.docker/config.json, push and pull send
    /// them, a wrong password fails with docker's text, logout removes them.
    @Test func berthCLILoginPushPullLogout() throws {
        let registry = try RegistryFixture(auth: "basic")
        defer { registry.stop() }
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        let server = registry.address
        let wrong = try daemon.berth(["login", "-u", "berth", "--password-stdin", server], stdin: "nope\n")
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("Error response from daemon: login attempt to http://\(server)/v2/ failed with status: 401 Unauthorized"), "\(wrong.stderr)")
        let config = daemon.base + "/.docker/config.json"
        #expect(!((try? String(contentsOfFile: config, encoding: .utf8)) ?? "").contains(server))
        let login = try daemon.berth(["login", "-u", "berth", "--password-stdin", server], stdin: "berth-pass\n")
        #expect(login.status == 0, "\(login.stderr)")
        #expect(login.stdout.contains("Login Succeeded"), "\(login.stdout)")
        #expect(((try? String(contentsOfFile: config, encoding: .utf8)) ?? "").contains(server))

        try daemon.importBusybox()
        let name = "\(server)/berth/cli"
        #expect(try daemon.berth(["tag", "busybox", "\(name):c1"]).status == 0)
        let push = try daemon.berth(["push", "\(name):c1"])
        #expect(push.status == 0, "\(push.stderr)")
        #expect(push.stdout.contains("c1: digest: sha256:"), "\(push.stdout)")
        #expect(try daemon.berth(["rmi", "\(name):c1"]).status == 0)
        let pull = try daemon.berth(["pull", "\(name):c1"])
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stdout.contains("Status: Downloaded newer image for \(name):c1"), "\(pull.stdout)")
        let quiet = try daemon.berth(["pull", "-q", "\(name):c1"])
        #expect(quiet.stdout == "\(name):c1\n", "\(quiet.stdout)")
        let search = try daemon.berth(["search", "\(server)/berth"])
        #expect(search.stdout.contains("\(name)"), "\(search.stdout) \(search.stderr)")

        // --all-tags: every tag of the repository.
        #expect(try daemon.berth(["tag", "busybox", "\(name):c2"]).status == 0)
        #expect(try daemon.berth(["push", "\(name):c2"]).status == 0)
        #expect(try daemon.berth(["rmi", "\(name):c1", "\(name):c2"]).status == 0)
        let all = try daemon.berth(["pull", "-a", name])
        #expect(all.status == 0, "\(all.stderr)")
        let tags = try daemon.berth(["images", "--format", "{{.Tag}}", name])
        #expect(tags.stdout.split(separator: "\n").sorted() == ["c1", "c2"], "\(tags.stdout)")
        #expect(try daemon.berth(["rmi", "\(name):c2"]).status == 0)

        #expect(try daemon.berth(["rmi", "\(name):c1"]).status == 0)
        let autoPull = try daemon.berth(["run", "--rm", "\(name):c1", "echo", "auto"])
        #expect(autoPull.stderr.contains("Unable to find image '\(name):c1' locally"), "\(autoPull.stderr)")
        #expect(autoPull.stdout.hasSuffix("auto\n"), "\(autoPull.stdout)")
        let always = try daemon.berth(["run", "--rm", "--pull", "always", "\(name):c1", "echo", "always"])
        #expect(always.stdout.hasSuffix("always\n"), "\(always.stdout) \(always.stderr)")
        #expect((always.stdout + always.stderr).contains("Image is up to date for \(name):c1"), "\(always.stdout) \(always.stderr)")
        let never = try daemon.berth(["run", "--rm", "--pull", "never", "\(server)/berth/absent:1", "true"])
        #expect(never.status == 125)
        #expect(never.stderr.contains("No such image"), "\(never.stderr)")

        let logout = try daemon.berth(["logout", server])
        #expect(logout.status == 0)
        #expect(logout.stdout.contains("Removing login credentials for \(server)"), "\(logout.stdout)")
        #expect(!((try? String(contentsOfFile: config, encoding: .utf8)) ?? "").contains(server))
        #expect(try daemon.berth(["rmi", "\(name):c1"]).status == 0)
        let denied = try daemon.berth(["pull", "\(name):c1"])
        #expect(denied.status != 0, "pull without credentials must fail: \(denied.stdout)")
    }

    @Test func bearerTokenFlowPullsAnonymouslyAndPushesWithCredentials() throws {
        let registry = try RegistryFixture(auth: "token")
        defer { registry.stop() }
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        let name = "\(registry.address)/berth/tokened"
        try daemon.importBusybox(name: "\(name):v1")
        let anonymous = try Self.stream(daemon, "/images/\(name)/push?tag=v1")
        #expect(anonymous.body.contains("errorDetail"), "an anonymous token is pull-only: \(anonymous.body)")
        let auth = Self.auth("berth", "berth-pass", server: registry.address)
        let push = try Self.stream(daemon, "/images/\(name)/push?tag=v1", auth: auth)
        #expect(push.body.contains("v1: digest: sha256:"), "\(push.body)")
        #expect(try daemon.api("DELETE", "/images/\(name):v1").status == 200)
        // The token server's answer in its other spelling: access_token only.
        try "access_token".write(toFile: registry.dir + "/token-field", atomically: true, encoding: .utf8)
        let pull = try Self.stream(daemon, "/images/create?fromImage=\(name)&tag=v1")
        #expect(pull.body.contains("Downloaded newer image"), "\(pull.body)")
        let requests = (try? String(contentsOfFile: registry.dir + "/token-requests.jsonl", encoding: .utf8)) ?? ""
        #expect(requests.contains("repository:berth/tokened:pull,push"), "\(requests)")
        let login = try daemon.api("POST", "/auth", body: #"{"username":"berth","password":"bad","serveraddress":"\#(registry.address)"}"#)
        #expect(login.status == 401, "\(login.body)")
    }

    /// A registry killed mid-download: the pull fails with an error message, no blob is left half
    /// written, and the next pull (registry back on the same port) completes the same image.
    @Test func registryKilledMidPullFailsCleanlyAndRetrySucceeds() throws {
        let registry = try RegistryFixture()
        defer { registry.stop() }
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        let rootfs = daemon.base + "/big"
        try FileManager.default.createDirectory(atPath: rootfs, withIntermediateDirectories: true)
        _ = try daemon.run("/bin/dd", ["if=/dev/urandom", "of=\(rootfs)/blob", "bs=1M", "count=160", "status=none"])
        _ = try daemon.run("/bin/tar", ["-C", rootfs, "-cf", daemon.base + "/big.tar", "."])
        let name = "\(registry.address)/berth/big"
        let imported = try daemon.api("POST", "/images/create?fromSrc=-&repo=\(name)&tag=v1", file: daemon.base + "/big.tar")
        #expect(imported.status == 200, "\(imported.body)")
        let id = try Self.inspect(daemon, "\(name):v1")["Id"] as? String
        let push = try Self.stream(daemon, "/images/\(name)/push?tag=v1")
        #expect(push.body.contains("v1: digest:"), "\(push.body)")
        #expect(try daemon.api("DELETE", "/images/\(name):v1").status == 200)

        let out = daemon.base + "/pull.out"
        FileManager.default.createFile(atPath: out, contents: nil)
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-s", "-N", "--unix-socket", daemon.engineSocket, "-X", "POST", "-H", "X-Registry-Auth: e30=",
                          "http://localhost/images/create?fromImage=\(name)&tag=v1"]
        curl.standardOutput = FileHandle(forWritingAtPath: out)
        curl.standardError = FileHandle.nullDevice
        try curl.run()
        var sawDownload = false
        for _ in 0..<2000 {
            if let text = try? String(contentsOfFile: out, encoding: .utf8), text.contains("\"Downloading\"") { sawDownload = true; break }
            usleep(5_000)
        }
        try registry.kill()
        curl.waitUntilExit()
        let failed = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        #expect(sawDownload, "the pull never started downloading: \(failed)")
        #expect(failed.contains("errorDetail"), "\(failed)")
        #expect(!failed.contains("Downloaded newer image"), "\(failed)")
        #expect(try daemon.api("GET", "/images/\(name):v1/json").status == 404)
        // Every blob in the store hashes to its name: nothing partial was committed.
        let blobs = daemon.base + "/sroot/content/blobs/sha256"
        for hex in (try? FileManager.default.contentsOfDirectory(atPath: blobs)) ?? [] {
            let sum = try daemon.run("/usr/bin/sha256sum", [blobs + "/" + hex])
            #expect(sum.stdout.hasPrefix(hex), "blob \(hex) does not match its digest")
        }

        try registry.restart()
        let retry = try Self.stream(daemon, "/images/create?fromImage=\(name)&tag=v1")
        #expect(retry.body.contains("Downloaded newer image"), "\(retry.body)")
        #expect(try Self.inspect(daemon, "\(name):v1")["Id"] as? String == id)
        let size = try daemon.berth(["run", "--rm", "\(name):v1", "/bin/true"])
        #expect(size.status != 0, "the image has only a data file, no /bin/true")
    }

    @Test func dockerCLIPullsAndPushesThroughBerthd() throws {
        guard DaemonHarness.docker != nil else { return }
        let registry = try RegistryFixture()
        defer { registry.stop() }
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        let name = "\(registry.address)/berth/viadocker"
        try daemon.importBusybox()
        #expect(try daemon.docker(["tag", "busybox", "\(name):v1"]).status == 0)
        let push = try daemon.docker(["push", "\(name):v1"])
        #expect(push.status == 0, "\(push.stderr)")
        #expect(push.stdout.contains("The push refers to repository [\(name)]"), "\(push.stdout)")
        #expect(push.stdout.contains("v1: digest: sha256:"), "\(push.stdout)")
        #expect(try daemon.docker(["rmi", "\(name):v1"]).status == 0)
        let pull = try daemon.docker(["pull", "\(name):v1"])
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stdout.contains("Status: Downloaded newer image for \(name):v1") || pull.stdout.contains("Image is up to date"), "\(pull.stdout)")
        #expect(pull.stdout.contains("\(name):v1"), "\(pull.stdout)")
        let run = try daemon.docker(["run", "--rm", "\(name):v1", "echo", "via-docker"])
        #expect(run.stdout == "via-docker\n", "\(run.stderr)")
        // `docker run` of a missing image pulls it first, as with dockerd.
        #expect(try daemon.docker(["rmi", "-f", "\(name):v1"]).status == 0)
        let autoPull = try daemon.docker(["run", "--rm", "\(name):v1", "echo", "auto"])
        #expect(autoPull.stderr.contains("Unable to find image '\(name):v1' locally"), "\(autoPull.stderr)")
        #expect(autoPull.stdout.hasSuffix("auto\n"), "\(autoPull.stdout)")
    }

    @Test func skopeoInterop() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/skopeo") else {
            Issue.record("skopeo is not installed (Scripts/setup-deps installs it)")
            return
        }
        let registry = try RegistryFixture()
        defer { registry.stop() }
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        // skopeo writes: a docker-archive from `save`, copied (gzip-compressed, schema2) into the registry.
        #expect(try daemon.berth(["save", "-o", daemon.base + "/bb.tar", "busybox"]).status == 0)
        let copied = "\(registry.address)/skopeo/busybox:s1"
        let copy = try daemon.run("/usr/bin/skopeo", ["copy", "--dest-tls-verify=false", "docker-archive:\(daemon.base)/bb.tar", "docker://\(copied)"])
        #expect(copy.status == 0, "\(copy.stderr)")
        let pull = try Self.stream(daemon, "/images/create?fromImage=\(registry.address)/skopeo/busybox&tag=s1")
        #expect(pull.body.contains("Downloaded newer image"), "\(pull.body)")
        let run = try daemon.berth(["run", "--rm", copied, "echo", "from-skopeo"])
        #expect(run.stdout == "from-skopeo\n", "\(run.stderr)")

        // Berth writes, skopeo reads: the digest skopeo sees is the one berthd reported.
        let name = "\(registry.address)/berth/forskopeo"
        #expect(try daemon.berth(["tag", "busybox", "\(name):b1"]).status == 0)
        let push = try Self.stream(daemon, "/images/\(name)/push?tag=b1")
        let digest = push.body.components(separatedBy: "b1: digest: ").dropFirst().first.map { String($0.prefix(71)) } ?? "none"
        let inspect = try daemon.run("/usr/bin/skopeo", ["inspect", "--tls-verify=false", "docker://\(name):b1"])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(inspect.stdout.contains("\"Digest\": \"\(digest)\""), "\(inspect.stdout)")
    }

    // MARK: helpers

    static func digest(_ bytes: [UInt8]) -> Digest { SHA256Hasher.digest(bytes) }

    static func reader(_ bytes: [UInt8]) -> BlobRangeReader {
        { offset, length in
            AsyncThrowingStream { continuation in
                continuation.yield(.init(bytes: bytes[Int(offset)..<Int(offset + length)]))
                continuation.finish()
            }
        }
    }

    /// A one-file tar, built with tar(1).
    static func tarLayer(file: String, contents: String) throws -> [UInt8] {
        let dir = "/tmp/berth-layer-\(UInt32.random(in: 0..<UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try contents.write(toFile: dir + "/" + file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/tar")
        process.arguments = ["--mtime=@0", "--owner=0", "--group=0", "-C", dir, "-cf", dir + ".tar", file]
        try process.run()
        process.waitUntilExit()
        defer { unlink(dir + ".tar") }
        return Array(try Data(contentsOf: URL(fileURLWithPath: dir + ".tar")))
    }
}
