import BerthCore
import BerthEngineAPI
import BerthOCI
import BerthRegistry
import BerthSupervisorAPI
import NIOCore

extension ImageService {
    public typealias ProgressSink = @Sendable (ProgressMessage) async -> Void

    /// How many layers download at once (dockerd's max-concurrent-downloads defaults to 3).
    static let concurrentDownloads = 4
    /// Bytes per content-store write message during a download.
    static let writeChunk = 1 << 20

    /// Finds the manifest `reference` names, trying docker.io mirrors before Docker Hub.
    public func planPull(_ reference: ImageReference, platform: Platform?, credentials: RegistryCredentials,
                         registry: RegistryClient) async throws -> PullPlan {
        let wanted = platform ?? Platform.host
        var sessions = registry.mirrorSessions(domain: reference.domain, repository: reference.remoteName)
        sessions.append(registry.session(domain: reference.domain, repository: reference.remoteName, credentials: credentials))
        var lastError: (any Error)?
        for session in sessions {
            do {
                let (top, child, manifest) = try await session.resolve(reference.manifestReference, displayName: reference.description,
                                                                      platform: wanted)
                return PullPlan(reference: reference, session: session, top: top, manifestDocument: child, manifest: manifest)
            } catch let error as RegistryError where error.code == .noMatchingPlatform || error.code == .invalidManifest {
                throw error
            } catch {
                lastError = error
            }
        }
        throw lastError ?? RegistryError(.notFound, "manifest for \(reference) not found")
    }

    /// Fetches what `plan` names into the content store, names the image, unpacks it, and
    /// reports docker's progress messages on the way. Returns the image id.
    @discardableResult
    public func pull(_ plan: PullPlan, progress: @escaping ProgressSink) async throws -> String {
        let reference = plan.reference
        let manifestDescriptor = plan.manifestDocument.descriptor
        let displayID = reference.tag.isEmpty ? reference.manifestReference : reference.tag
        await progress(ProgressMessage(status: "Pulling from \(reference.remoteName)", id: displayID))

        let records = try await catalog.records()
        let tagName = reference.tag.isEmpty ? nil : reference.description
        let digestName = "\(reference.repository)@\(plan.repoDigest)"
        let tagCurrent = tagName.map { name in records.contains { $0.name == name && $0.target.digest == manifestDescriptor.digest.description } } ?? true
        let digestCurrent = records.contains { $0.name == digestName && $0.target.digest == manifestDescriptor.digest.description }
        if tagCurrent && digestCurrent {
            await progress(ProgressMessage(status: "Digest: \(plan.repoDigest)"))
            await progress(ProgressMessage(status: "Status: Image is up to date for \(reference.description)"))
            return plan.manifest.config.digest.description
        }

        let uploader = try await BlobUploader.start(link: link)
        do {
            let layers = plan.manifest.layers.filter { !MediaTypes.isNonDistributable($0.mediaType) || $0.urls == nil }
            var missing: [Descriptor] = []
            for layer in layers {
                if try await uploader.holdIfPresent(layer.digest) {
                    await progress(ProgressMessage(status: "Already exists", progressDetail: ProgressDetail(), id: Self.shortID(layer.digest)))
                } else {
                    missing.append(layer)
                    await progress(ProgressMessage(status: "Pulling fs layer", progressDetail: ProgressDetail(), id: Self.shortID(layer.digest)))
                }
            }
            try await download(missing, session: plan.session, uploader: uploader, progress: progress)
            try await fetchSmall(plan.manifest.config, session: plan.session, uploader: uploader)
            _ = try await uploader.write(plan.manifestDocument.bytes)
            if plan.top.digest != plan.manifestDocument.digest { _ = try await uploader.write(plan.top.bytes) }

            let target = Self.proto(manifestDescriptor)
            try await upsertRecord(digestName, target: target)
            if let tagName { try await setName(tagName, target: manifestDescriptor) }
            try await unpack(tagName ?? digestName)
            for layer in missing {
                await progress(ProgressMessage(status: "Pull complete", progressDetail: ProgressDetail(), id: Self.shortID(layer.digest)))
            }
        } catch {
            await uploader.finish()
            throw error
        }
        await uploader.finish()
        await progress(ProgressMessage(status: "Digest: \(plan.repoDigest)"))
        await progress(ProgressMessage(status: "Status: Downloaded newer image for \(reference.description)"))
        return plan.manifest.config.digest.description
    }

    static func shortID(_ digest: Digest) -> String { String(digest.encoded.prefix(12)) }

    /// Downloads layers a few at a time, each streamed straight into a resumable ingest.
    func download(_ layers: [Descriptor], session: RegistrySession, uploader: BlobUploader, progress: @escaping ProgressSink) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var pending = layers[...]
            func launch() {
                guard let layer = pending.popFirst() else { return }
                group.addTask {
                    try await Self.downloadLayer(layer, session: session, uploader: uploader, progress: progress)
                }
            }
            for _ in 0..<Self.concurrentDownloads { launch() }
            while try await group.next() != nil { launch() }
        }
    }

    static func downloadLayer(_ layer: Descriptor, session: RegistrySession, uploader: BlobUploader,
                              progress: @escaping ProgressSink) async throws {
        let id = shortID(layer.digest)
        // Two pulls that share a layer (compose pulling its services at once) download it once: the
        // second waits for the first, then holds the stored blob with its own lease.
        try await InFlightDownloads.shared.once(layer.digest) {
            try await fetchLayer(layer, id: id, session: session, uploader: uploader, progress: progress)
        }
        _ = try await uploader.holdIfPresent(layer.digest)
        await progress(ProgressMessage(status: "Download complete", progressDetail: ProgressDetail(), id: id))
    }

    static func fetchLayer(_ layer: Descriptor, id: String, session: RegistrySession, uploader: BlobUploader,
                           progress: @escaping ProgressSink) async throws {
        try await uploader.writeResumable(expected: layer.digest, size: layer.size) { offset, send in
            var written = offset
            var reported = offset
            // HTTP hands over 16-64 KB buffers; the content store gets 1 MiB messages (fewer frames, syscalls
            // and progress lines).
            var pending: [UInt8] = []
            pending.reserveCapacity(Self.writeChunk)
            func flush() async throws {
                guard !pending.isEmpty else { return }
                try await send(pending, written)
                written += Int64(pending.count)
                pending.removeAll(keepingCapacity: true)
                // docker redraws a bar every ~512 KB; so do we, and at the end.
                if written - reported >= 512 << 10 || written == layer.size {
                    reported = written
                    await progress(ProgressMessage(status: "Downloading", progressDetail: ProgressDetail(current: written, total: layer.size),
                                                   progress: ProgressBar.render(current: written, total: layer.size), id: id))
                }
            }
            // The supervisor hashes the ingest and refuses a commit whose digest differs.
            try await session.fetchBlob(layer, offset: offset, verify: false) { buffer in
                pending.append(contentsOf: buffer.readableBytesView)
                if pending.count >= Self.writeChunk { try await flush() }
            }
            try await flush()
            await progress(ProgressMessage(status: "Verifying Checksum", progressDetail: ProgressDetail(), id: id))
        }
    }

    /// A config (or other small blob) read whole and stored.
    func fetchSmall(_ descriptor: Descriptor, session: RegistrySession, uploader: BlobUploader) async throws {
        if try await uploader.holdIfPresent(descriptor.digest) { return }
        var bytes: [UInt8] = []
        try await session.fetchBlob(descriptor) { buffer in bytes += buffer.readableBytesView }
        _ = try await uploader.write(bytes)
    }

    /// Creates record `name` or points it at `target`.
    func upsertRecord(_ name: String, target: Berth_Supervisor_V1_Descriptor) async throws {
        let records = try await catalog.records()
        if let existing = records.first(where: { $0.name == name }) {
            guard existing.target.digest != target.digest else { return }
            var update = Berth_Supervisor_V1_UpdateImageRequest()
            update.namespace = SupervisorLink.namespace
            update.image.name = name
            update.image.target = target
            update.updateMask.paths = ["target"]
            _ = try await SupervisorErrors.translating { try await link.images.update(update) }
        } else {
            try await createRecord(name, target: target)
        }
    }
}
