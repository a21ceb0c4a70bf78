import BerthContent
import BerthCore
import BerthImages
import BerthLinux
import BerthMetadata
import BerthOCI
import BerthSupervisorAPI
import FoundationEssentials
import GRPCCore
import SwiftProtobuf
#if canImport(Glibc)
import Glibc
#endif

struct ImagesService: Berth_Supervisor_V1_Images.SimpleServiceProtocol {
    let supervisor: Supervisor
    private var images: ImageRepository { supervisor.metadata.images }
    private var scratch: String { supervisor.configuration.root + "/tmp" }

    func get(request: Berth_Supervisor_V1_GetImageRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_GetImageResponse {
        try await RPCErrors.guarded {
            var response = Berth_Supervisor_V1_GetImageResponse()
            response.image = Self.proto(try images.get(namespace: try RPCErrors.namespace(request.namespace), name: request.name))
            return response
        }
    }

    func list(request: Berth_Supervisor_V1_ListImagesRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_ListImagesResponse {
        try await RPCErrors.guarded {
            var response = Berth_Supervisor_V1_ListImagesResponse()
            response.images = try images.list(namespace: try RPCErrors.namespace(request.namespace), filters: request.filters).map(Self.proto)
            return response
        }
    }

    func create(request: Berth_Supervisor_V1_CreateImageRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_CreateImageResponse {
        try await RPCErrors.guarded {
            let namespace = try RPCErrors.namespace(request.namespace)
            let record = try await supervisor.withStoreOperation {
                try images.create(namespace: namespace, image: try Self.record(request.image))
            }
            supervisor.events.publish(namespace: namespace, topic: "/images/create", ["name": record.name])
            var response = Berth_Supervisor_V1_CreateImageResponse()
            response.image = Self.proto(record)
            return response
        }
    }

    func update(request: Berth_Supervisor_V1_UpdateImageRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_UpdateImageResponse {
        try await RPCErrors.guarded {
            let namespace = try RPCErrors.namespace(request.namespace)
            let record = try images.update(namespace: namespace, image: try Self.record(request.image), fieldPaths: request.updateMask.paths)
            supervisor.events.publish(namespace: namespace, topic: "/images/update", ["name": record.name])
            var response = Berth_Supervisor_V1_UpdateImageResponse()
            response.image = Self.proto(record)
            return response
        }
    }

    func delete(request: Berth_Supervisor_V1_DeleteImageRequest, context: ServerContext) async throws -> Google_Protobuf_Empty {
        try await RPCErrors.guarded {
            let namespace = try RPCErrors.namespace(request.namespace)
            try images.delete(namespace: namespace, name: request.name)
            supervisor.events.publish(namespace: namespace, topic: "/images/delete", ["name": request.name])
            if request.sync { _ = try await supervisor.collectGarbage() }
            return Google_Protobuf_Empty()
        }
    }

    func importArchive(request: RPCAsyncSequence<Berth_Supervisor_V1_ImportChunk, any Error>, context: ServerContext) async throws -> Berth_Supervisor_V1_ImportResponse {
        try await RPCErrors.guarded {
            // The archive is spooled to a file first: format detection needs to look inside it, and a
            // rootfs tarball is read twice (digest, then layer).
            try FileIO.mkdirAll(scratch, mode: 0o700)
            let spool = "\(scratch)/import-\(getpid())-\(UInt64.random(in: 0..<UInt64.max)).tar"
            let fd = open(spool, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw BerthError(.system, "create \(spool)", cause: errnoText()) }
            defer { unlink(spool) }
            var options: Berth_Supervisor_V1_ImportChunk?
            do {
                for try await chunk in request {
                    if options == nil { options = chunk }
                    if !chunk.data.isEmpty { try FileIO.writeAll(fd: fd, Array(chunk.data), what: spool) }
                }
                close(fd)
            } catch {
                close(fd)
                throw error
            }
            guard let options else { throw RPCErrors.invalid("import: no archive data") }
            let namespace = try RPCErrors.namespace(options.namespace)
            let platform = options.hasPlatform && !options.platform.architecture.isEmpty
                ? Platform(os: options.platform.os.isEmpty ? "linux" : options.platform.os, architecture: options.platform.architecture,
                           variant: options.platform.variant.isEmpty ? nil : options.platform.variant)
                : Platform.host
            let imported: [BerthMetadata.ImageRecord] = try await supervisor.withStoreOperation {
                let found = try await Blocking.run { try self.importSpool(spool, options: options, platform: platform) }
                return try found.map { try register($0, namespace: namespace, fallbackName: options.name) }
            }
            for record in imported {
                supervisor.events.publish(namespace: namespace, topic: "/images/create", ["name": record.name])
            }
            if !options.snapshotter.isEmpty {
                for record in imported {
                    _ = try await unpack(namespace: namespace, name: record.name, snapshotter: options.snapshotter, platform: platform)
                }
            }
            var response = Berth_Supervisor_V1_ImportResponse()
            response.images = imported.map(Self.proto)
            return response
        }
    }

    private func importSpool(_ spool: String, options: Berth_Supervisor_V1_ImportChunk, platform: Platform) throws -> [ImportedImage] {
        let importer = ImageImporter(store: supervisor.content)
        switch options.format {
        case .rootfs:
            guard !options.name.isEmpty else { throw RPCErrors.invalid("import of a rootfs tarball needs an image name") }
            return [try importer.importRootfs(from: spool, name: options.name, platform: platform)]
        case .oci, .docker:
            return try importer.importImages(from: spool)
        default:
            do {
                return try importer.importImages(from: spool)
            } catch let error as BerthError where error.code == .invalidArgument && !options.name.isEmpty {
                // Neither layout nor docker archive: with a name given, treat it as a rootfs tarball.
                return [try importer.importRootfs(from: spool, name: options.name, platform: platform)]
            }
        }
    }

    /// Records every blob of the image in the namespace, then creates or replaces the image record
    /// (as `ctr import` does: a second import of a name moves the name).
    private func register(_ image: ImportedImage, namespace: String, fallbackName: String) throws -> BerthMetadata.ImageRecord {
        guard let name = image.name ?? (fallbackName.isEmpty ? nil : fallbackName) else {
            throw RPCErrors.invalid("import: the archive names no image for \(image.target.digest); pass a name")
        }
        for descriptor in ImageResolver(store: supervisor.content).reachable(from: image.target) {
            if (try? supervisor.metadata.content.exists(namespace: namespace, digest: descriptor.digest)) == true { continue }
            _ = try? supervisor.metadata.content.add(namespace: namespace, digest: descriptor.digest, size: descriptor.size)
        }
        let record = BerthMetadata.ImageRecord(name: name, target: image.target)
        do {
            return try images.create(namespace: namespace, image: record)
        } catch let error as BerthError where error.code == .alreadyExists {
            return try images.update(namespace: namespace, image: record, fieldPaths: ["target"])
        }
    }

    func exportArchive(request: Berth_Supervisor_V1_ExportRequest, response: RPCWriter<Berth_Supervisor_V1_ExportChunk>, context: ServerContext) async throws {
        let namespace = try RPCErrors.namespace(request.namespace)
        guard !request.names.isEmpty else { throw RPCErrors.invalid("export: no image names given") }
        let named = try await RPCErrors.guarded {
            try request.names.map { NamedImage(name: $0, target: try images.get(namespace: namespace, name: $0).target) }
        }
        // The exporter writes into a pipe from its own thread; this task streams the other end.
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw RPCErrors.map(BerthError(.system, "export pipe", cause: errnoText())) }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let exporter = ImageExporter(store: supervisor.content)
        let docker = request.format == .docker
        let producer = Task {
            try await Blocking.run {
                defer { close(writeEnd) }
                if docker {
                    try exporter.exportDockerArchive(named, toFileDescriptor: writeEnd)
                } else {
                    try exporter.exportOCIArchive(named, toFileDescriptor: writeEnd)
                }
            }
        }
        defer { close(readEnd) }
        while true {
            let bytes = try await Blocking.run { () -> [UInt8] in
                var buffer = [UInt8](repeating: 0, count: 1 << 20)
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                    if n < 0 && errno == EINTR { continue }
                    return n > 0 ? Array(buffer[0..<n]) : []
                }
            }
            if bytes.isEmpty { break }
            var chunk = Berth_Supervisor_V1_ExportChunk()
            chunk.data = Data(bytes)
            try await response.write(chunk)
        }
        do { try await producer.value } catch { throw RPCErrors.map(error) }
    }

    func unpack(request: Berth_Supervisor_V1_UnpackRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_UnpackResponse {
        try await RPCErrors.guarded {
            let platform = request.hasPlatform && !request.platform.architecture.isEmpty
                ? Platform(os: request.platform.os.isEmpty ? "linux" : request.platform.os, architecture: request.platform.architecture,
                           variant: request.platform.variant.isEmpty ? nil : request.platform.variant)
                : Platform.host
            let result = try await unpack(namespace: try RPCErrors.namespace(request.namespace), name: request.name,
                                          snapshotter: request.snapshotter, platform: platform)
            var response = Berth_Supervisor_V1_UnpackResponse()
            response.chainID = result.chainID
            response.config = Data(result.config)
            return response
        }
    }

    private func unpack(namespace: String, name: String, snapshotter: String, platform: Platform) async throws -> ImageUnpacker.Result {
        let chosen = try supervisor.snapshotter(snapshotter)
        let unpacker = ImageUnpacker(store: supervisor.content, metadata: supervisor.metadata, scratch: scratch)
        return try await supervisor.withStoreOperation {
            try await Blocking.run { try unpacker.unpack(namespace: namespace, image: name, snapshotter: chosen, platform: platform) }
        }
    }

    static func record(_ image: Berth_Supervisor_V1_Image) throws -> BerthMetadata.ImageRecord {
        guard !image.name.isEmpty else { throw RPCErrors.invalid("image name is required") }
        let digest = try Digest(parsing: image.target.digest)
        return BerthMetadata.ImageRecord(
            name: image.name,
            target: Descriptor(mediaType: image.target.mediaType, digest: digest, size: image.target.size,
                               annotations: image.target.annotations.isEmpty ? nil : image.target.annotations),
            labels: image.labels)
    }

    static func proto(_ record: BerthMetadata.ImageRecord) -> Berth_Supervisor_V1_Image {
        var image = Berth_Supervisor_V1_Image()
        image.name = record.name
        image.labels = record.labels
        image.target.mediaType = record.target.mediaType
        image.target.digest = record.target.digest.description
        image.target.size = record.target.size
        image.target.annotations = record.target.annotations ?? [:]
        image.createdAt = ProtoTime.from(nanos: record.createdAt)
        image.updatedAt = ProtoTime.from(nanos: record.updatedAt)
        return image
    }
}
