import BerthContent
import BerthCore
import BerthLinux
import BerthOCI
#if canImport(Glibc)
import Glibc
#endif

/// Brings images into the content store from OCI image layouts, `docker save` archives and plain
/// rootfs tarballs. Every blob is verified against its digest on the way in. On error nothing is
/// returned to register; blobs already written stay for the garbage collector.
public struct ImageImporter: Sendable {
    public let store: ContentStore

    public init(store: ContentStore) {
        self.store = store
    }

    /// Imports an OCI layout directory, or a tar (plain, gzip or zstd) holding an OCI layout or a
    /// `docker save` archive. An archive with both (docker 25+) is read as the OCI layout.
    public func importImages(from path: String) throws -> [ImportedImage] {
        if FileIO.isDirectory(path) {
            return try importImages(from: DirectoryImportSource(root: path, store: store))
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw BerthError(.notFound, "\(path): not found") }
            throw BerthError(.system, "open \(path)", cause: errnoText())
        }
        defer { close(fd) }
        return try importImages(fromFileDescriptor: fd, name: path)
    }

    /// Imports an archive streamed from `fd` (a file or a pipe, read to its end; the caller keeps
    /// ownership). `name` labels errors.
    public func importImages(fromFileDescriptor fd: Int32, name: String) throws -> [ImportedImage] {
        let reader = try TarReader(source: DecompressingReader(fd: fd, name: name))
        return try importImages(from: TarImportSource(reader: reader, store: store, label: name))
    }

    func importImages(from source: any ImportSource) throws -> [ImportedImage] {
        if source.exists("oci-layout") && source.exists("index.json") {
            return try importLayout(source)
        }
        if source.exists("manifest.json") {
            return try importDockerArchive(source)
        }
        throw BerthError(.invalidArgument, "\(source.label): neither an OCI image layout (oci-layout, index.json) nor a docker archive (manifest.json)")
    }

    // MARK: OCI image layout

    private func importLayout(_ source: any ImportSource) throws -> [ImportedImage] {
        let header = try JSONCoding.decode(ImageLayoutHeader.self, from: source.metadata("oci-layout"), source: "\(source.label): oci-layout")
        guard header.imageLayoutVersion.hasPrefix("1.") else {
            throw BerthError(.unsupported, "\(source.label): oci-layout: unsupported imageLayoutVersion \"\(header.imageLayoutVersion)\"")
        }
        let index = try JSONCoding.decode(Index.self, from: source.metadata("index.json"), source: "\(source.label): index.json")
        var visited: Set<Digest> = []
        var images: [ImportedImage] = []
        for descriptor in index.manifests {
            try importTree(descriptor, from: source, visited: &visited)
            let annotations = descriptor.annotations ?? [:]
            let name = annotations[ImageAnnotations.containerdImageName] ?? annotations[ImageAnnotations.refName]
            var target = descriptor
            target.annotations = nil
            images.append(ImportedImage(name: name, target: target))
        }
        return images
    }

    /// Ingests `descriptor` and everything it references, verifying digests and sizes.
    private func importTree(_ descriptor: Descriptor, from source: any ImportSource, visited: inout Set<Digest>) throws {
        guard visited.insert(descriptor.digest).inserted else { return }
        let path = ArchivePath.blobPath(descriptor.digest)
        if MediaTypes.isNonDistributable(descriptor.mediaType) && !source.exists(path) { return }
        let (_, size) = try source.blob(path, expected: descriptor.digest)
        guard size == descriptor.size else {
            throw BerthError(.invalidArgument, "\(source.label): \(path): size \(size) does not match the descriptor's \(descriptor.size)")
        }
        if MediaTypes.isIndex(descriptor.mediaType) {
            let index = try JSONCoding.decode(Index.self, from: store.readAll(descriptor.digest), source: "\(source.label): \(path)")
            for child in index.manifests {
                try importTree(child, from: source, visited: &visited)
            }
        } else if MediaTypes.isManifest(descriptor.mediaType) {
            let manifest = try JSONCoding.decode(Manifest.self, from: store.readAll(descriptor.digest), source: "\(source.label): \(path)")
            try importTree(manifest.config, from: source, visited: &visited)
            for layer in manifest.layers {
                try importTree(layer, from: source, visited: &visited)
            }
        }
    }

    // MARK: docker save

    private func importDockerArchive(_ source: any ImportSource) throws -> [ImportedImage] {
        let entries = try JSONCoding.decode([DockerArchiveManifest].self, from: source.metadata("manifest.json"),
                                            source: "\(source.label): manifest.json")
        var images: [ImportedImage] = []
        for entry in entries {
            let target = try importDockerImage(entry, from: source)
            let names: [String?] = (entry.repoTags ?? []).isEmpty ? [nil] : (entry.repoTags ?? []).map { $0 }
            for name in names {
                images.append(ImportedImage(name: name, target: target))
            }
        }
        return images
    }

    /// Converts one docker-archive image to OCI content: the config as-is, each layer as stored
    /// (its compression detected from its bytes) and a generated OCI manifest.
    private func importDockerImage(_ entry: DockerArchiveManifest, from source: any ImportSource) throws -> Descriptor {
        let configLabel = "\(source.label): \(entry.config)"
        let configBytes = try source.metadata(entry.config)
        let config = try JSONCoding.decode(ImageConfig.self, from: configBytes, source: configLabel)
        let (configDigest, configSize) = try BlobSink.ingest(configBytes, store: store, label: configLabel,
                                                             expected: ArchivePath.impliedDigest(entry.config))
        let diffIDs = config.rootfs.diffIDs
        guard diffIDs.count == entry.layers.count else {
            throw BerthError(.invalidArgument, "\(configLabel): rootfs.diff_ids lists \(diffIDs.count) layers but manifest.json lists \(entry.layers.count)")
        }
        var layers: [Descriptor] = []
        for (index, layerPath) in entry.layers.enumerated() {
            let layerLabel = "\(source.label): \(layerPath)"
            let (digest, size) = try source.blob(layerPath, expected: layerPath.hasPrefix("blobs/") ? ArchivePath.impliedDigest(layerPath) : nil)
            let compression = try LayerCompression.detect(store.read(digest, offset: 0, size: 6), label: layerLabel)
            // The diffID is what the image's identity rests on: check it, decompressing if need be.
            let diffID = compression == .none ? digest : try uncompressedDigest(of: digest, label: layerLabel)
            guard diffID == diffIDs[index] else {
                throw BerthError(.invalidArgument, "\(layerLabel): uncompressed digest \(diffID) does not match rootfs.diff_ids[\(index)] \(diffIDs[index])")
            }
            layers.append(Descriptor(mediaType: compression.ociLayerMediaType, digest: digest, size: size))
        }
        let manifest = Manifest(config: Descriptor(mediaType: MediaTypes.ociConfig, digest: configDigest, size: configSize), layers: layers)
        let bytes = try JSONCoding.encode(manifest)
        let digest = try store.ingest(bytes)
        return Descriptor(mediaType: MediaTypes.ociManifest, digest: digest, size: Int64(bytes.count))
    }

    private func uncompressedDigest(of digest: Digest, label: String) throws -> Digest {
        let fd = open(store.path(of: digest), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw BerthError(.system, "\(label): open", cause: errnoText()) }
        defer { close(fd) }
        return try DecompressingReader(fd: fd, name: label).digests().uncompressed
    }

    // MARK: rootfs tarball

    /// Makes a one-layer image of a rootfs tarball (plain, gzip or zstd): the layer is stored
    /// gzip-compressed, the config carries `platform`, the optional execution `config`, the
    /// layer's diffID and a history entry. The name is the caller's.
    public func importRootfs(from path: String, name: String?, platform: Platform = .host,
                             config: ImageConfig.ExecutionConfig? = nil, created: String? = nil,
                             comment: String? = nil) throws -> ImportedImage {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw BerthError(.notFound, "\(path): not found") }
            throw BerthError(.system, "open \(path)", cause: errnoText())
        }
        defer { close(fd) }
        return try importRootfs(fromFileDescriptor: fd, label: path, name: name, platform: platform,
                                config: config, created: created, comment: comment)
    }

    /// As `importRootfs(from:…)`, reading the tarball from `fd` (a file or a pipe).
    public func importRootfs(fromFileDescriptor fd: Int32, label: String, name: String?, platform: Platform = .host,
                             config: ImageConfig.ExecutionConfig? = nil, created: String? = nil,
                             comment: String? = nil) throws -> ImportedImage {
        let source = try DecompressingReader(fd: fd, name: label)
        let sink = try BlobSink(store: store, label: label)
        let gzip = try GzipCompressor(sink: { try sink.write($0) })
        source.onUncompressed = { try gzip.write($0) }
        // Reading every header checks that it is a well-formed tar, in the same pass.
        let reader = try TarReader(source: source)
        while try reader.next() != nil {}
        let diffID = try source.digests().uncompressed
        try gzip.finish()
        let (layerDigest, layerSize) = try sink.commit()

        let timestamp = created ?? Timestamp.rfc3339Nano(Timestamp.now())
        let normalized = platform.normalized
        // The variant is recorded only where it is not the architecture's baseline (as docker does).
        let variant = normalized.architecture == "amd64" && normalized.variant == "v1" ? nil : normalized.variant
        let imageConfig = ImageConfig(
            created: timestamp, architecture: normalized.architecture, os: normalized.os, variant: variant,
            config: config, rootfs: ImageConfig.RootFS(diffIDs: [diffID]),
            history: [ImageConfig.History(created: timestamp, createdBy: "berth import", comment: comment ?? "imported from rootfs tarball")])
        let configBytes = try JSONCoding.encode(imageConfig)
        let configDigest = try store.ingest(configBytes)
        let manifest = Manifest(
            config: Descriptor(mediaType: MediaTypes.ociConfig, digest: configDigest, size: Int64(configBytes.count)),
            layers: [Descriptor(mediaType: MediaTypes.ociLayerGzip, digest: layerDigest, size: layerSize)])
        let manifestBytes = try JSONCoding.encode(manifest)
        let manifestDigest = try store.ingest(manifestBytes)
        return ImportedImage(name: name, target: Descriptor(mediaType: MediaTypes.ociManifest, digest: manifestDigest, size: Int64(manifestBytes.count)))
    }
}

extension LayerCompression {
    static func detect(_ prefix: [UInt8], label: String) throws -> LayerCompression {
        do { return try detect(prefix) } catch let error as UnsupportedCompression {
            throw BerthError(.unsupported, "\(label): \(error.name) compression is not supported (gzip, zstd or plain tar only)")
        }
    }
}
