import BerthContent
import BerthCore
import BerthImages
import BerthLinux
import BerthMetadata
import BerthOCI
import BerthSnapshots
#if canImport(Glibc)
import Glibc
#endif

/// Applies an image's layers into a snapshotter as a chain of committed snapshots named by chain id
/// (containerd's layout), skipping layers already unpacked. Each layer is applied through the
/// snapshot's own mounts, so overlay whiteouts come from the kernel, and the diff id is verified
/// before commit: a bad layer never becomes a committed snapshot.
struct ImageUnpacker: Sendable {
    let store: ContentStore
    let metadata: MetadataStore
    let scratch: String

    struct Result: Sendable {
        var chainID: String
        var config: [UInt8]
    }

    func unpack(namespace: String, image name: String, snapshotter: any Snapshotter, platform: Platform) throws -> Result {
        let image = try metadata.images.get(namespace: namespace, name: name)
        let resolver = ImageResolver(store: store)
        let (_, manifest) = try resolver.manifest(for: image.target, platform: platform, image: name)
        let (configBytes, config) = try resolver.config(of: manifest, image: name)
        let diffIDs = config.rootfs.diffIDs
        guard diffIDs.count == manifest.layers.count else {
            throw BerthError(.invalidArgument, "image \(name): \(manifest.layers.count) layers but \(diffIDs.count) diff ids in its config")
        }
        var parent: String?
        var chain: Digest?
        for (layer, diffID) in zip(manifest.layers, diffIDs) {
            let next = chain.map { SHA256Hasher.digest(Array("\($0) \(diffID)".utf8)) } ?? diffID
            chain = next
            let key = next.description
            if let info = try? snapshotter.stat(namespace: namespace, key: key), info.kind == .committed {
                parent = key
                continue
            }
            try apply(layer: layer, diffID: diffID, namespace: namespace, key: key, parent: parent, snapshotter: snapshotter, image: name)
            parent = key
        }
        guard let top = parent else { throw BerthError(.invalidArgument, "image \(name) has no layers") }
        // The config keeps the snapshot chain alive for the collector while the image exists.
        if var record = try? metadata.content.info(namespace: namespace, digest: manifest.config.digest) {
            let label = "containerd.io/gc.ref.snapshot.\(snapshotter.name)"
            if record.labels[label] != top {
                record.labels[label] = top
                _ = try metadata.content.update(namespace: namespace, record: record, fieldPaths: ["labels.\(label)"])
            }
        }
        return Result(chainID: top, config: configBytes)
    }

    private func apply(layer: Descriptor, diffID: Digest, namespace: String, key: String, parent: String?,
                       snapshotter: any Snapshotter, image: String) throws {
        let extractKey = "extract-\(UInt64.random(in: 0..<UInt64.max)) \(key)"
        let mounts = try snapshotter.prepare(namespace: namespace, key: extractKey, parent: parent,
                                             labels: ["containerd.io/snapshot.ref": key])
        var committed = false
        defer { if !committed { try? snapshotter.remove(namespace: namespace, key: extractKey) } }
        try FileIO.mkdirAll(scratch, mode: 0o700)
        let target = "\(scratch)/unpack-\(getpid())-\(UInt64.random(in: 0..<UInt64.max))"
        try FileIO.mkdirAll(target, mode: 0o700)
        defer { rmdir(target) }
        try BerthSnapshots.Mount.mountAll(mounts, at: target)
        do {
            try LayerApplier().apply(layer, from: store, to: target, expectedDiffID: diffID)
        } catch {
            try? BerthSnapshots.Mount.unmountAll(target)
            throw BerthError(.invalidArgument, "image \(image): unpack layer \(layer.digest)", cause: "\(error)")
        }
        try BerthSnapshots.Mount.unmountAll(target)
        do {
            try snapshotter.commit(namespace: namespace, name: key, key: extractKey, labels: [:])
            committed = true
        } catch let error as BerthError where error.code == .alreadyExists {
            // Another unpack of the same layer won the race: its snapshot is as good as ours.
        }
    }
}
