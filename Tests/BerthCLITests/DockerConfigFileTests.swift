import Foundation
import Glibc
import Testing
import BerthCore
@testable import BerthCLI

/// config.json as the docker CLI keeps it: what berth does not understand survives a rewrite, writes
/// are atomic and private, and every spelling of a registry finds its credentials.
struct DockerConfigFileTests {
    static func tempDir() -> String {
        var template = Array("/tmp/berth-cli-config-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buf -> Bool in
            guard let base = buf.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        return made ? String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "/tmp"
    }

    static func write(_ path: String, _ text: String) {
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }

    static func read(_ path: String) -> String {
        (try? LocalFile.read(path)).map { String(decoding: $0, as: UTF8.self) } ?? "<missing>"
    }

    static func mode(_ path: String) -> mode_t {
        var st = stat()
        return stat(path, &st) == 0 ? st.st_mode & 0o7777 : 0
    }

    static func inode(_ path: String) -> ino_t {
        var st = stat()
        return stat(path, &st) == 0 ? st.st_ino : 0
    }

    static func base64(_ s: String) -> String { Base64.encode(Array(s.utf8)) }

    @Test func unknownMembersSurviveAStoreAndSave() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        Self.write(dir + "/config.json", """
        {
          "auths": {"other.example": {"auth": "\(Self.base64("o:p"))", "x-extra": [1, 2.50, {"k": null}]}},
          "psFormat": "table {{.ID}}",
          "credHelpers": {"gcr.io": "gcloud"},
          "proxies": {"default": {"httpProxy": "http://proxy:3128"}},
          "someFutureKey": {"nested": [true, false, "<&>"], "n": 1e3}
        }
        """)
        var config = DockerConfigFile.load(directory: dir)
        #expect(config.loadError == nil)
        let stored = config.store(RegistryAuthConfig(username: "me", password: "secret", serverAddress: RegistryAddress.indexServer))
        #expect(stored)
        try config.save()

        let reread = try JSONValue.parse(Array(Self.read(dir + "/config.json").utf8))
        #expect(reread["psFormat"]?.string == "table {{.ID}}")
        #expect(reread["credHelpers"]?["gcr.io"]?.string == "gcloud")
        #expect(reread["proxies"]?["default"]?["httpProxy"]?.string == "http://proxy:3128")
        #expect(reread["someFutureKey"]?["nested"] == .array([.bool(true), .bool(false), .string("<&>")]))
        #expect(reread["someFutureKey"]?["n"] == .number("1e3"))
        // The untouched entry keeps its own unknown member, numbers as written.
        #expect(reread["auths"]?["other.example"]?["x-extra"] == .array([.number("1"), .number("2.50"), .object(["k": .null])]))
        #expect(reread["auths"]?["other.example"]?["auth"]?.string == Self.base64("o:p"))
        #expect(reread["auths"]?[RegistryAddress.indexServer] == .object(["auth": .string(Self.base64("me:secret"))]))
    }

    @Test func writesLikeGoMarshalIndentWithAuthsFirst() throws {
        var config = DockerConfigFile(path: "/nonexistent/config.json")
        config.store(RegistryAuthConfig(username: "u", password: "p", serverAddress: "b.example"))
        config.store(RegistryAuthConfig(username: "t", serverAddress: "a.example", identityToken: "tok"))
        let text = config.serialized()
        #expect(text == "{\n\t\"auths\": {\n\t\t\"a.example\": {\n\t\t\t\"auth\": \"dDo=\",\n\t\t\t\"identitytoken\": \"tok\"\n\t\t},\n\t\t\"b.example\": {\n\t\t\t\"auth\": \"dTpw\"\n\t\t}\n\t}\n}")
        #expect(DockerConfigFile(path: "/x").serialized() == "{\n\t\"auths\": {}\n}")
    }

    @Test func saveIsAtomicPrivateAndCreatesTheDirectory() throws {
        let root = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = root + "/nested/.docker"
        var config = DockerConfigFile.load(directory: dir)
        config.store(RegistryAuthConfig(username: "u", password: "p", serverAddress: "reg.example:5000"))
        try config.save()
        #expect(Self.mode(dir) == 0o700)
        #expect(Self.mode(dir + "/config.json") == 0o600)

        // A second save replaces the file by rename (a new inode), leaves no temp file behind, and
        // turns a world-readable file private.
        chmod(dir + "/config.json", 0o644)
        let before = Self.inode(dir + "/config.json")
        config.store(RegistryAuthConfig(username: "u", password: "q", serverAddress: "reg.example:5000"))
        try config.save()
        #expect(Self.inode(dir + "/config.json") != before)
        #expect(Self.mode(dir + "/config.json") == 0o600)
        #expect((try FileManager.default.contentsOfDirectory(atPath: dir)) == ["config.json"])
        #expect(DockerConfigFile.load(directory: dir).credentials(for: "reg.example:5000").password == "q")
    }

    @Test func saveFollowsASymlinkedConfig() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        Self.write(dir + "/real.json", "{\"auths\":{}}")
        symlink("real.json", dir + "/config.json")
        var config = DockerConfigFile.load(directory: dir)
        config.store(RegistryAuthConfig(username: "u", password: "p", serverAddress: "h.example"))
        try config.save()
        var st = stat()
        #expect(lstat(dir + "/config.json", &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK)
        #expect(Self.read(dir + "/real.json").contains("h.example"))
    }

    @Test func aMalformedFileIsReportedAndNeverOverwritten() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        Self.write(dir + "/config.json", "{\"auths\": {,}")
        var config = DockerConfigFile.load(directory: dir)
        #expect(config.loadError != nil)
        config.store(RegistryAuthConfig(username: "u", password: "p", serverAddress: "h.example"))
        #expect(throws: CLIError.self) { try config.save() }
        #expect(Self.read(dir + "/config.json") == "{\"auths\": {,}")
        // An empty file is just an empty configuration.
        Self.write(dir + "/config.json", "\n")
        #expect(DockerConfigFile.load(directory: dir).loadError == nil)
    }

    @Test func dockerHubIsFoundUnderEverySpelling() {
        var config = DockerConfigFile(path: "/x/config.json")
        config.store(RegistryAuthConfig(username: "hub", password: "pw", serverAddress: RegistryAddress.indexServer))
        for spelling in ["docker.io", "index.docker.io", "registry-1.docker.io", "https://index.docker.io/v1/", "https://index.docker.io/v1"] {
            let found = config.credentials(for: spelling)
            #expect(found.username == "hub" && found.password == "pw", "\(spelling)")
            #expect(found.serverAddress == RegistryAddress.indexServer)
        }
        #expect(config.credentials(for: "quay.io") == RegistryAuthConfig())
        // A Hub entry written under a host name by another tool is still Docker Hub's.
        var legacy = DockerConfigFile(path: "/x/config.json")
        legacy.store(RegistryAuthConfig(username: "old", password: "pw", serverAddress: "index.docker.io"))
        #expect(legacy.credentials(for: "docker.io").username == "old")
    }

    @Test func otherHostsMatchBareOrWithAScheme() {
        for key in ["reg.example:5000", "https://reg.example:5000", "http://reg.example:5000/", "https://reg.example:5000/v2/"] {
            var config = DockerConfigFile(path: "/x/config.json")
            config.store(RegistryAuthConfig(username: "u", password: "p", serverAddress: key))
            let found = config.credentials(for: "reg.example:5000")
            #expect(found.username == "u", "\(key)")
            // The entry's own key is the server address docker reports.
            #expect(found.serverAddress == key)
            #expect(config.credentials(for: "reg.example").username.isEmpty, "\(key): the port is part of the host")
        }
    }

    @Test func authEntriesDecodeLikeDocker() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        Self.write(dir + "/config.json", """
        {"auths": {"a.example": {"auth": "\(Self.base64("user:pa:ss"))"},
                   "b.example": {"auth": "\(Self.base64("tokenuser:"))", "identitytoken": "idt"},
                   "c.example": {"username": "plain", "password": "text"},
                   "d.example": {}}}
        """)
        let config = DockerConfigFile.load(directory: dir)
        #expect(config.entry("a.example") == RegistryAuthConfig(username: "user", password: "pa:ss", serverAddress: "a.example"))
        #expect(config.entry("b.example") == RegistryAuthConfig(username: "tokenuser", serverAddress: "b.example", identityToken: "idt"))
        #expect(config.entry("c.example")?.password == "text")
        #expect(config.entry("d.example") == RegistryAuthConfig(serverAddress: "d.example"))
        #expect(config.entry("e.example") == nil)
    }

    @Test func storingTheSameCredentialsChangesNothing() {
        var config = DockerConfigFile(path: "/x/config.json")
        let auth = RegistryAuthConfig(username: "u", password: "p", serverAddress: "h.example")
        let first = config.store(auth)
        let again = config.store(auth)
        let changed = config.store(RegistryAuthConfig(username: "u", password: "other", serverAddress: "h.example"))
        #expect(first && !again && changed)
    }

    @Test func eraseRemovesOnlyThatEntry() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        Self.write(dir + "/config.json", "{\"auths\":{\"a.example\":{\"auth\":\"\(Self.base64("a:1"))\"},\"b.example\":{\"auth\":\"\(Self.base64("b:2"))\"}},\"detachKeys\":\"ctrl-x\"}")
        var config = DockerConfigFile.load(directory: dir)
        let erased = config.erase("a.example")
        let erasedAgain = config.erase("a.example")
        #expect(erased && !erasedAgain)
        try config.save()
        let after = DockerConfigFile.load(directory: dir)
        #expect(after.authKeys == ["b.example"])
        #expect(after.members["detachKeys"]?.string == "ctrl-x")
    }

    @Test func theDirectoryComesFromTheFlagThenTheEnvironment() {
        let env: [String: String] = ["BERTH_CONFIG": "/b", "DOCKER_CONFIG": "/d", "HOME": "/home/u"]
        #expect(DockerConfigFile.directory(flag: "/f", environment: { env[$0] }) == "/f")
        #expect(DockerConfigFile.directory(flag: nil, environment: { env[$0] }) == "/b")
        #expect(DockerConfigFile.directory(flag: "", environment: { $0 == "BERTH_CONFIG" ? nil : env[$0] }) == "/d")
        #expect(DockerConfigFile.directory(flag: nil, environment: { $0 == "HOME" ? env[$0] : nil }) == "/home/u/.docker")
    }
}
