import BerthCore
import BerthEngineAPI
import BerthOCI
import BerthRegistry
import BerthSupervisorAPI
import NIOCore

extension ImageService {
    /// `POST /images/{name}/push`: pushes `repository:tag`, or every tag of the repository when
    /// `tag` is empty, as dockerd does. Blobs the registry has are skipped, blobs another
    /// repository on the same registry holds are mounted, the rest are uploaded; the manifest goes
    /// last. The pushed digest becomes a RepoDigest.
    /// With `platform`, a multi-platform image is pushed as the single-platform image of that
    /// platform (its manifest under the tag), as `docker push --platform` does.
    public func push(_ name: String, tag: String, platform: Platform? = nil, credentials: RegistryCredentials, registry: RegistryClient,
                     progress: @escaping ProgressSink) async throws {
        let base = try ImageReference(parsing: name)
        guard base.digest == nil else { throw BerthError(.invalidArgument, "cannot push a digest reference") }
        let images = try await catalog.all()
        var targets: [(ImageReference, ResolvedImage)] = []
        if !tag.isEmpty || ImageReference.hasExplicitTag(name) {
            let reference = try ImageReference(repository: base.repository, tag: tag.isEmpty ? base.tag : tag)
            guard let image = images.first(where: { $0.names.contains(reference.description) }) else {
                throw BerthError(.notFound, "No such image: \(reference.description)")
            }
            targets = [(reference, image)]
        } else {
            for image in images {
                for tagged in image.names {
                    guard let parsed = try? ImageReference(parsing: tagged), parsed.repository == base.repository else { continue }
                    targets.append((parsed, image))
                }
            }
            targets.sort { $0.0.tag < $1.0.tag }
            guard !targets.isEmpty else { throw BerthError(.notFound, "An image does not exist locally with the tag: \(base.repository)") }
        }
        await progress(ProgressMessage(status: "The push refers to repository [\(base.fullRepository)]"))
        let session = registry.session(domain: base.domain, repository: base.remoteName, credentials: credentials, push: true)
        let sources = mountSources(images, domain: base.domain, excluding: base.repository)
        for (reference, image) in targets {
            var image = image
            var manifestBytes = try await link.readBlob(image.target.digest.description)
            if let platform, MediaTypes.isIndex(image.target.mediaType) {
                let index = try JSONCoding.decode(Index.self, from: manifestBytes, source: "image \(reference) index")
                guard let chosen = PlatformSelector(platform).choose(from: index.manifests) else {
                    throw BerthError(.notFound, "image \(reference) has no manifest for \(platform)")
                }
                manifestBytes = try await link.readBlob(chosen.digest.description)
                image.manifest = try JSONCoding.decode(Manifest.self, from: manifestBytes, source: "image \(reference) manifest for \(platform)")
                image.target = Descriptor(mediaType: chosen.mediaType, digest: chosen.digest, size: chosen.size)
            }
            try await pushImage(image, manifestBytes: manifestBytes, reference: reference, session: session, sources: sources, progress: progress)
        }
    }

    func pushImage(_ image: ResolvedImage, manifestBytes: [UInt8], reference: ImageReference, session: RegistrySession,
                   sources: [Digest: String], progress: @escaping ProgressSink) async throws {
        if MediaTypes.isIndex(image.target.mediaType) {
            // A multi-platform image: every platform's manifest and blobs, each manifest by digest, then the
            // index under the tag. All of them must be here; a partial index would name missing manifests.
            let index = try JSONCoding.decode(Index.self, from: manifestBytes, source: "image \(reference) index")
            for child in index.manifests {
                let label = child.platform?.description ?? child.digest.description
                guard MediaTypes.isManifest(child.mediaType) else {
                    throw BerthError(.unsupported, "push \(reference): nested index \(child.digest) is not supported")
                }
                guard let childBytes = try? await link.readBlob(child.digest.description) else {
                    throw BerthError(.notFound, "push \(reference): the manifest for \(label) (\(child.digest)) is not stored locally")
                }
                let manifest = try JSONCoding.decode(Manifest.self, from: childBytes, source: "image \(reference) manifest for \(label)")
                try await pushContent(of: manifest, session: session, sources: sources, progress: progress)
                _ = try await session.putManifest(childBytes, mediaType: child.mediaType, reference: child.digest.description)
            }
        } else {
            try await pushContent(of: image.manifest, session: session, sources: sources, progress: progress)
        }
        let pushed = try await session.putManifest(manifestBytes, mediaType: image.target.mediaType, reference: reference.tag)
        let digest = pushed.isEmpty ? image.target.digest.description : pushed
        await progress(ProgressMessage(status: "\(reference.tag): digest: \(digest) size: \(manifestBytes.count)"))
        await progress(ProgressMessage(progressDetail: ProgressDetail(),
                                       aux: .object(["Tag": .string(reference.tag), "Digest": .string(digest), "Size": .number(Double(manifestBytes.count))])))
        try await upsertRecord("\(reference.repository)@\(digest)", target: Self.proto(image.target))
    }

    /// The layers (a few at a time, top first as docker lists them) and then the config of one manifest.
    func pushContent(of manifest: Manifest, session: RegistrySession, sources: [Digest: String],
                     progress: @escaping ProgressSink) async throws {
        let layers = manifest.layers.filter { !MediaTypes.isNonDistributable($0.mediaType) }
        for layer in layers.reversed() {
            await progress(ProgressMessage(status: "Preparing", progressDetail: ProgressDetail(), id: Self.shortID(layer.digest)))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var pending = layers.reversed()[...]
            func launch() {
                guard let layer = pending.popFirst() else { return }
                group.addTask { try await self.pushLayer(layer, session: session, mountFrom: sources[layer.digest], progress: progress) }
            }
            for _ in 0..<Self.concurrentDownloads { launch() }
            while try await group.next() != nil { launch() }
        }
        _ = try await session.pushBlob(manifest.config, mountFrom: nil, read: contentReader(manifest.config.digest))
    }

    func pushLayer(_ layer: Descriptor, session: RegistrySession, mountFrom: String?, progress: @escaping ProgressSink) async throws {
        let id = Self.shortID(layer.digest)
        let total = layer.size
        let result = try await session.pushBlob(layer, mountFrom: mountFrom, read: contentReader(layer.digest)) { sent in
            await progress(ProgressMessage(status: "Pushing", progressDetail: ProgressDetail(current: sent, total: total),
                                           progress: ProgressBar.render(current: sent, total: total), id: id))
        }
        switch result {
        case .alreadyExists:
            await progress(ProgressMessage(status: "Layer already exists", progressDetail: ProgressDetail(), id: id))
        case .mounted(let from):
            await progress(ProgressMessage(status: "Mounted from \(from)", progressDetail: ProgressDetail(), id: id))
        case .uploaded:
            await progress(ProgressMessage(status: "Pushed", progressDetail: ProgressDetail(), id: id))
        }
    }

    /// Layer digest → a repository on `domain` whose image holds it: the source of a cross-repo mount.
    func mountSources(_ images: [ResolvedImage], domain: String, excluding repository: String) -> [Digest: String] {
        var out: [Digest: String] = [:]
        for image in images {
            let names = image.names + image.repoDigests
            guard let source = names.lazy.compactMap({ try? ImageReference(parsing: $0) })
                .first(where: { $0.domain == domain && $0.repository != repository }) else { continue }
            for layer in image.manifest.layers where out[layer.digest] == nil { out[layer.digest] = source.remoteName }
        }
        return out
    }

    /// Reads a stored blob range through the Content service, for an upload body.
    func contentReader(_ digest: Digest) -> BlobRangeReader {
        let link = self.link
        return { offset, length in
            AsyncThrowingStream { continuation in
                let task = Task {
                    var request = Berth_Supervisor_V1_ReadContentRequest()
                    request.namespace = SupervisorLink.namespace
                    request.digest = digest.description
                    request.offset = offset
                    request.size = length
                    do {
                        try await link.content.read(request) { response in
                            for try await chunk in response.messages {
                                continuation.yield(ByteBuffer(bytes: chunk.data))
                            }
                        }
                        continuation.finish()
                    } catch {
                        continuation.finish(throwing: error)
                    }
                }
                continuation.onTermination = { _ in task.cancel() }
            }
        }
    }
}
