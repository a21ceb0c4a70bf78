import BerthCore
import BerthOCI
import Testing

struct ImageModelTests {
    @Test func manifestToleratesUnknownFieldsAndOmitsEmptyOnes() throws {
        let json = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","future":1,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:\#(String(repeating: "a", count: 64))","size":7,"newField":{}},"layers":null}"#
        let manifest = try JSONCoding.decode(Manifest.self, from: Array(json.utf8), source: "manifest")
        #expect(manifest.layers.isEmpty)
        #expect(manifest.config.size == 7)
        let encoded = String(decoding: try JSONCoding.encode(manifest), as: UTF8.self)
        #expect(encoded == #"{"config":{"digest":"sha256:\#(String(repeating: "a", count: 64))","mediaType":"application/vnd.oci.image.config.v1+json","size":7},"layers":[],"mediaType":"application/vnd.oci.image.manifest.v1+json","schemaVersion":2}"#)
    }

    @Test func badDigestNamesTheField() {
        let json = #"{"schemaVersion":2,"manifests":[{"mediaType":"x","digest":"sha256:nothex","size":1}]}"#
        let text = errorText { _ = try JSONCoding.decode(Index.self, from: Array(json.utf8), source: "index.json") }
        #expect(text.contains("index.json") && text.contains("manifests[0].digest"), "got: \(text)")
    }

    @Test func configUsesDockerCapitalisationInsideConfigOnly() throws {
        let json = #"""
        {"architecture":"arm64","os":"linux","variant":"v8","os.version":"","config":{"User":"1000","Env":["A=b"],"Cmd":["sh"],"Entrypoint":null,
         "ExposedPorts":{"80/tcp":{}},"Volumes":{"/data":{}},"WorkingDir":"/w","Labels":{"k":"v"},"StopSignal":"SIGTERM",
         "Healthcheck":{"Test":["CMD","true"],"Interval":30000000000,"Retries":3},"OnBuild":null,"Shell":["/bin/sh","-c"],"Unknown":1},
         "rootfs":{"type":"layers","diff_ids":["sha256:\#(String(repeating: "b", count: 64))"]},
         "history":[{"created":"2024-01-01T00:00:00Z","created_by":"x","empty_layer":true}],"container_config":{"Hostname":"h"}}
        """#
        let config = try JSONCoding.decode(ImageConfig.self, from: Array(json.utf8), source: "config")
        #expect(config.config?.env == ["A=b"])
        #expect(config.config?.exposedPorts?.keys.sorted() == ["80/tcp"])
        #expect(config.config?.healthcheck?.interval == 30_000_000_000)
        #expect(config.rootfs.diffIDs.count == 1)
        #expect(config.history?.first?.emptyLayer == true)
        #expect(config.platform.description == "linux/arm64/v8")
        let encoded = String(decoding: try JSONCoding.encode(config), as: UTF8.self)
        #expect(encoded.contains(#""ExposedPorts":{"80/tcp":{}}"#))
        #expect(encoded.contains(#""diff_ids":["#))
        #expect(encoded.contains(#""created_by":"x""#))
        #expect(!encoded.contains("os.version"))
        #expect(!encoded.contains("OnBuild"))
    }

    @Test func platformMatchingNormalisesArchitecturesAndVariants() {
        let host = Platform(os: "linux", architecture: "x86_64")
        #expect(host.matches(Platform(os: "linux", architecture: "amd64")))
        #expect(host.matches(Platform(os: "linux", architecture: "amd64", variant: "v1")))
        #expect(!host.matches(Platform(os: "linux", architecture: "amd64", variant: "v3")))
        let arm = Platform(os: "linux", architecture: "aarch64")
        #expect(arm.matches(Platform(os: "linux", architecture: "arm64", variant: "v8")))
        #expect(arm.matches(Platform(os: "linux", architecture: "arm64")))
        #expect(!arm.matches(Platform(os: "linux", architecture: "arm", variant: "v7")))
        #expect(Platform(os: "linux", architecture: "arm").normalized.variant == "v7")
        #expect(!host.matches(Platform(os: "windows", architecture: "amd64")))
        #expect(Platform.host.os == "linux")
        let digest = Digest(sha256Hex: String(repeating: "c", count: 64))
        let entries = [
            Descriptor(mediaType: MediaTypes.ociManifest, digest: digest, size: 1, platform: Platform(os: "linux", architecture: "s390x")),
            Descriptor(mediaType: MediaTypes.ociManifest, digest: digest, size: 2, platform: Platform(os: "linux", architecture: "amd64")),
        ]
        #expect(host.bestMatch(in: entries)?.size == 2)
    }

    @Test func platformEncodesDottedKeys() throws {
        let platform = Platform(os: "windows", architecture: "amd64", osVersion: "10.0.17763", osFeatures: ["win32k"])
        let encoded = String(decoding: try JSONCoding.encode(platform), as: UTF8.self)
        #expect(encoded == #"{"architecture":"amd64","os":"windows","os.features":["win32k"],"os.version":"10.0.17763"}"#)
    }
}
