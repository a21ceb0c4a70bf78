import BerthContent
import BerthCore
import BerthImages
import BerthLinux
import BerthOCI
import Foundation
import Testing

let testRootfs = ProcessInfo.processInfo.environment["BERTH_TEST_ROOTFS"] ?? repositoryRoot + "/.test-artifacts/rootfs"
let haveSkopeo = FileManager.default.isExecutableFile(atPath: "/usr/bin/skopeo")
let haveRootfs = FileIO.exists(testRootfs + "/bin")

/// A content store plus an importer and exporter over it, in a scratch directory.
struct ImageFixture {
    let scratch: ScratchDirectory
    let store: ContentStore
    var importer: ImageImporter { ImageImporter(store: store) }
    var exporter: ImageExporter { ImageExporter(store: store) }

    init() throws {
        scratch = try ScratchDirectory()
        store = try ContentStore(root: scratch.sub("content"))
    }

    /// Imports with the scratch directory (and so the store) kept alive throughout.
    func importImages(_ path: String) throws -> [ImportedImage] {
        try withExtendedLifetime(scratch) { try importer.importImages(from: path) }
    }

    func manifest(_ target: Descriptor) throws -> Manifest {
        try JSONCoding.decode(Manifest.self, from: store.readAll(target.digest), source: "manifest")
    }

    func config(_ target: Descriptor) throws -> ImageConfig {
        try JSONCoding.decode(ImageConfig.self, from: store.readAll(manifest(target).config.digest), source: "config")
    }

    func diffIDs(_ target: Descriptor) throws -> [Digest] {
        try config(target).rootfs.diffIDs
    }

    /// A small rootfs tarball built with Python (no dependency on the busybox artifact).
    func smallRootfsTar() throws -> String {
        let path = scratch.sub("rootfs.tar")
        try buildTar(path, ##"d("bin"); f("bin/hello", b"#!/bin/sh\necho hi\n", mode=0o755); d("etc"); f("etc/os-release", b"ID=berth\n"); sym("sbin", "bin")"##)
        return path
    }

    /// A tarball of the busybox test rootfs.
    func busyboxTar() throws -> String {
        let path = scratch.sub("busybox.tar")
        try runChecked("tar", ["-C", testRootfs, "--numeric-owner", "-cf", path, "."])
        return path
    }
}

struct ImportExportTests {
    @Test func rootfsImportBuildsAOneLayerOCIImage() throws {
        let fixture = try ImageFixture()
        let tar = try fixture.smallRootfsTar()
        let config = ImageConfig.ExecutionConfig(env: ["PATH=/bin"], cmd: ["/bin/hello"])
        let image = try fixture.importer.importRootfs(from: tar, name: "example.com/small:1", config: config, created: "2024-05-01T00:00:00Z")
        #expect(image.name == "example.com/small:1")
        #expect(image.target.mediaType == MediaTypes.ociManifest)
        let manifest = try fixture.manifest(image.target)
        #expect(manifest.layers.count == 1)
        #expect(manifest.layers[0].mediaType == MediaTypes.ociLayerGzip)
        let imageConfig = try fixture.config(image.target)
        #expect(imageConfig.rootfs.diffIDs.map(\.description) == [try sha256sum(tar)])
        #expect(imageConfig.config?.cmd == ["/bin/hello"])
        #expect(imageConfig.os == "linux")
        #expect(imageConfig.architecture == Platform.host.architecture)
        #expect(imageConfig.history?.count == 1)
        // The stored layer is gzip and applies to the same diffID.
        let root = try fixture.scratch.makeDirectory("unpacked")
        let applied = try LayerApplier().apply(manifest.layers[0], from: fixture.store, to: root, expectedDiffID: imageConfig.rootfs.diffIDs[0])
        #expect(applied.compression == .gzip)
        #expect(readText(root + "/etc/os-release") == "ID=berth\n")
        // Deterministic for a fixed creation time.
        let again = try fixture.importer.importRootfs(from: tar, name: nil, config: config, created: "2024-05-01T00:00:00Z")
        #expect(again.target == image.target)
    }

    @Test func compressedRootfsTarballsGiveTheSameDiffID() throws {
        let fixture = try ImageFixture()
        let tar = try fixture.smallRootfsTar()
        try runChecked("sh", ["-c", "gzip -c '\(tar)' > '\(tar).gz' && zstd -q -c '\(tar)' > '\(tar).zst'"])
        var diffIDs: Set<Digest> = []
        for suffix in ["", ".gz", ".zst"] {
            let image = try fixture.importer.importRootfs(from: tar + suffix, name: nil)
            diffIDs.formUnion(try fixture.diffIDs(image.target))
        }
        #expect(diffIDs.map(\.description) == [try sha256sum(tar)])
    }

    @Test func ociLayoutAndDockerArchiveRoundTrips() throws {
        let fixture = try ImageFixture()
        let image = try fixture.importer.importRootfs(from: fixture.smallRootfsTar(), name: "docker.io/library/small:latest")
        let other = NamedImage(name: "example.com/other:2", target: image.target)

        let layoutDir = fixture.scratch.sub("layout")
        try fixture.exporter.exportOCILayout([image, other], toDirectory: layoutDir)
        let fresh = try ImageFixture()
        let fromDir = try fresh.importImages(layoutDir)
        #expect(fromDir.map(\.name) == ["docker.io/library/small:latest", "example.com/other:2"])
        #expect(fromDir.allSatisfy { $0.target == image.target })

        let ociTar = fixture.scratch.sub("layout.tar")
        try fixture.exporter.exportOCIArchive([image], toFile: ociTar)
        let tarFixture = try ImageFixture()
        let fromTar = try tarFixture.importImages(ociTar)
        #expect(fromTar == [image])

        let dockerTar = fixture.scratch.sub("docker.tar")
        try fixture.exporter.exportDockerArchive([image, other], toFile: dockerTar)
        let listing = try runChecked("tar", ["-tf", dockerTar])
        #expect(listing.contains("manifest.json") && listing.contains("repositories") && listing.contains("/layer.tar"))
        let manifestJSON = try runChecked("tar", ["-xOf", dockerTar, "manifest.json"])
        #expect(manifestJSON.contains(#""RepoTags":["small:latest","example.com/other:2"]"#), "got: \(manifestJSON)")
        let dockerFixture = try ImageFixture()
        let fromDocker = try dockerFixture.importImages(dockerTar)
        #expect(fromDocker.map(\.name) == ["small:latest", "example.com/other:2"])
        #expect(try dockerFixture.diffIDs(fromDocker[0].target) == fixture.diffIDs(image.target))
        // The config is carried byte for byte, so the image ID is stable across the round trip.
        #expect(try dockerFixture.manifest(fromDocker[0].target).config.digest == fixture.manifest(image.target).config.digest)
        // Layers come back uncompressed: docker-archive stores plain tars.
        #expect(try dockerFixture.manifest(fromDocker[0].target).layers[0].mediaType == MediaTypes.ociLayer)
    }

    @Test func gzipCompressedArchiveImports() throws {
        let fixture = try ImageFixture()
        let image = try fixture.importer.importRootfs(from: fixture.smallRootfsTar(), name: "small:1")
        let tar = fixture.scratch.sub("docker.tar")
        try fixture.exporter.exportDockerArchive([image], toFile: tar)
        try runChecked("gzip", [tar])
        let other = try ImageFixture()
        let imported = try other.importImages(tar + ".gz")
        #expect(imported.map(\.name) == ["small:1"])
    }

    // MARK: bad input

    @Test func missingBlobIsNamed() throws {
        let fixture = try ImageFixture()
        let image = try fixture.importer.importRootfs(from: fixture.smallRootfsTar(), name: "x:1")
        let layout = fixture.scratch.sub("layout")
        try fixture.exporter.exportOCILayout([image], toDirectory: layout)
        let layer = try fixture.manifest(image.target).layers[0].digest
        unlink(layout + "/blobs/sha256/" + layer.encoded)
        let text = errorText { let other = try ImageFixture(); _ = try other.importImages(layout) }
        #expect(text.contains("blobs/sha256/\(layer.encoded)") && text.contains("missing"), "got: \(text)")
        // The same in tar form.
        try runChecked("tar", ["-C", layout, "-cf", fixture.scratch.sub("missing.tar"), "."])
        let tarText = errorText { let other = try ImageFixture(); _ = try other.importImages(fixture.scratch.sub("missing.tar")) }
        #expect(tarText.contains("blobs/sha256/\(layer.encoded)"), "got: \(tarText)")
    }

    @Test func corruptBlobIsNamed() throws {
        let fixture = try ImageFixture()
        let image = try fixture.importer.importRootfs(from: fixture.smallRootfsTar(), name: "x:1")
        let layout = fixture.scratch.sub("layout")
        try fixture.exporter.exportOCILayout([image], toDirectory: layout)
        let config = try fixture.manifest(image.target).config.digest
        let path = layout + "/blobs/sha256/" + config.encoded
        var bytes = try FileIO.read(path)
        bytes[bytes.count / 2] ^= 0x20
        chmod(path, 0o644)
        try FileIO.write(path, bytes)
        let text = errorText { let other = try ImageFixture(); _ = try other.importImages(layout) }
        #expect(text.contains("blobs/sha256/\(config.encoded)") && text.contains("does not match"), "got: \(text)")
        try runChecked("tar", ["-C", layout, "-cf", fixture.scratch.sub("corrupt.tar"), "."])
        let tarText = errorText { let other = try ImageFixture(); _ = try other.importImages(fixture.scratch.sub("corrupt.tar")) }
        #expect(tarText.contains("blobs/sha256/\(config.encoded)") && tarText.contains("does not match"), "got: \(tarText)")
    }

    @Test func brokenJSONIsNamed() throws {
        let fixture = try ImageFixture()
        let image = try fixture.importer.importRootfs(from: fixture.smallRootfsTar(), name: "x:1")
        let layout = fixture.scratch.sub("layout")
        try fixture.exporter.exportOCILayout([image], toDirectory: layout)
        try FileIO.write(layout + "/index.json", #"{"schemaVersion":2,"manifests":[{"#)
        let text = errorText { let other = try ImageFixture(); _ = try other.importImages(layout) }
        #expect(text.contains("index.json") && text.contains("malformed JSON"), "got: \(text)")

        let docker = fixture.scratch.sub("docker")
        try FileIO.mkdirAll(docker)
        try runChecked("sh", ["-c", "printf '[{\"Config\": 7}]' > '\(docker)/manifest.json' && tar -C '\(docker)' -cf '\(docker).tar' manifest.json"])
        let dockerText = errorText { let other = try ImageFixture(); _ = try other.importImages(docker + ".tar") }
        #expect(dockerText.contains("manifest.json") && dockerText.contains("[0].Config"), "got: \(dockerText)")
    }

    @Test func truncatedArchiveIsNamed() throws {
        let fixture = try ImageFixture()
        let image = try fixture.importer.importRootfs(from: fixture.smallRootfsTar(), name: "x:1")
        let tar = fixture.scratch.sub("image.tar")
        try fixture.exporter.exportOCIArchive([image], toFile: tar)
        let bytes = try FileIO.read(tar)
        try FileIO.write(tar, Array(bytes[0..<(bytes.count * 2 / 3)]))
        let text = errorText { let other = try ImageFixture(); _ = try other.importImages(tar) }
        #expect(text.contains(tar) && text != "no error", "got: \(text)")
    }

    @Test func dockerArchiveLayerNotMatchingItsDiffIDIsNamed() throws {
        let fixture = try ImageFixture()
        let image = try fixture.importer.importRootfs(from: fixture.smallRootfsTar(), name: "x:1")
        let tar = fixture.scratch.sub("docker.tar")
        try fixture.exporter.exportDockerArchive([image], toFile: tar)
        let dir = try fixture.scratch.makeDirectory("unpacked")
        try runChecked("tar", ["-C", dir, "-xf", tar])
        let diffID = try fixture.diffIDs(image.target)[0].encoded
        try buildTar(dir + "/\(diffID)/layer.tar", #"f("other", b"z")"#)
        try runChecked("tar", ["-C", dir, "-cf", fixture.scratch.sub("bad.tar"), "."])
        let text = errorText { let other = try ImageFixture(); _ = try other.importImages(fixture.scratch.sub("bad.tar")) }
        #expect(text.contains("\(diffID)/layer.tar") && text.contains("diff_ids"), "got: \(text)")
    }

    @Test func unknownArchiveIsRejected() throws {
        let fixture = try ImageFixture()
        let tar = fixture.scratch.sub("random.tar")
        try buildTar(tar, #"f("hello", b"x")"#)
        let text = errorText { _ = try fixture.importImages(tar) }
        #expect(text.contains(tar) && text.contains("neither"), "got: \(text)")
    }

    @Test func hostileSymlinkInLayoutDirectoryIsNotFollowedOut() throws {
        let fixture = try ImageFixture()
        let layout = try fixture.scratch.makeDirectory("layout")
        try FileIO.write(layout + "/oci-layout", #"{"imageLayoutVersion":"1.0.0"}"#)
        try FileIO.write(fixture.scratch.sub("secret.json"), #"{"schemaVersion":2,"manifests":[]}"#)
        symlink("../secret.json", layout + "/index.json")
        let text = errorText { _ = try fixture.importImages(layout) }
        // The link resolves inside the layout (to a missing file): the outside index is never read.
        #expect(text.contains(layout) && text.contains("neither"), "got: \(text)")
    }
}
