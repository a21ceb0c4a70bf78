import BerthContent
import BerthCore
import BerthImages
import BerthLinux
import BerthOCI
import Foundation
import Testing

/// skopeo (containers/image) reading what Berth writes and writing what Berth reads, offline.
@Suite(.enabled(if: haveSkopeo && haveRootfs, "needs skopeo and the busybox rootfs at $BERTH_TEST_ROOTFS (Scripts/setup-deps)"))
struct SkopeoInteropTests {
    @discardableResult
    func skopeo(_ arguments: [String]) throws -> String {
        try runChecked("skopeo", ["--insecure-policy"] + arguments)
    }

    func inspect(_ reference: String) throws -> [String: Any] {
        let out = try skopeo(["inspect", reference])
        return try #require(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    }

    @Test func skopeoReadsBerthExports() throws {
        let fixture = try ImageFixture()
        let image = try fixture.importer.importRootfs(from: fixture.busyboxTar(), name: "busybox:latest",
                                                      config: ImageConfig.ExecutionConfig(cmd: ["sh"]))
        let manifest = try fixture.manifest(image.target)
        let diffIDs = try fixture.diffIDs(image.target)

        let layout = fixture.scratch.sub("layout")
        try fixture.exporter.exportOCILayout([image], toDirectory: layout)
        let fromLayout = try inspect("oci:\(layout):busybox:latest")
        #expect(fromLayout["Layers"] as? [String] == manifest.layers.map(\.digest.description))
        #expect(fromLayout["Digest"] as? String == image.target.digest.description)
        #expect(fromLayout["Architecture"] as? String == Platform.host.architecture)

        let archive = fixture.scratch.sub("docker.tar")
        try fixture.exporter.exportDockerArchive([image], toFile: archive)
        let fromArchive = try inspect("docker-archive:\(archive)")
        // docker-archive layers are the uncompressed tars: their digests are the diffIDs.
        #expect(fromArchive["Layers"] as? [String] == diffIDs.map(\.description))
        #expect(fromArchive["RepoTags"] as? [String] == ["busybox"] || (fromArchive["RepoTags"] as? [String])?.isEmpty == true
                || fromArchive["RepoTags"] == nil)

        // Copies to other formats succeed and keep the layers.
        try skopeo(["copy", "oci:\(layout):busybox:latest", "docker-archive:\(fixture.scratch.sub("copied.tar")):busybox:copied"])
        try skopeo(["copy", "docker-archive:\(archive)", "oci:\(fixture.scratch.sub("copied-layout")):copied"])
        let copied = try inspect("oci:\(fixture.scratch.sub("copied-layout")):copied")
        #expect((copied["Layers"] as? [String])?.count == 1)
        let ociArchive = fixture.scratch.sub("oci-archive.tar")
        try fixture.exporter.exportOCIArchive([image], toFile: ociArchive)
        let fromOCIArchive = try inspect("oci-archive:\(ociArchive):busybox:latest")
        #expect(fromOCIArchive["Digest"] as? String == image.target.digest.description)
    }

    @Test func berthReadsSkopeoWrites() throws {
        let fixture = try ImageFixture()
        let image = try fixture.importer.importRootfs(from: fixture.busyboxTar(), name: "busybox:latest")
        let diffIDs = try fixture.diffIDs(image.target)
        let layout = fixture.scratch.sub("layout")
        try fixture.exporter.exportOCILayout([image], toDirectory: layout)

        let ociArchive = fixture.scratch.sub("skopeo-oci.tar")
        try skopeo(["copy", "oci:\(layout):busybox:latest", "oci-archive:\(ociArchive):busybox:tagged"])
        let dockerArchive = fixture.scratch.sub("skopeo-docker.tar")
        try skopeo(["copy", "oci:\(layout):busybox:latest", "docker-archive:\(dockerArchive):busybox:tagged"])
        let skopeoLayout = fixture.scratch.sub("skopeo-layout")
        try skopeo(["copy", "oci:\(layout):busybox:latest", "oci:\(skopeoLayout):relabelled"])

        for (path, name) in [(ociArchive, "busybox:tagged"), (dockerArchive, "busybox:tagged"), (skopeoLayout, "relabelled")] {
            let other = try ImageFixture()
            let imported = try other.importImages(path)
            // skopeo's docker-archive writes the normalised name (docker.io/library/…).
            #expect(imported.count == 1 && imported[0].name?.hasSuffix(name) == true, "\(path): \(imported.map(\.name))")
            let target = try #require(imported.first?.target)
            #expect(try other.diffIDs(target) == diffIDs, "\(path)")
            // And the layers apply to the same diffIDs.
            let root = try other.scratch.makeDirectory("rootfs")
            for (layer, diffID) in zip(try other.manifest(target).layers, diffIDs) {
                try LayerApplier().apply(layer, from: other.store, to: root, expectedDiffID: diffID)
            }
            #expect(FileIO.exists(root + "/bin/busybox"), "\(path)")
        }
    }
}
