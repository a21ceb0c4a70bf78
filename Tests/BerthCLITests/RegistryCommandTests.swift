import Foundation
import Glibc
import Testing
import BerthCore
@testable import BerthCLI

/// pull, push, login, logout and search against canned daemons: what is sent (paths, queries,
/// X-Registry-Auth from a temporary config.json) and what is printed.
@Suite(.serialized) struct RegistryCommandTests {
    @Sendable static func ping(_: String) -> [UInt8] { TestDaemon.response(200) }

    static func configDir(_ auths: [String: (String, String)] = [:], extra: String = "") -> String {
        let dir = DockerConfigFileTests.tempDir()
        let entries = auths.map { key, cred in "\"\(key)\":{\"auth\":\"\(DockerConfigFileTests.base64(cred.0 + ":" + cred.1))\"}" }
        DockerConfigFileTests.write(dir + "/config.json", "{\"auths\":{\(entries.joined(separator: ","))}\(extra)}")
        return dir
    }

    static func header(_ request: String, _ name: String) -> String? {
        for line in request.split(separator: "\r\n") where line.lowercased().hasPrefix(name.lowercased() + ": ") {
            return String(line.dropFirst(name.count + 2))
        }
        return nil
    }

    static func decodedAuth(_ request: String) -> JSONValue? {
        guard let value = header(request, "X-Registry-Auth"), let bytes = Base64.decode(value) else { return nil }
        return try? JSONValue.parse(bytes)
    }

    static func requestLine(_ request: String) -> String {
        request.split(separator: "\r\n").first.map(String.init) ?? ""
    }

    static func body(_ request: String) -> String {
        guard let end = request.range(of: "\r\n\r\n") else { return "" }
        return String(request[end.upperBound...])
    }

    static let pullStream = [
        #"{"status":"Pulling from library/busybox","id":"latest"}"#,
        #"{"status":"Pulling fs layer","progressDetail":{},"id":"a1"}"#,
        #"{"status":"Downloading","progressDetail":{"current":10,"total":20},"progress":"[=>]","id":"a1"}"#,
        #"{"status":"Pull complete","progressDetail":{},"id":"a1"}"#,
        #"{"status":"Digest: sha256:abc"}"#,
        #"{"status":"Status: Downloaded newer image for busybox:latest"}"#,
    ].joined(separator: "\r\n") + "\r\n"

    func run(_ args: [String]) throws -> (Int32, String, String) {
        let out = try TemporaryOutput(), err = try TemporaryOutput()
        let status = BerthCommandLine.run(args, stdout: out.stream, stderr: err.stream)
        return (status, out.text(), err.text())
    }

    // MARK: pull

    @Test func pullNormalisesSendsStoredCredentialsAndPrintsTheReference() throws {
        let dir = Self.configDir([RegistryAddress.indexServer: ("alice", "pw")])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let d = try TestDaemon(replies: [Self.ping, { _ in TestDaemon.response(200, Self.pullStream, chunked: true) }])
        defer { d.stop() }
        let (status, out, err) = try run(["-H", d.host, "--config", dir, "pull", "busybox"])
        #expect(status == 0)
        #expect(err == "")
        #expect(out == """
        Using default tag: latest
        latest: Pulling from library/busybox
        a1: Pulling fs layer
        a1: Pull complete
        Digest: sha256:abc
        Status: Downloaded newer image for busybox:latest
        docker.io/library/busybox:latest

        """)
        #expect(Self.requestLine(d.requests[1]) == "POST /v1.41/images/create?fromImage=docker.io%2Flibrary%2Fbusybox&tag=latest HTTP/1.1")
        let auth = try #require(Self.decodedAuth(d.requests[1]))
        #expect(auth == .object(["username": .string("alice"), "password": .string("pw"), "serveraddress": .string(RegistryAddress.indexServer)]))
    }

    @Test func pullQuietDigestsPlatformAndAllTags() throws {
        let d = try TestDaemon(replies: [Self.ping, { _ in TestDaemon.response(200, Self.pullStream) },
                                         Self.ping, { _ in TestDaemon.response(200, Self.pullStream) },
                                         Self.ping, { _ in TestDaemon.response(200, Self.pullStream) }])
        defer { d.stop() }
        let dir = Self.configDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        var (status, out, _) = try run(["-H", d.host, "--config", dir, "pull", "-q", "--platform", "Linux/ARM64", "localhost:5000/team/app:v1"])
        #expect(status == 0 && out == "localhost:5000/team/app:v1\n")
        #expect(Self.requestLine(d.requests[1]) == "POST /v1.41/images/create?fromImage=localhost%3A5000%2Fteam%2Fapp&platform=linux%2Farm64&tag=v1 HTTP/1.1")
        #expect(Self.header(d.requests[1], "X-Registry-Auth") == "e30=")
        (status, out, _) = try run(["-H", d.host, "--config", dir, "pull", "-q", "alpine@" + digest])
        #expect(status == 0 && out == "docker.io/library/alpine@\(digest)\n")
        #expect(Self.requestLine(d.requests[3]) == "POST /v1.41/images/create?fromImage=docker.io%2Flibrary%2Falpine&tag=sha256%3A\(String(repeating: "ab", count: 32)) HTTP/1.1")
        (status, out, _) = try run(["-H", d.host, "--config", dir, "pull", "-a", "-q", "user/app"])
        #expect(status == 0 && out == "docker.io/user/app\n")
        #expect(Self.requestLine(d.requests[5]) == "POST /v1.41/images/create?fromImage=docker.io%2Fuser%2Fapp HTTP/1.1")
    }

    @Test func pullErrors() throws {
        let d = try TestDaemon(replies: [
            Self.ping, { _ in TestDaemon.response(200, #"{"status":"Pulling from library/nope","id":"latest"}"# + "\n" + #"{"errorDetail":{"message":"manifest for nope:latest not found"},"error":"manifest for nope:latest not found"}"# + "\n") },
            Self.ping, { _ in TestDaemon.response(500, #"{"message":"Get \"https://registry-1.docker.io/v2/\": dial tcp: no such host"}"#) },
        ])
        defer { d.stop() }
        let dir = Self.configDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var (status, out, err) = try run(["-H", d.host, "--config", dir, "pull", "nope"])
        #expect(status == 1)
        #expect(out == "Using default tag: latest\nlatest: Pulling from library/nope\n")
        #expect(err == "manifest for nope:latest not found\n")
        (status, _, err) = try run(["-H", d.host, "--config", dir, "pull", "nope"])
        #expect(status == 1 && err == "Error response from daemon: Get \"https://registry-1.docker.io/v2/\": dial tcp: no such host\n")
        (status, _, err) = try run(["-H", d.host, "--config", dir, "pull", "-a", "busybox:1"])
        #expect(status == 1 && err == "tag can't be used with --all-tags/-a\n")
        (status, _, err) = try run(["-H", d.host, "--config", dir, "pull", "BusyBox"])
        #expect(status == 1 && err == "invalid reference format: repository name (library/BusyBox) must be lowercase\n")
        (status, _, err) = try run(["-H", d.host, "--config", dir, "pull", "busy box"])
        #expect(status == 1 && err == "invalid reference format\n")
        #expect(d.requests.count == 4)
    }

    // MARK: push

    @Test func pushAlwaysSendsAuthAndUsesTheFamiliarName() throws {
        let pushStream = [
            #"{"status":"The push refers to repository [localhost:5000/team/app]"}"#,
            #"{"status":"Preparing","progressDetail":{},"id":"a1"}"#,
            #"{"status":"Pushed","progressDetail":{},"id":"a1"}"#,
            #"{"status":"v1: digest: sha256:d size: 527"}"#,
            #"{"progressDetail":{},"aux":{"Tag":"v1","Digest":"sha256:d","Size":527}}"#,
        ].joined(separator: "\n") + "\n"
        let d = try TestDaemon(replies: [Self.ping, { _ in TestDaemon.response(200, pushStream, chunked: true) },
                                         Self.ping, { _ in TestDaemon.response(200, pushStream) },
                                         Self.ping, { _ in TestDaemon.response(200, pushStream) }])
        defer { d.stop() }
        let dir = Self.configDir(["http://localhost:5000": ("bob", "pw2")])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var (status, out, _) = try run(["-H", d.host, "--config", dir, "push", "localhost:5000/team/app:v1"])
        #expect(status == 0)
        #expect(out == "The push refers to repository [localhost:5000/team/app]\na1: Preparing\na1: Pushed\nv1: digest: sha256:d size: 527\n")
        #expect(Self.requestLine(d.requests[1]) == "POST /v1.41/images/localhost:5000/team/app/push?tag=v1 HTTP/1.1")
        #expect(Self.decodedAuth(d.requests[1])?["username"]?.string == "bob")
        #expect(Self.decodedAuth(d.requests[1])?["serveraddress"]?.string == "http://localhost:5000")

        (status, out, _) = try run(["-H", d.host, "--config", dir, "image", "push", "-q", "busybox"])
        #expect(status == 0 && out == "docker.io/library/busybox:latest\n")
        #expect(Self.requestLine(d.requests[3]) == "POST /v1.41/images/busybox/push?tag=latest HTTP/1.1")
        #expect(Self.header(d.requests[3], "X-Registry-Auth") == "e30=")

        (status, out, _) = try run(["-H", d.host, "--config", dir, "push", "--all-tags", "user/app"])
        #expect(status == 0 && out.hasPrefix("The push refers"))
        #expect(Self.requestLine(d.requests[5]) == "POST /v1.41/images/user/app/push HTTP/1.1")
    }

    @Test func pushDefaultTagPlatformAndErrors() throws {
        let ping150: (String) -> [UInt8] = { _ in Array("HTTP/1.1 200 OK\r\nApi-Version: 1.50\r\nContent-Length: 0\r\n\r\n".utf8) }
        let d = try TestDaemon(replies: [
            ping150, { _ in TestDaemon.response(200, #"{"status":"The push refers to repository [docker.io/library/x]"}"# + "\n") },
            Self.ping, { _ in TestDaemon.response(200, #"{"errorDetail":{"message":"denied: requested access to the resource is denied"},"error":"denied: requested access to the resource is denied"}"# + "\n") },
            Self.ping,
        ])
        defer { d.stop() }
        let dir = Self.configDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var (status, out, err) = try run(["-H", d.host, "--config", dir, "push", "--platform", "linux/arm64/v8", "x"])
        #expect(status == 0)
        #expect(out == "\n Info -> Using --platform pushes only the specified platform manifest of a multi-platform image index.\n"
            + "         Other components, like attestations, will not be included.\n"
            + "         To push the complete multi-platform image, remove the --platform flag.\n         \n"
            + "Using default tag: latest\nThe push refers to repository [docker.io/library/x]\n")
        #expect(Self.requestLine(d.requests[1]) == "POST /v1.50/images/x/push?platform=%7B%22architecture%22%3A%22arm64%22%2C%22os%22%3A%22linux%22%2C%22variant%22%3A%22v8%22%7D&tag=latest HTTP/1.1")
        (status, _, err) = try run(["-H", d.host, "--config", dir, "push", "x:1"])
        #expect(status == 1 && err == "denied: requested access to the resource is denied\n")
        (status, _, err) = try run(["-H", d.host, "--config", dir, "push", "--platform", "linux/amd64", "x:1"])
        #expect(status == 1 && err == "\"platform\" requires API version 1.46, but the Berth daemon API version is 1.41\n")
        (status, _, err) = try run(["-H", d.host, "--config", dir, "push", "-a", "x:1"])
        #expect(status == 1 && err == "tag can't be used with --all-tags/-a\n")
        (status, _, err) = try run(["-H", d.host, "--config", dir, "push", "x@sha256:" + String(repeating: "0", count: 64)])
        #expect(status == 1 && err == "cannot push a digest reference\n")
        #expect(d.requests.count == 5)
    }

    // MARK: search

    @Test func searchSendsTheQueryAndTruncatesDescriptions() throws {
        let results = #"[{"name":"busybox","description":"Busybox base image. A long description that goes past forty-five columns","star_count":3000,"is_official":true,"is_automated":false},{"name":"u/x","description":"short\nline","star_count":2,"is_official":false,"is_automated":false}]"#
        let d = try TestDaemon(replies: [Self.ping, { _ in TestDaemon.response(200, results) },
                                         Self.ping, { _ in TestDaemon.response(200, results) },
                                         Self.ping, { _ in TestDaemon.response(200, results) }])
        defer { d.stop() }
        let dir = Self.configDir([RegistryAddress.indexServer: ("alice", "pw")])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: w - s.count) }
        var (status, out, err) = try run(["-H", d.host, "--config", dir, "search", "--limit", "5", "-f", "is-official=true", "busybox"])
        #expect(status == 0 && err == "")
        // docker's tabwriter: cells padded by 3, at least 10 wide.
        #expect(out == pad("NAME", 10) + pad("DESCRIPTION", 48) + pad("STARS", 10) + "OFFICIAL\n"
            + pad("busybox", 10) + pad("Busybox base image. A long description that …", 48) + pad("3000", 10) + "[OK]\n"
            + pad("u/x", 10) + pad("short line", 48) + pad("2", 10) + "\n")
        #expect(Self.requestLine(d.requests[1]) == "GET /v1.41/images/search?filters=%7B%22is-official%22%3A%7B%22true%22%3Atrue%7D%7D&limit=5&term=busybox HTTP/1.1")
        #expect(Self.decodedAuth(d.requests[1])?["username"]?.string == "alice")

        (status, out, _) = try run(["-H", d.host, "--config", dir, "search", "--no-trunc", "--format", "{{.Name}}|{{.Description}}|{{.IsOfficial}}", "busybox"])
        #expect(out == "busybox|Busybox base image. A long description that goes past forty-five columns|[OK]\nu/x|short line|\n")
        (status, out, err) = try run(["-H", d.host, "--config", dir, "search", "--format", "json", "-f", "is-automated=true", "localhost:5000/x"])
        #expect(out.hasPrefix(#"{"Description":"Busybox base image. A long description that …","IsOfficial":"true","Name":"busybox","StarCount":"3000"}"#))
        #expect(err.hasPrefix("WARNING: the \"is-automated\" filter is deprecated"))
        // A term naming a registry uses that registry's credentials (none stored here).
        #expect(Self.header(d.requests[5], "X-Registry-Auth") == "e30=")
    }

    @Test func searchTableTruncation() throws {
        let long = #"{"name":"n","description":"\#(String(repeating: "x", count: 45))","star_count":0}"#
        let longer = #"{"name":"m","description":"\#(String(repeating: "y", count: 46))","star_count":0}"#
        let text = try RegistrySearchCommand.render([try JSONValue.parse(Array(long.utf8)), try JSONValue.parse(Array(longer.utf8))],
                                                    format: "{{.Description}}", truncate: true)
        #expect(text == String(repeating: "x", count: 45) + "\n" + String(repeating: "y", count: 44) + "…\n")
    }

    // MARK: run / create --pull

    @Test func badPullValuesAreRefusedBeforeAnyRequest() throws {
        let d = try TestDaemon(replies: [])
        defer { d.stop() }
        for verb in ["run", "create"] {
            let (status, _, err) = try run(["-H", d.host, verb, "--pull", "sometimes", "busybox"])
            #expect(status == 125)
            #expect(err == "\(CLIName.value): invalid pull option: 'sometimes': must be one of \"always\", \"missing\" or \"never\"\n\nRun '\(CLIName.value) \(verb) --help' for more information\n")
        }
        #expect(d.requests.isEmpty)
    }

    @Test func pullNeverDoesNotPull() throws {
        let d = try TestDaemon(replies: [Self.ping, { _ in TestDaemon.response(404, #"{"message":"No such image: busybox:latest"}"#) }])
        defer { d.stop() }
        let (status, _, err) = try run(["-H", d.host, "--config", "/nonexistent-berth-config", "run", "--pull", "never", "busybox"])
        #expect(status == 125)
        #expect(err == "\(CLIName.value): Error response from daemon: No such image: busybox:latest\n\nRun '\(CLIName.value) run --help' for more information\n")
        #expect(d.requests.count == 2)
    }

    @Test func pullAlwaysPullsFirstWithStoredCredentials() throws {
        let id = String(repeating: "c", count: 64)
        let d = try TestDaemon(replies: [Self.ping, { _ in TestDaemon.response(200, Self.pullStream) },
                                         { _ in TestDaemon.response(201, #"{"Id":"\#(id)","Warnings":[]}"#) }])
        defer { d.stop() }
        let dir = Self.configDir(["reg.example:5000": ("carol", "pw3")])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (status, out, err) = try run(["-H", d.host, "--config", dir, "create", "--pull", "always", "--platform", "linux/amd64", "reg.example:5000/app"])
        #expect(status == 0)
        #expect(out == id + "\n")
        #expect(err.hasPrefix("latest: Pulling from library/busybox\n"), "progress goes to stderr")
        #expect(Self.requestLine(d.requests[1]) == "POST /v1.41/images/create?fromImage=reg.example%3A5000%2Fapp&platform=linux%2Famd64&tag=latest HTTP/1.1")
        #expect(Self.decodedAuth(d.requests[1])?["username"]?.string == "carol")
        #expect(Self.requestLine(d.requests[2]).hasPrefix("POST /v1.41/containers/create"))
    }

    @Test func missingImagePullShowsStreamErrorsLikeDockerRun() throws {
        let d = try TestDaemon(replies: [
            Self.ping, { _ in TestDaemon.response(404, #"{"message":"No such image: nope:latest"}"#) },
            { _ in TestDaemon.response(200, #"{"errorDetail":{"message":"pull access denied for nope"},"error":"pull access denied for nope"}"# + "\n") },
        ])
        defer { d.stop() }
        let dir = Self.configDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (status, _, err) = try run(["-H", d.host, "--config", dir, "run", "-q", "nope"])
        #expect(status == 125)
        #expect(err == "Unable to find image 'nope:latest' locally\n\(CLIName.value): pull access denied for nope\n\nRun '\(CLIName.value) run --help' for more information\n")
    }

    // MARK: images --digests

    @Test func imagesWithDigests() throws {
        let list = #"[{"Id":"sha256:\#(String(repeating: "1", count: 64))","Created":0,"Size":1000,"RepoTags":["busybox:latest"],"RepoDigests":["busybox@sha256:\#(String(repeating: "d", count: 64))"]},{"Id":"sha256:\#(String(repeating: "2", count: 64))","Created":0,"Size":1000,"RepoTags":["local:1"],"RepoDigests":[]}]"#
        let d = try TestDaemon(replies: [Self.ping, { _ in TestDaemon.response(200, list) }, Self.ping, { _ in TestDaemon.response(200, list) }])
        defer { d.stop() }
        var (_, out, _) = try run(["-H", d.host, "images", "--digests", "--format", "{{.Repository}} {{.Tag}} {{.Digest}}"])
        #expect(out == "busybox latest sha256:\(String(repeating: "d", count: 64))\nlocal 1 <none>\n")
        (_, out, _) = try run(["-H", d.host, "images", "--digests", "--format", "table {{.Repository}}"])
        #expect(out.hasPrefix("REPOSITORY   DIGEST\nbusybox      sha256:ddd"))
    }
}

/// login and logout: the credentials that reach config.json, and the texts around them.
struct RegistryLoginTests {
    /// A pipe standing in for stdin (never a terminal), holding `text`.
    static func stdin(_ text: String) -> Int32 {
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        _ = text.withCString { write(fds[1], $0, strlen($0)) }
        close(fds[1])
        return fds[0]
    }

    func login(_ args: [String], stdin: String = "") throws -> (Int32, String, String) {
        let fd = Self.stdin(stdin)
        defer { close(fd) }
        let out = try TemporaryOutput(), err = try TemporaryOutput()
        let status = BerthCommandLine.run(args, stdin: fd, stdout: out.stream, stderr: err.stream)
        return (status, out.text(), err.text())
    }

    @Sendable static func ok(_: String) -> [UInt8] { TestDaemon.response(200, #"{"IdentityToken":"","Status":"Login Succeeded"}"#) }

    @Test func passwordStdinNeedsAUsername() throws {
        let (status, out, err) = try login(["login", "--password-stdin"], stdin: "pw\n")
        #expect(status == 1 && out == "")
        #expect(err == "Must provide --username with --password-stdin\n")
        let (both, _, bothErr) = try login(["login", "-u", "a", "-p", "x", "--password-stdin"])
        #expect(both == 1)
        #expect(bothErr == "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n--password and --password-stdin are mutually exclusive\n")
    }

    @Test func successStoresTheCredentialsPrivately() throws {
        let d = try TestDaemon(replies: [RegistryCommandTests.ping, Self.ok])
        defer { d.stop() }
        let dir = DockerConfigFileTests.tempDir() + "/fresh"
        defer { try? FileManager.default.removeItem(atPath: DockerConfigFile.parent(dir)) }
        let (status, out, err) = try login(["-H", d.host, "--config", dir, "login", "-u", "alice", "--password-stdin"], stdin: "s3cret\r\n")
        #expect(status == 0)
        #expect(out == "Login Succeeded\n")
        #expect(err == "\nWARNING! Your credentials are stored unencrypted in '\(dir)/config.json'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n\n")
        #expect(RegistryCommandTests.requestLine(d.requests[1]) == "POST /v1.41/auth HTTP/1.1")
        let body = try JSONValue.parse(Array(RegistryCommandTests.body(d.requests[1]).utf8))
        #expect(body == .object(["username": .string("alice"), "password": .string("s3cret"), "serveraddress": .string(RegistryAddress.indexServer)]))
        #expect(DockerConfigFileTests.mode(dir + "/config.json") == 0o600)
        #expect(DockerConfigFile.load(directory: dir).entry(RegistryAddress.indexServer)?.password == "s3cret")
    }

    @Test func aPasswordFlagWarnsAndAnIdentityTokenReplacesThePassword() throws {
        let d = try TestDaemon(replies: [RegistryCommandTests.ping, { _ in TestDaemon.response(200, #"{"IdentityToken":"idt-1","Status":"Login Succeeded"}"#) }])
        defer { d.stop() }
        let dir = DockerConfigFileTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (status, out, err) = try login(["-H", d.host, "--config", dir, "login", "-u", "bob", "-p", "pw", "https://reg.example:5000/"])
        #expect(status == 0 && out == "Login Succeeded\n")
        #expect(err == "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n")
        #expect(RegistryCommandTests.body(d.requests[1]).contains(#""serveraddress":"reg.example:5000""#))
        let saved = try JSONValue.parse(Array(DockerConfigFileTests.read(dir + "/config.json").utf8))
        #expect(saved["auths"]?["reg.example:5000"] == .object(["auth": .string(DockerConfigFileTests.base64("bob:")), "identitytoken": .string("idt-1")]))
    }

    @Test func aRefusedLoginStoresNothing() throws {
        let d = try TestDaemon(replies: [RegistryCommandTests.ping,
                                         { _ in TestDaemon.response(401, #"{"message":"login attempt to http://localhost:5000/v2/ failed with status: 401 Unauthorized"}"#) }])
        defer { d.stop() }
        let dir = DockerConfigFileTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (status, out, err) = try login(["-H", d.host, "--config", dir, "login", "-u", "bob", "--password-stdin", "localhost:5000"], stdin: "wrong")
        #expect(status == 1 && out == "")
        #expect(err == "Error response from daemon: login attempt to http://localhost:5000/v2/ failed with status: 401 Unauthorized\n")
        #expect(!LocalFile.exists(dir + "/config.json"))
    }

    @Test func storedCredentialsAreTriedFirst() throws {
        let d = try TestDaemon(replies: [RegistryCommandTests.ping, Self.ok,
                                         RegistryCommandTests.ping, { _ in TestDaemon.response(401, #"{"message":"unauthorized"}"#) }])
        defer { d.stop() }
        let dir = RegistryCommandTests.configDir(["localhost:5000": ("bob", "old")], extra: #","psFormat":"x""#)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let before = DockerConfigFileTests.read(dir + "/config.json")
        var (status, out, err) = try login(["-H", d.host, "--config", dir, "login", "http://localhost:5000"])
        #expect(status == 0 && err == "")
        #expect(out == "Authenticating with existing credentials... [Username: bob]\nTo login with a different account, run '\(CLIName.value) logout' followed by '\(CLIName.value) login'\n\nLogin Succeeded\n")
        #expect(RegistryCommandTests.body(d.requests[1]).contains(#""username":"bob","password":"old","serveraddress":"localhost:5000""#))
        // Unchanged credentials leave the file as it was.
        #expect(DockerConfigFileTests.read(dir + "/config.json") == before)

        // Rejected stored credentials fall back to asking, which needs a terminal.
        (status, out, err) = try login(["-H", d.host, "--config", dir, "login", "localhost:5000"])
        #expect(status == 1)
        #expect(err == "Stored credentials invalid or expired\nError: Cannot perform an interactive login from a non TTY device\n")
    }

    @Test func interactiveLoginNeedsATerminal() throws {
        let d = try TestDaemon(replies: [])
        defer { d.stop() }
        let dir = RegistryCommandTests.configDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for args in [["login"], ["login", "-u", "someone"], ["login", "-p", "pw", "reg.example"]] {
            let (status, _, err) = try login(["-H", d.host, "--config", dir] + args)
            #expect(status == 1)
            #expect(err.hasSuffix("Error: Cannot perform an interactive login from a non TTY device\n"))
        }
        #expect(d.requests.isEmpty)
    }

    @Test func logoutRemovesOnlyThatRegistry() throws {
        let dir = RegistryCommandTests.configDir([RegistryAddress.indexServer: ("a", "1"), "http://localhost:5000": ("b", "2"), "other.example": ("c", "3")],
                                                 extra: #","detachKeys":"ctrl-x""#)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var (status, out, _) = try login(["--config", dir, "logout", "localhost:5000"])
        #expect(status == 0 && out == "Removing login credentials for localhost:5000\n")
        #expect(DockerConfigFile.load(directory: dir).authKeys == ["https://index.docker.io/v1/", "other.example"])
        (status, out, _) = try login(["--config", dir, "logout"])
        #expect(status == 0 && out == "Removing login credentials for https://index.docker.io/v1/\n")
        let after = DockerConfigFile.load(directory: dir)
        #expect(after.authKeys == ["other.example"])
        #expect(after.members["detachKeys"]?.string == "ctrl-x")
        // Not logged in: the same message, nothing written.
        let empty = DockerConfigFileTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: empty) }
        (status, out, _) = try login(["--config", empty, "logout", "docker.io"])
        #expect(status == 0 && out == "Removing login credentials for https://index.docker.io/v1/\n")
        #expect(!LocalFile.exists(empty + "/config.json"))
    }
}
