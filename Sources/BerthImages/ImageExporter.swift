import BerthContent
import BerthCore
import BerthLinux
import BerthOCI
#if canImport(Glibc)
import Glibc
#endif

/// Writes images from the content store as an OCI image layout (a directory or a tar of one) or
/// as a docker-archive that `docker load` and skopeo's `docker-archive:` read.
public struct ImageExporter: Sendable {
    public let store: ContentStore

    public init(store: ContentStore) {
        self.store = store
    }

    // MARK: OCI image layout

    /// Writes an OCI layout into `directory` (created if missing). Its index.json is replaced and
    /// lists each image with `org.opencontainers.image.ref.name` and `io.containerd.image.name`
    /// set to the image's name.
    public func exportOCILayout(_ images: [NamedImage], toDirectory directory: String) throws {
        try FileIO.mkdirAll(directory, mode: 0o755)
        try writeLayout(images, into: DirectoryExportSink(root: directory))
    }

    /// Writes an OCI layout as a tar file at `path` (replaced atomically).
    public func exportOCIArchive(_ images: [NamedImage], toFile path: String) throws {
        try writeFile(path) { fd in try exportOCIArchive(images, toFileDescriptor: fd, label: path) }
    }

    /// Streams an OCI layout tar into `fd` (a file or a pipe; the caller keeps ownership).
    public func exportOCIArchive(_ images: [NamedImage], toFileDescriptor fd: Int32, label: String = "oci archive") throws {
        let writer = try TarWriter(fd: fd, label: label)
        try writeLayout(images, into: writer)
        try writer.finish()
    }

    private func writeLayout(_ images: [NamedImage], into sink: any ExportSink) throws {
        var blobs: [Descriptor] = []
        var visited: Set<Digest> = []
        var entries: [Descriptor] = []
        for image in images {
            try collect(image.target, image: image, into: &blobs, visited: &visited)
            var entry = image.target
            if let name = image.name {
                var annotations = entry.annotations ?? [:]
                annotations[ImageAnnotations.refName] = name
                annotations[ImageAnnotations.containerdImageName] = name
                entry.annotations = annotations
            }
            entries.append(entry)
        }
        try sink.file("oci-layout", bytes: JSONCoding.encode(ImageLayoutHeader()))
        try sink.file("index.json", bytes: JSONCoding.encode(Index(manifests: entries)))
        try sink.directory("blobs")
        for algorithm in Set(blobs.map(\.digest.algorithm)).sorted() {
            try sink.directory("blobs/\(algorithm)")
        }
        for blob in blobs {
            try copyBlob(blob.digest, size: blob.size, to: ArchivePath.blobPath(blob.digest), sink: sink)
        }
    }

    /// Everything `descriptor` reaches, children first. Platforms of an index that were never
    /// pulled are left out (the index still lists them, as containerd exports do); any other
    /// missing content is an error naming the image.
    private func collect(_ descriptor: Descriptor, image: NamedImage, into blobs: inout [Descriptor],
                         visited: inout Set<Digest>, optional: Bool = false) throws {
        guard !visited.contains(descriptor.digest) else { return }
        guard store.exists(descriptor.digest) else {
            if optional || MediaTypes.isNonDistributable(descriptor.mediaType) { return }
            throw BerthError(.notFound, "image \(image.name ?? image.target.digest.description): content \(descriptor.digest) (\(descriptor.mediaType)) is missing")
        }
        visited.insert(descriptor.digest)
        if MediaTypes.isIndex(descriptor.mediaType) {
            let index = try JSONCoding.decode(Index.self, from: store.readAll(descriptor.digest), source: "index \(descriptor.digest)")
            for child in index.manifests {
                try collect(child, image: image, into: &blobs, visited: &visited, optional: true)
            }
        } else if MediaTypes.isManifest(descriptor.mediaType) {
            let manifest = try JSONCoding.decode(Manifest.self, from: store.readAll(descriptor.digest), source: "manifest \(descriptor.digest)")
            try collect(manifest.config, image: image, into: &blobs, visited: &visited)
            for layer in manifest.layers {
                try collect(layer, image: image, into: &blobs, visited: &visited)
            }
        }
        blobs.append(descriptor)
    }

    private func copyBlob(_ digest: Digest, size: Int64, to path: String, sink: any ExportSink) throws {
        let fd = open(store.path(of: digest), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw BerthError(.notFound, "content \(digest): not found") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw BerthError(.system, "stat content \(digest)", cause: errnoText()) }
        try sink.file(path, size: Int64(st.st_size)) { write in
            try Self.pump(fd: fd, label: "content \(digest)", into: write)
        }
    }

    private static func pump(fd: Int32, label: String, into write: (UnsafeRawBufferPointer) throws -> Void) throws {
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer, chunk)
            if n < 0 {
                if errno == EINTR { continue }
                throw BerthError(.system, "\(label): read", cause: errnoText())
            }
            if n == 0 { return }
            try write(UnsafeRawBufferPointer(start: buffer, count: n))
        }
    }

    // MARK: docker-archive

    /// Writes a docker-archive at `path` (replaced atomically). An index resolves to its manifest
    /// for `platform`.
    public func exportDockerArchive(_ images: [NamedImage], toFile path: String, platform: Platform = .host) throws {
        try writeFile(path) { fd in try exportDockerArchive(images, toFileDescriptor: fd, platform: platform, label: path) }
    }

    /// Streams a docker-archive into `fd`, in `docker save`'s classic layout: `<config hex>.json`,
    /// `<diffID hex>/layer.tar` (uncompressed, as docker writes them), manifest.json and
    /// repositories. Images sharing a manifest share one manifest.json entry with all their tags.
    public func exportDockerArchive(_ images: [NamedImage], toFileDescriptor fd: Int32, platform: Platform = .host,
                                    label: String = "docker archive") throws {
        let writer = try TarWriter(fd: fd, label: label)
        var entries: [DockerArchiveManifest] = []
        var entryByManifest: [Digest: Int] = [:]
        var writtenLayers: Set<Digest> = []
        var repositories: [String: [String: String]] = [:]
        var topLayerByEntry: [Int: String] = [:]
        for image in images {
            let manifestDescriptor = try resolveManifest(image.target, platform: platform, image: image)
            let tag = image.name.flatMap(Self.dockerRepoTag)
            if let existing = entryByManifest[manifestDescriptor.digest] {
                if let tag {
                    entries[existing].repoTags = (entries[existing].repoTags ?? []) + [tag]
                    // Every tag of the shared image goes into `repositories` too, as docker save writes it.
                    if let top = topLayerByEntry[existing], let colon = tag.lastIndex(of: ":") {
                        repositories[String(tag[..<colon]), default: [:]][String(tag[tag.index(after: colon)...])] = top
                    }
                }
                continue
            }
            let manifest = try JSONCoding.decode(Manifest.self, from: store.readAll(manifestDescriptor.digest),
                                                 source: "manifest \(manifestDescriptor.digest)")
            let configBytes = try store.readAll(manifest.config.digest)
            let config = try JSONCoding.decode(ImageConfig.self, from: configBytes, source: "config \(manifest.config.digest)")
            guard config.rootfs.diffIDs.count == manifest.layers.count else {
                throw BerthError(.invalidConfig, "config \(manifest.config.digest): rootfs.diff_ids lists \(config.rootfs.diffIDs.count) layers, the manifest \(manifest.layers.count)")
            }
            let configPath = "\(manifest.config.digest.encoded).json"
            try writer.file(configPath, bytes: configBytes)
            var layerPaths: [String] = []
            for (layer, diffID) in zip(manifest.layers, config.rootfs.diffIDs) {
                let directory = diffID.encoded
                layerPaths.append("\(directory)/layer.tar")
                guard writtenLayers.insert(diffID).inserted else { continue }
                try writer.directory(directory)
                try writeUncompressedLayer(layer, diffID: diffID, to: "\(directory)/layer.tar", writer: writer)
            }
            entryByManifest[manifestDescriptor.digest] = entries.count
            topLayerByEntry[entries.count] = config.rootfs.diffIDs.last?.encoded
            entries.append(DockerArchiveManifest(config: configPath, repoTags: tag.map { [$0] } ?? [], layers: layerPaths))
            if let tag, let top = config.rootfs.diffIDs.last, let colon = tag.lastIndex(of: ":") {
                repositories[String(tag[..<colon]), default: [:]][String(tag[tag.index(after: colon)...])] = top.encoded
            }
        }
        try writer.file("manifest.json", bytes: JSONCoding.encode(entries))
        try writer.file("repositories", bytes: JSONCoding.encode(repositories))
        try writer.finish()
    }

    private func resolveManifest(_ target: Descriptor, platform: Platform, image: NamedImage) throws -> Descriptor {
        let name = image.name ?? target.digest.description
        if MediaTypes.isManifest(target.mediaType) { return target }
        guard MediaTypes.isIndex(target.mediaType) else {
            throw BerthError(.unsupported, "image \(name): \(target.mediaType) is neither a manifest nor an index")
        }
        let index = try JSONCoding.decode(Index.self, from: store.readAll(target.digest), source: "index \(target.digest)")
        let present = index.manifests.filter { store.exists($0.digest) }
        guard let match = platform.bestMatch(in: present) else {
            throw BerthError(.notFound, "image \(name): no manifest for \(platform) in the store")
        }
        return try resolveManifest(match, platform: platform, image: image)
    }

    /// docker-archive layers are plain tars. A compressed blob is decompressed twice: once to learn
    /// the size the tar header needs (checking the diffID on the way), once to write it.
    private func writeUncompressedLayer(_ layer: Descriptor, diffID: Digest, to path: String, writer: TarWriter) throws {
        let blobPath = store.path(of: layer.digest)
        let label = "layer \(layer.digest)"
        func openBlob() throws -> Int32 {
            let fd = open(blobPath, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw BerthError(.notFound, "\(label): not found") }
            return fd
        }
        let measureFD = try openBlob()
        let measured = try DecompressingReader(fd: measureFD, name: label)
        let digests: (compressed: Digest, uncompressed: Digest)
        do { digests = try measured.digests() } catch {
            close(measureFD)
            throw error
        }
        close(measureFD)
        guard digests.uncompressed == diffID else {
            throw BerthError(.invalidConfig, "\(label): uncompressed digest \(digests.uncompressed) does not match its diffID \(diffID)")
        }
        let fd = try openBlob()
        defer { close(fd) }
        let source = try DecompressingReader(fd: fd, name: label)
        try writer.file(path, size: measured.uncompressedSize) { write in
            while let chunk = try source.next() { try write(chunk) }
        }
    }

    /// The RepoTag docker shows for a name: the familiar form (`busybox:latest` for
    /// `docker.io/library/busybox:latest`), `:latest` when untagged, nil for digest references.
    static func dockerRepoTag(_ name: String) -> String? {
        guard !name.contains("@"), !name.isEmpty else { return nil }
        var tagged = name
        let lastSlash = name.lastIndex(of: "/")
        let tail = lastSlash.map { name[name.index(after: $0)...] } ?? name[...]
        if !tail.contains(":") { tagged += ":latest" }
        for prefix in ["docker.io/library/", "docker.io/", "index.docker.io/library/", "index.docker.io/"] where tagged.hasPrefix(prefix) {
            let rest = String(tagged.dropFirst(prefix.count))
            return rest
        }
        return tagged
    }

    /// Writes through a temporary file renamed over `path` once complete.
    private func writeFile(_ path: String, _ body: (Int32) throws -> Void) throws {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BerthError(.system, "create \(temporary)", cause: errnoText()) }
        do {
            try body(fd)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let cause = errnoText()
            unlink(temporary)
            throw BerthError(.system, "rename \(temporary) to \(path)", cause: cause)
        }
    }
}
