import BerthCore
import BerthOCI
@testable import BerthRegistry
import Testing

@Suite struct RegistryClientPartsTests {
    @Test func bearerChallengeKeepsRealmServiceAndScope() {
        let header = #"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull""#
        let challenges = AuthChallenge.parse(header)
        #expect(challenges.count == 1)
        #expect(challenges.first?.scheme == "bearer")
        #expect(challenges.first?.realm == "https://auth.docker.io/token")
        #expect(challenges.first?.service == "registry.docker.io")
        #expect(challenges.first?.scope == "repository:library/busybox:pull")
    }

    @Test func severalChallengesAndEscapedQuotes() {
        let challenges = AuthChallenge.parse(#"Basic realm="a \"quoted\" realm", Bearer realm="http://127.0.0.1:1/token",service=x"#)
        #expect(challenges.map(\.scheme) == ["basic", "bearer"])
        #expect(challenges.first?.realm == #"a "quoted" realm"#)
        #expect(challenges.last?.service == "x")
    }

    @Test func loopbackAndConfiguredRegistriesAreInsecure() {
        let config = RegistryConfiguration(insecureRegistries: ["myreg.local:5000", "10.1.0.0/16", "http://plain.example"])
        #expect(config.isInsecure("127.0.0.1:5000"))
        #expect(config.isInsecure("127.9.9.9"))
        #expect(config.isInsecure("localhost:5000"))
        #expect(config.isInsecure("[::1]:5000"))
        #expect(config.isInsecure("myreg.local:5000"))
        #expect(!config.isInsecure("myreg.local:6000"))
        #expect(config.isInsecure("10.1.200.3:5000"))
        #expect(!config.isInsecure("10.2.0.1:5000"))
        #expect(config.isInsecure("plain.example"))
        #expect(!config.isInsecure("registry-1.docker.io"))
        #expect(RegistryConfiguration.apiHost(for: "docker.io") == "registry-1.docker.io")
        #expect(RegistryConfiguration.apiHost(for: "ghcr.io") == "ghcr.io")
    }

    static func entry(_ arch: String, _ variant: String? = nil, os: String = "linux") -> Descriptor {
        Descriptor(mediaType: MediaTypes.ociManifest, digest: Digest(sha256Hex: String(repeating: "0", count: 63) + String(arch.count % 10)),
                   size: 1, platform: Platform(os: os, architecture: arch, variant: variant))
    }

    @Test func platformSelectionPrefersExactThenClosestLowerVariant() {
        let index = [Self.entry("unknown", os: "unknown"), Self.entry("arm", "v6"), Self.entry("arm", "v7"), Self.entry("arm64", "v8"), Self.entry("amd64")]
        #expect(PlatformSelector(Platform(os: "linux", architecture: "amd64")).choose(from: index)?.platform?.architecture == "amd64")
        #expect(PlatformSelector(Platform(os: "linux", architecture: "arm64")).choose(from: index)?.platform?.architecture == "arm64")
        #expect(PlatformSelector(Platform(os: "linux", architecture: "arm", variant: "v7")).choose(from: index)?.platform?.variant == "v7")
        let armOnly6 = [Self.entry("arm", "v6")]
        #expect(PlatformSelector(Platform(os: "linux", architecture: "arm", variant: "v7")).choose(from: armOnly6)?.platform?.variant == "v6")
        #expect(PlatformSelector(Platform(os: "linux", architecture: "arm", variant: "v5")).choose(from: armOnly6) == nil)
        #expect(PlatformSelector(Platform(os: "linux", architecture: "s390x")).choose(from: index) == nil)
        #expect(PlatformSelector(Platform(os: "windows", architecture: "amd64")).choose(from: index) == nil)
    }

    @Test func platformFlagParsing() throws {
        #expect(try PlatformSelector.parse("linux/arm64").architecture == "arm64")
        #expect(try PlatformSelector.parse("linux/arm/v6").variant == "v6")
        #expect(try PlatformSelector.parse("arm64").os == "linux")
        #expect(throws: RegistryError.self) { try PlatformSelector.parse("linux//") }
        #expect(throws: RegistryError.self) { try PlatformSelector.parse("") }
    }

    @Test func schema1IsRefusedWithDockersNotice() {
        let schema1 = Array(#"{"schemaVersion":1,"name":"x","tag":"1","fsLayers":[]}"#.utf8)
        do {
            _ = try FetchedManifest(bytes: schema1, contentType: "application/vnd.docker.distribution.manifest.v1+prettyjws", reference: "old:1")
            Issue.record("schema1 accepted")
        } catch let error as RegistryError {
            #expect(error.code == .invalidManifest)
            #expect(error.message.contains("schema 1 support has been removed"))
            #expect(error.message.contains("old:1"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func manifestTypeComesFromTheDocumentOrItsShape() throws {
        let index = Array(#"{"schemaVersion":2,"manifests":[]}"#.utf8)
        let fetched = try FetchedManifest(bytes: index, contentType: "application/json", reference: "x")
        #expect(fetched.mediaType == MediaTypes.ociIndex)
        #expect(throws: RegistryError.self) {
            try FetchedManifest(bytes: Array("not json".utf8), contentType: MediaTypes.ociManifest, reference: "x")
        }
        #expect(throws: RegistryError.self) {
            try FetchedManifest(bytes: Array(#"{"schemaVersion":2,"mediaType":"application/x-unknown"}"#.utf8), contentType: "", reference: "x")
        }
    }

    @Test func registryErrorBodiesReadAsDockerPrintsThem() {
        let body = Array(#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"v9"}}]}"#.utf8)
        #expect(RegistrySession.errorText(body, status: .notFound) == "manifest unknown: manifest unknown")
        #expect(RegistrySession.errorText([], status: .badGateway) == "502 Bad Gateway")
    }

    @Test func redirectsResolveAgainstTheRequest() {
        #expect(RegistrySession.resolve("/v2/x/blobs/uploads/abc?_state=1", against: "http://127.0.0.1:5000/v2/x/blobs/uploads/")
            == "http://127.0.0.1:5000/v2/x/blobs/uploads/abc?_state=1")
        #expect(RegistrySession.resolve("https://s3.example/blob", against: "https://reg/v2/") == "https://s3.example/blob")
        #expect(RegistrySession.origin(of: "https://reg:5000/v2/x?y") == "https://reg:5000")
    }

    /// Mirrors stand in for Docker Hub only, in the configured order, each with its own scheme. (An end-to-end
    /// mirror test would fall back to Docker Hub on any failure, which tests here must never contact.)
    @Test func mirrorsAreForDockerHubOnlyInOrder() async {
        let client = RegistryClient(configuration: RegistryConfiguration(mirrors: ["http://127.0.0.1:5001/", "https://mirror.example"]))
        let sessions = client.mirrorSessions(domain: "docker.io", repository: "library/busybox")
        #expect(sessions.map(\.host) == ["127.0.0.1:5001", "mirror.example"])
        #expect(sessions.allSatisfy { $0.repository == "library/busybox" })
        #expect(client.knownScheme("127.0.0.1:5001") == "http")
        #expect(client.knownScheme("mirror.example") == "https")
        #expect(client.mirrorSessions(domain: "ghcr.io", repository: "x/y").isEmpty)
        #expect(client.session(domain: "docker.io", repository: "library/busybox", credentials: .anonymous).host == "registry-1.docker.io")
        await client.shutdown()
    }
}
