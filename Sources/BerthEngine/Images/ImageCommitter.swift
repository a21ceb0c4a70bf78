import BerthRegistry
import BerthCore
import BerthEngineAPI
import BerthImages
import BerthLinux
import BerthOCI
import BerthSupervisorAPI
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// `docker commit`: a container's writable layer becomes a new image on top of the container's
/// image. The layer is the overlay upper directory written as an OCI layer (whiteouts translated,
/// gzip), stored through the Content service under a lease; the config is the parent's with the
/// diff id and a history entry appended and the execution config rebuilt as dockerd does
/// (request config + `changes`, gaps filled from the container's config). Also lists a
/// container's changes for `docker diff`.
public struct ImageCommitter: Sendable {
    /// Where the container's writable layer is.
    public enum LayerSource: Sendable {
        /// An overlay upper directory and the lower directories (top first) it sits on.
        case overlay(upper: String, lowers: [String])
        /// The container snapshot's mounts as Snapshots.Mounts returns them: an `overlay` mount's
        /// `upperdir=`/`lowerdir=` options, or a `bind` mount of a snapshot without parent.
        case snapshotMounts([Berth_Supervisor_V1_Mount])
    }

    public struct Request: Sendable {
        /// The container's image: its id (`sha256:…`) or a name.
        public var parentImage: String
        public var layer: LayerSource
        /// `repo:tag` (tag defaults to latest); nil leaves the new image dangling.
        public var reference: String?
        public var author: String
        public var comment: String
        /// The container's own config: what the image inherits where the request sets nothing.
        public var containerConfig: ContainerConfig
        /// The body of `POST /commit` (a ContainerConfig), if any.
        public var overrides: ContainerConfig?
        /// `changes` query values (Dockerfile instructions).
        public var changes: [String]

        public init(parentImage: String, layer: LayerSource, reference: String? = nil, author: String = "", comment: String = "",
                    containerConfig: ContainerConfig, overrides: ContainerConfig? = nil, changes: [String] = []) {
            self.parentImage = parentImage
            self.layer = layer
            self.reference = reference
            self.author = author
            self.comment = comment
            self.containerConfig = containerConfig
            self.overrides = overrides
            self.changes = changes
        }
    }

    let service: ImageService
    /// Scratch space for the layer file between writing and uploading (the engine's data root).
    let scratchDirectory: String

    public init(link: SupervisorLink, scratchDirectory: String) {
        service = ImageService(link: link)
        self.scratchDirectory = scratchDirectory
    }

    /// Commits and returns the new image id (`sha256:…`). A bad reference or change is refused
    /// before anything is written; on failure nothing is named (blobs go with the lease).
    public func commit(_ request: Request) async throws -> String {
        let reference = try request.reference.flatMap { $0.isEmpty ? nil : try ImageReference(parsing: $0) }
        if let reference, !reference.isTagged { throw BerthError(.invalidArgument, "invalid reference format: cannot commit to a digest reference") }
        var execution = Self.executionConfig(request.overrides ?? ContainerConfig())
        try DockerfileChanges.apply(request.changes, to: &execution)
        execution = Self.merge(execution, inheriting: Self.executionConfig(request.containerConfig))
        let parent = try await service.catalog.find(request.parentImage)
        let (upper, _) = try Self.directories(request.layer)

        try FileIO.mkdirAll(scratchDirectory, mode: 0o700)
        let layerPath = "\(scratchDirectory)/commit-\(getpid())-\(UInt64.random(in: 0..<UInt64.max)).tar.gz"
        defer { unlink(layerPath) }
        let isEmpty = (try FileIO.list(upper)).isEmpty
        let written: LayerDiffWriter.Result? = isEmpty ? nil : try await Self.offload {
            let fd = open(layerPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw BerthError(.system, "create \(layerPath)", cause: String(cString: strerror(errno))) }
            defer { close(fd) }
            return try LayerDiffWriter().write(upperDirectory: upper, to: fd)
        }

        let uploader = try await BlobUploader.start(link: service.link)
        do {
            var layers = parent.manifest.layers
            var config = parent.config
            let created = Timestamp.rfc3339Nano(Timestamp.now())
            if let written {
                try await uploader.write(file: layerPath, digest: written.digest, size: written.size)
                layers.append(Descriptor(mediaType: MediaTypes.ociLayerGzip, digest: written.digest, size: written.size))
                config.rootfs.diffIDs.append(written.diffID)
            }
            config.created = created
            config.author = request.author.isEmpty ? nil : request.author
            config.config = execution
            config.history = (config.history ?? []) + [ImageConfig.History(
                created: created, createdBy: (request.containerConfig.cmd ?? []).joined(separator: " "),
                author: request.author.isEmpty ? nil : request.author, comment: request.comment.isEmpty ? nil : request.comment,
                emptyLayer: written == nil ? true : nil)]
            let id = try await service.publish(config: config, layers: layers, reference: reference, uploader: uploader)
            await uploader.finish()
            return id
        } catch {
            await uploader.finish()
            throw error
        }
    }

    /// The writable layer of the snapshot `key` (a container's `snapshot_key`), from the
    /// supervisor's Snapshots.Mounts.
    public func layerSource(snapshotter: String = ImageService.snapshotter, key: String) async throws -> LayerSource {
        var request = Berth_Supervisor_V1_MountsRequest()
        request.namespace = SupervisorLink.namespace
        request.snapshotter = snapshotter
        request.key = key
        let mounts = try await SupervisorErrors.translating { try await service.link.snapshots.mounts(request).mounts }
        return .snapshotMounts(mounts)
    }

    /// `GET /containers/{id}/changes` for a container whose writable layer is `layer`.
    public static func changes(_ layer: LayerSource) throws -> [FileChange] {
        let (upper, lowers) = try directories(layer)
        return try ChangesScanner.overlayChanges(upperDirectory: upper, lowerDirectories: lowers)
    }

    static func directories(_ layer: LayerSource) throws -> (upper: String, lowers: [String]) {
        switch layer {
        case .overlay(let upper, let lowers):
            return (upper, lowers)
        case .snapshotMounts(let mounts):
            for mount in mounts {
                if mount.type == "overlay" {
                    var upper: String?
                    var lowers: [String] = []
                    for option in mount.options {
                        if option.hasPrefix("upperdir=") { upper = String(option.dropFirst("upperdir=".count)) }
                        if option.hasPrefix("lowerdir=") { lowers = option.dropFirst("lowerdir=".count).split(separator: ":").map(String.init) }
                    }
                    guard let upper else { throw BerthError(.invalidArgument, "commit: the overlay mount of \(mount.source) has no upperdir (a read-only view)") }
                    return (upper, lowers)
                }
                if mount.type == "bind" || mount.options.contains("bind") || mount.options.contains("rbind") {
                    // A snapshot without parent: everything in it is the container's.
                    return (mount.source, [])
                }
            }
            throw BerthError(.unsupported, "commit: no overlay or bind mount among the snapshot's mounts (\(mounts.map(\.type).joined(separator: ", ")))")
        }
    }

    /// Runs blocking file work on its own thread, off Swift's cooperative pool.
    static func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            do {
                let thread = try BlockingThread { continuation.resume(with: Result { try body() }) }
                pthread_detach(thread.thread)
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
}
