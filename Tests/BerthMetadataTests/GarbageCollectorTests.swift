import BerthContent
import BerthCore
import BerthLinux
import BerthMetadata
import BerthOCI
import BerthSnapshots
import Testing

/// A metadata store, a content store and an overlay snapshotter (which never mounts, so no root is
/// needed) under one temporary root, and a collector over them.
struct GCFixture {
    let metadata: MetadataStore
    let content: ContentStore
    let snapshotter: OverlaySnapshotter
    let collector: GarbageCollector

    init(_ dir: String, options: GarbageCollectionOptions = GarbageCollectionOptions()) throws {
        metadata = try MetadataStore(root: dir)
        content = try ContentStore(root: dir + "/content")
        snapshotter = try OverlaySnapshotter(root: dir + "/snapshots/overlayfs")
        collector = GarbageCollector(metadata: metadata, content: content, snapshotters: [snapshotter], options: options)
    }

    /// Stores a blob and records it in `namespace`.
    @discardableResult
    func put(_ namespace: String, _ bytes: [UInt8], labels: [String: String] = [:]) throws -> Digest {
        try metadata.content.add(namespace: namespace, labels: labels) {
            (try content.ingest(bytes), Int64(bytes.count))
        }.digest
    }

    struct ImageBlobs {
        var index: Descriptor
        var manifest: Digest
        var config: Digest
        var layers: [Digest]
        var all: [Digest] { [index.digest, manifest, config] + layers }
    }

    /// An index → manifest → config + two layers, all recorded in `namespace`.
    func imageBlobs(_ namespace: String, tag: String) throws -> ImageBlobs {
        let layers = try (0..<2).map { i in try put(namespace, Array("layer \(i) of \(tag)".utf8) + [UInt8](repeating: UInt8(i), count: 1000)) }
        let configBytes = Array(#"{"architecture":"amd64","os":"linux","config":{"Env":["TAG=\#(tag)"]},"rootfs":{"type":"layers","diff_ids":[]}}"#.utf8)
        let config = try put(namespace, configBytes)
        func descriptor(_ mediaType: String, _ digest: Digest, _ size: Int) -> String {
            #"{"mediaType":"\#(mediaType)","digest":"\#(digest)","size":\#(size)}"#
        }
        let layerSize = try content.info(layers[0]).size
        let manifestBytes = Array(("{\"schemaVersion\":2,\"mediaType\":\"\(MediaTypes.ociManifest)\",\"config\":"
            + descriptor(MediaTypes.ociConfig, config, configBytes.count) + ",\"layers\":["
            + layers.map { descriptor(MediaTypes.ociLayerGzip, $0, Int(layerSize)) }.joined(separator: ",") + "]}").utf8)
        let manifest = try put(namespace, manifestBytes)
        let indexBytes = Array(("{\"schemaVersion\":2,\"mediaType\":\"\(MediaTypes.ociIndex)\",\"manifests\":["
            + descriptor(MediaTypes.ociManifest, manifest, manifestBytes.count) + "]}").utf8)
        let index = try put(namespace, indexBytes)
        return ImageBlobs(
            index: Descriptor(mediaType: MediaTypes.ociIndex, digest: index, size: Int64(indexBytes.count)),
            manifest: manifest, config: config, layers: layers)
    }

    func withCommittedLayer(_ namespace: String, _ key: String, parent: String? = nil) throws {
        _ = try snapshotter.prepare(namespace: namespace, key: key + "-active", parent: parent, labels: [:])
        try snapshotter.commit(namespace: namespace, name: key, key: key + "-active", labels: [:])
    }
}

func withFixture(options: GarbageCollectionOptions = GarbageCollectionOptions(), _ body: (GCFixture) throws -> Void) throws {
    try withTemporaryDirectory { dir in try body(try GCFixture(dir, options: options)) }
}

struct GarbageCollectorTests {
    @Test func imageKeepsItsTreeAndDeletingItFreesTheTree() throws {
        try withFixture { f in
            let blobs = try f.imageBlobs("default", tag: "a")
            let stray = try f.put("default", Array("unreferenced".utf8))
            try f.metadata.images.create(namespace: "default", image: ImageRecord(name: "example.com/a:1", target: blobs.index))

            let first = try f.collector.collect()
            #expect(first.removedContentRecords == 1 && first.removedBlobs == 1 && first.bytesFreed == 12, "\(first)")
            #expect(try !f.content.exists(stray) && !f.metadata.content.exists(namespace: "default", digest: stray))
            for digest in blobs.all {
                #expect(try f.content.exists(digest) && f.metadata.content.exists(namespace: "default", digest: digest))
            }

            let total = try blobs.all.reduce(Int64(0)) { $0 + (try f.content.info($1).size) }
            try f.metadata.images.delete(namespace: "default", name: "example.com/a:1")
            let second = try f.collector.collect()
            #expect(second.removedBlobs == 5 && second.removedContentRecords == 5 && second.bytesFreed == total, "\(second)")
            #expect(try f.content.list().isEmpty && f.metadata.content.list(namespace: "default").isEmpty)
            let idle = try f.collector.collect()
            #expect(idle.removedBlobs == 0 && idle.removedContentRecords == 0 && idle.removedSnapshots == 0)
        }
    }

    @Test func leaseKeepsContentAliveUntilDeleted() throws {
        try withFixture { f in
            let recorded = try f.put("default", Array("leased".utf8))
            let bare = try f.content.ingest(Array("leased, no record yet".utf8))  // mid-pull: committed, unrecorded
            try f.metadata.leases.create(namespace: "default", id: "pull")
            try f.metadata.leases.addResource(namespace: "default", leaseID: "pull", resource: .content(recorded.description))
            try f.metadata.leases.addResource(namespace: "default", leaseID: "pull", resource: .content(bare.description))

            #expect(try f.collector.collect().removedBlobs == 0)
            #expect(f.content.exists(recorded) && f.content.exists(bare))

            try f.metadata.leases.delete(namespace: "default", id: "pull")
            let report = try f.collector.collect()
            #expect(report.removedBlobs == 2 && report.removedContentRecords == 1)
            #expect(!f.content.exists(recorded) && !f.content.exists(bare))
        }
    }

    @Test func expiredLeaseIsRemovedAndStopsProtecting() throws {
        try withFixture { f in
            let digest = try f.put("default", Array("short-lived".utf8))
            try f.metadata.leases.create(namespace: "default", id: "old", labels: [LeaseRecord.expireLabel: "2001-01-01T00:00:00Z"])
            try f.metadata.leases.addResource(namespace: "default", leaseID: "old", resource: .content(digest.description))
            let report = try f.collector.collect()
            #expect(report.removedLeases == 1 && report.removedBlobs == 1)
            #expect(try f.metadata.leases.list(namespace: "default").isEmpty)
        }
    }

    @Test func containerSnapshotsSurviveAndOrphansGoChildrenFirst() throws {
        try withFixture { f in
            try f.withCommittedLayer("default", "base")
            try f.withCommittedLayer("default", "mid", parent: "base")
            _ = try f.snapshotter.prepare(namespace: "default", key: "ctr-rootfs", parent: "mid", labels: [:])
            try f.metadata.containers.create(namespace: "default", container: ContainerRecord(
                id: "ctr", runtime: .init(name: "io.containerd.runc.v2"), snapshotter: "overlayfs", snapshotKey: "ctr-rootfs"))
            // An orphan chain of three, and the same key in another namespace with nothing holding it.
            try f.withCommittedLayer("default", "o1")
            try f.withCommittedLayer("default", "o2", parent: "o1")
            _ = try f.snapshotter.view(namespace: "default", key: "o3", parent: "o2", labels: [:])
            _ = try f.snapshotter.prepare(namespace: "other", key: "ctr-rootfs", parent: nil, labels: [:])

            let report = try f.collector.collect()
            #expect(report.removedSnapshots == 4 && report.skippedSnapshots == 0 && report.errors.isEmpty, "\(report)")
            #expect(try f.snapshotter.list(namespace: "default").map(\.name) == ["base", "ctr-rootfs", "mid"])
            #expect(try f.snapshotter.list(namespace: "other").isEmpty)

            try f.metadata.containers.delete(namespace: "default", id: "ctr")
            #expect(try f.collector.collect().removedSnapshots == 3)
            #expect(try f.snapshotter.list(namespace: "default").isEmpty)
        }
    }

    @Test func sharedBlobLivesUntilEveryNamespaceDropsIt() throws {
        try withFixture { f in
            let a = try f.imageBlobs("team-a", tag: "same")
            let b = try f.imageBlobs("team-b", tag: "same")
            #expect(a.all == b.all, "identical content is stored once")
            try f.metadata.images.create(namespace: "team-a", image: ImageRecord(name: "img", target: a.index))
            try f.metadata.images.create(namespace: "team-b", image: ImageRecord(name: "img", target: b.index))

            try f.metadata.images.delete(namespace: "team-a", name: "img")
            let first = try f.collector.collect()
            #expect(first.removedContentRecords == 5 && first.removedBlobs == 0, "\(first)")
            #expect(try f.metadata.content.list(namespace: "team-a").isEmpty)
            #expect(a.all.allSatisfy { f.content.exists($0) })

            try f.metadata.images.delete(namespace: "team-b", name: "img")
            let second = try f.collector.collect()
            #expect(second.removedContentRecords == 5 && second.removedBlobs == 5, "\(second)")
            #expect(try f.content.list().isEmpty)
        }
    }

    @Test func labelsReferenceContentAndSnapshotsAndRootThem() throws {
        try withFixture { f in
            try f.withCommittedLayer("default", "unpacked-top")
            try f.withCommittedLayer("default", "loose")
            let child = try f.put("default", Array("child via label".utf8))
            let config = try f.put("default", Array("{\"not\":\"a manifest\"}".utf8), labels: [
                "containerd.io/gc.ref.content.0": child.description,
                "containerd.io/gc.ref.snapshot.overlayfs": "unpacked-top",
            ])
            let pinned = try f.put("default", Array("pinned".utf8), labels: ["containerd.io/gc.root": "2026-01-01T00:00:00Z"])
            try f.metadata.images.create(namespace: "default", image: ImageRecord(
                name: "labelled", target: Descriptor(mediaType: "application/vnd.example+json", digest: config, size: 21)))

            let report = try f.collector.collect()
            #expect(report.removedBlobs == 0 && report.removedSnapshots == 1, "\(report)")
            #expect(f.content.exists(child) && f.content.exists(pinned))
            #expect(try f.snapshotter.list(namespace: "default").map(\.name) == ["unpacked-top"])
        }
    }

    @Test func sniffedManifestKeepsChildrenWhenReachedThroughALease() throws {
        try withFixture { f in
            let blobs = try f.imageBlobs("default", tag: "leased")
            try f.metadata.leases.create(namespace: "default", id: "pull")
            try f.metadata.leases.addResource(namespace: "default", leaseID: "pull", resource: .content(blobs.index.digest.description))
            #expect(try f.collector.collect().removedBlobs == 0)
            #expect(blobs.all.allSatisfy { f.content.exists($0) })
        }
    }

    @Test func staleIngestsAreAbortedUnlessLeased() throws {
        try withFixture(options: GarbageCollectionOptions(staleIngestAge: 0)) { f in
            for ref in ["abandoned", "held"] {
                let writer = try f.content.writer(ref: ref)
                try writer.write(Array("partial".utf8))
                writer.close()
            }
            try f.metadata.leases.create(namespace: "default", id: "upload")
            try f.metadata.leases.addResource(namespace: "default", leaseID: "upload", resource: .ingest("held"))
            let report = try f.collector.collect()
            #expect(report.abortedIngests == 1)
            #expect(try f.content.ingests().map(\.ref) == ["held"])
        }
    }

    @Test func recentIngestsSurviveTheDefaultAge() throws {
        try withFixture { f in
            let writer = try f.content.writer(ref: "fresh")
            try writer.write([1, 2, 3])
            writer.close()
            #expect(try f.collector.collect().abortedIngests == 0)
            #expect(try f.content.ingests().count == 1)
        }
    }
}
