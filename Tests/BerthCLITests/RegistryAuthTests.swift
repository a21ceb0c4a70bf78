import Testing
import BerthCore
@testable import BerthCLI

/// X-Registry-Auth: base64url of registry.AuthConfig's JSON, decodable back to what was stored.
struct RegistryAuthTests {
    func decodeHeader(_ value: String) throws -> JSONValue {
        #expect(!value.contains("+") && !value.contains("/"), "URL-safe alphabet")
        #expect(value.count % 4 == 0, "padded like Go's URLEncoding")
        let bytes = try #require(Base64.decode(value))
        return try JSONValue.parse(bytes)
    }

    @Test func notLoggedInIsAnEmptyObject() throws {
        let config = DockerConfigFile(path: "/x/config.json")
        #expect(RegistryAuthHeader.value(forImage: "busybox", in: config) == "e30=")
        #expect(RegistryAuthConfig().headerValue == RegistryAuthConfig.emptyHeader)
        #expect(try decodeHeader("e30=") == .object([:]))
    }

    @Test func storedCredentialsDecodeBack() throws {
        var config = DockerConfigFile(path: "/x/config.json")
        // Characters whose standard base64 would contain '+' and '/'.
        let password = "p>?>?~~~ü&<"
        config.store(RegistryAuthConfig(username: "alice", password: password, serverAddress: RegistryAddress.indexServer))
        config.store(RegistryAuthConfig(username: "bob", password: "pw", serverAddress: "localhost:5000"))
        let standard = Base64.encode(Array(config.credentials(for: "docker.io").json.utf8))
        #expect(standard.contains("+") || standard.contains("/"), "the sample must exercise the URL-safe characters")
        let hub = try decodeHeader(RegistryAuthHeader.value(forImage: "docker.io/library/busybox", in: config))
        #expect(hub == .object(["username": .string("alice"), "password": .string(password),
                                "serveraddress": .string(RegistryAddress.indexServer)]))
        let local = try decodeHeader(RegistryAuthHeader.value(forImage: "localhost:5000/team/app", in: config))
        #expect(local["username"]?.string == "bob" && local["serveraddress"]?.string == "localhost:5000")
        // A host that is not logged in gets nothing, not another registry's credentials.
        #expect(RegistryAuthHeader.value(forImage: "quay.io/x/y", in: config) == "e30=")
    }

    @Test func jsonFollowsTheGoStruct() {
        let auth = RegistryAuthConfig(username: "u", password: "<p&>", serverAddress: "s", identityToken: "t")
        #expect(auth.json == "{\"username\":\"u\",\"password\":\"\\u003cp\\u0026\\u003e\",\"serveraddress\":\"s\",\"identitytoken\":\"t\"}")
        #expect(RegistryAuthConfig(serverAddress: "s", identityToken: "tok").json == "{\"serveraddress\":\"s\",\"identitytoken\":\"tok\"}")
    }

    @Test func base64MatchesGo() {
        // Values from Go: base64.StdEncoding / URLEncoding .EncodeToString.
        #expect(Base64.encode(Array("user:pass".utf8)) == "dXNlcjpwYXNz")
        #expect(Base64.encode([0xFB, 0xFF, 0xBF]) == "+/+/")
        #expect(Base64.encode([0xFB, 0xFF, 0xBF], urlSafe: true) == "-_-_")
        #expect(Base64.encode(Array("{}".utf8), urlSafe: true) == "e30=")
        #expect(Base64.encode(Array("a".utf8)) == "YQ==")
        #expect(Base64.decode(Base64.encode(Array(0...255))) == Array(0...255))
    }

    @Test func registryOfAnImage() {
        #expect(RegistryAddress.domain(ofImage: "busybox") == "docker.io")
        #expect(RegistryAddress.domain(ofImage: "user/app") == "docker.io")
        #expect(RegistryAddress.domain(ofImage: "docker.io/library/busybox") == "docker.io")
        #expect(RegistryAddress.domain(ofImage: "index.docker.io/user/app") == "docker.io")
        #expect(RegistryAddress.domain(ofImage: "localhost/app") == "localhost")
        #expect(RegistryAddress.domain(ofImage: "localhost:5000/app:1") == "localhost:5000")
        #expect(RegistryAddress.domain(ofImage: "reg.example/a/b") == "reg.example")
        #expect(RegistryAddress.domain(ofImage: "localhost") == "docker.io")
    }

    @Test func hostnamesLikeConvertToHostname() {
        #expect(RegistryAddress.hostname("https://reg.example:5000/v2/") == "reg.example:5000")
        #expect(RegistryAddress.hostname("http://reg.example") == "reg.example")
        #expect(RegistryAddress.hostname("reg.example/path") == "reg.example")
        #expect(RegistryAddress.hostname("https://user:pw@reg.example/") == "reg.example")
        #expect(RegistryAddress.authKey("docker.io") == RegistryAddress.indexServer)
        #expect(RegistryAddress.authKey("https://reg.example:5000") == "reg.example:5000")
    }
}
