import BerthRegistry
import BerthCore
import BerthOCI
import BerthSupervisorAPI
import FoundationEssentials
import GRPCCore

extension ImageService {
    /// `POST /images/create?fromSrc=-`: a rootfs tarball (plain, gzip or zstd) from the request
    /// body becomes a one-layer image. The supervisor stores the layer (under a temporary record);
    /// the engine then writes the config dockerd would (platform of this host, `changes` applied,
    /// a history entry whose comment is `message` or `Imported from -`), names it `reference` (or
    /// leaves it dangling) and returns the image id. Bad `reference` or `changes` are refused before
    /// the body is read; a body that is not a tar is a 400 and leaves nothing behind.
    public func importRootfs<Body: AsyncSequence & Sendable>(_ body: Body, reference: ImageReference?, message: String,
                                                            changes: [String], source: String = "-") async throws -> String where Body.Element == [UInt8] {
        var execution = ImageConfig.ExecutionConfig()
        try DockerfileChanges.apply(changes, to: &execution)
        let pending = Self.pendingPrefix + String(UInt64.random(in: 0..<UInt64.max), radix: 16)
        let request = StreamingClientRequest<Berth_Supervisor_V1_ImportChunk> { writer in
            var first = Berth_Supervisor_V1_ImportChunk()
            first.namespace = SupervisorLink.namespace
            first.format = .rootfs
            first.name = pending
            var sentFirst = false
            for try await bytes in body where !bytes.isEmpty {
                var chunk = sentFirst ? Berth_Supervisor_V1_ImportChunk() : first
                chunk.data = Data(bytes)
                sentFirst = true
                try await writer.write(chunk)
            }
            if !sentFirst { try await writer.write(first) }
        }
        let imported: [Berth_Supervisor_V1_Image]
        do {
            imported = try await link.images.importArchive(request: request) { try $0.message.images }
        } catch {
            try? await deleteRecord(pending)
            let translated = SupervisorErrors.berth(error)
            if let berth = translated as? BerthError, berth.code == .system || berth.code == .invalidConfig {
                throw BerthError(.invalidArgument, "import: \(berth.message)")
            }
            throw translated
        }
        let uploader = try await BlobUploader.start(link: link)
        do {
            guard let record = imported.first else { throw BerthError(.invalidArgument, "import: the archive held no image") }
            let base = try await catalog.resolve(record)
            var config = base.config
            let created = Timestamp.rfc3339Nano(Timestamp.now())
            config.created = created
            config.config = execution == ImageConfig.ExecutionConfig() ? nil : execution
            config.history = [ImageConfig.History(created: created, comment: message.isEmpty ? "Imported from \(source)" : message)]
            let id = try await publish(config: config, layers: base.manifest.layers, reference: reference, uploader: uploader)
            try await deleteRecord(pending)
            await uploader.finish()
            return id
        } catch {
            try? await deleteRecord(pending)
            await uploader.finish()
            throw error
        }
    }
}
