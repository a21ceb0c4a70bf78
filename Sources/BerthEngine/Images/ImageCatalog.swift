import BerthRegistry
import BerthCore
import BerthEngineAPI
import BerthOCI
import BerthSupervisorAPI
import FoundationEssentials
import GRPCCore

/// Docker's image views (`/images/json`, `/images/{name}/json`) built from the supervisor's image
/// store: names are supervisor image records, contents are read through the Content service.
public struct ImageCatalog: Sendable {
    let link: SupervisorLink

    public init(link: SupervisorLink) {
        self.link = link
    }

    func records() async throws -> [Berth_Supervisor_V1_Image] {
        var request = Berth_Supervisor_V1_ListImagesRequest()
        request.namespace = SupervisorLink.namespace
        return try await link.images.list(request).images
    }

    /// Every image, grouped by image id (several names may share one). Records whose content is
    /// gone or unreadable are left out.
    public func all() async throws -> [ResolvedImage] {
        var byID: [String: ResolvedImage] = [:]
        var order: [String] = []
        var manifests: [String: ResolvedImage] = [:]
        for record in try await records() {
            let resolved: ResolvedImage
            if let known = manifests[record.target.digest] {
                resolved = Self.renamed(known, record: record)
            } else {
                guard let fresh = try? await resolve(record) else { continue }
                manifests[record.target.digest] = fresh
                resolved = fresh
            }
            if var existing = byID[resolved.id] {
                // One familiar name may be stored in two spellings (docker.io/library/x and x): shown once.
                existing.names += resolved.names.filter { !existing.names.contains($0) }
                existing.repoDigests += resolved.repoDigests.filter { !existing.repoDigests.contains($0) }
                existing.recordNames += resolved.recordNames
                existing.recordedAt = max(existing.recordedAt, resolved.recordedAt)
                byID[resolved.id] = existing
            } else {
                byID[resolved.id] = resolved
                order.append(resolved.id)
            }
        }
        return order.compactMap { byID[$0] }
    }

    /// By name (`busybox`, `busybox:latest`, `docker.io/library/busybox`), full id, or unique id
    /// prefix; Docker's 404 text otherwise.
    public func find(_ reference: String) async throws -> ResolvedImage {
        try Self.pick(reference, in: try await all())
    }

    static func pick(_ reference: String, in images: [ResolvedImage]) throws -> ResolvedImage {
        if let parsed = try? ImageReference(parsing: reference), parsed.isTagged {
            if let hit = images.first(where: { $0.names.contains(parsed.description) }) { return hit }
        }
        if let parsed = try? ImageReference(parsing: reference), let digest = parsed.digest {
            let wanted = "\(parsed.repository)@\(digest)"
            if let hit = images.first(where: { $0.repoDigests.contains(wanted) }) { return hit }
        }
        let hex = reference.hasPrefix("sha256:") ? String(reference.dropFirst(7)) : reference
        if !hex.isEmpty, hex.count <= 64, hex.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
            let matches = images.filter { String($0.id.dropFirst(7)).hasPrefix(hex) }
            if matches.count == 1 { return matches[0] }
        }
        throw BerthError(.notFound, "No such image: \(notFoundName(reference))")
    }

    /// How dockerd names a missing image: a name with its implied tag (`nosuch:latest`), an id as given.
    static func notFoundName(_ reference: String) -> String {
        let isID = reference.hasPrefix("sha256:") || (reference.count == 64 && reference.allSatisfy(\.isHexDigit))
        guard !isID, let parsed = try? ImageReference(parsing: reference), parsed.isTagged else { return reference }
        return parsed.description
    }

    /// The same image seen through another record: only the names differ.
    static func renamed(_ image: ResolvedImage, record: Berth_Supervisor_V1_Image) -> ResolvedImage {
        var copy = image
        copy.recordNames = [record.name]
        copy.names = displayName(record.name).map { [$0] } ?? []
        copy.repoDigests = repoDigest(record.name).map { [$0] } ?? []
        copy.recordedAt = record.updatedAt.seconds
        return copy
    }

    /// The RepoTag a record name shows as; nil for dangling and temporary records and for
    /// digest-only names.
    static func displayName(_ recordName: String) -> String? {
        if DanglingImageName.isDangling(recordName) || recordName.hasPrefix(ImageService.pendingPrefix) { return nil }
        guard let parsed = try? ImageReference(parsing: recordName) else { return recordName.contains("@") ? nil : recordName }
        return parsed.isTagged ? parsed.description : nil
    }

    /// The RepoDigest a record name shows as: digest-only names (`localhost:5000/app@sha256:…`).
    static func repoDigest(_ recordName: String) -> String? {
        guard recordName.contains("@"), !DanglingImageName.isDangling(recordName),
              let parsed = try? ImageReference(parsing: recordName), let digest = parsed.digest else { return nil }
        return "\(parsed.repository)@\(digest)"
    }

    func resolve(_ record: Berth_Supervisor_V1_Image) async throws -> ResolvedImage {
        let digest = try Digest(parsing: record.target.digest)
        let target = Descriptor(mediaType: record.target.mediaType, digest: digest, size: record.target.size)
        var manifestDescriptor = target
        if MediaTypes.isIndex(target.mediaType) {
            let index = try JSONCoding.decode(Index.self, from: try await link.readBlob(target.digest.description), source: "image \(record.name) index")
            guard let chosen = Platform.host.bestMatch(in: index.manifests) ?? (index.manifests.count == 1 ? index.manifests.first : nil) else {
                throw BerthError(.notFound, "image \(record.name): no manifest for \(Platform.host)")
            }
            manifestDescriptor = chosen
        }
        let manifest = try JSONCoding.decode(Manifest.self, from: try await link.readBlob(manifestDescriptor.digest.description),
                                             source: "image \(record.name) manifest")
        let configBytes = try await link.readBlob(manifest.config.digest.description)
        let config = try JSONCoding.decode(ImageConfig.self, from: configBytes, source: "image \(record.name) config")
        var image = ResolvedImage(names: Self.displayName(record.name).map { [$0] } ?? [], recordNames: [record.name], target: target,
                                  manifest: manifest, config: config, configBytes: configBytes, recordedAt: record.updatedAt.seconds)
        image.repoDigests = Self.repoDigest(record.name).map { [$0] } ?? []
        return image
    }

    // MARK: Engine API views

    public func summaries(filters: [String: [String]] = [:]) async throws -> [ImageSummary] {
        let images = try await all()
        let filter = try ImageListFilter(filters, images: images)
        return images.filter(filter.matches).sorted { $0.createdSeconds > $1.createdSeconds }.map { image in
            ImageSummary(id: image.id, repoTags: filter.shownTags(image).sorted(), repoDigests: image.repoDigests.sorted(), created: image.createdSeconds,
                         size: image.size, sharedSize: -1, virtualSize: image.size, labels: image.config.config?.labels ?? [:],
                         containers: -1)
        }
    }

    public func inspect(_ reference: String) async throws -> ImageInspect {
        let image = try await find(reference)
        var inspect = ImageInspect()
        inspect.id = image.id
        inspect.repoTags = image.names.sorted()
        inspect.repoDigests = image.repoDigests.sorted()
        inspect.created = image.config.created ?? ""
        inspect.author = image.config.author ?? ""
        inspect.comment = image.config.history?.last?.comment ?? ""
        inspect.architecture = image.config.architecture
        inspect.variant = image.config.variant ?? ""
        inspect.os = image.config.os
        inspect.size = image.size
        inspect.virtualSize = image.size
        inspect.config = Self.containerConfig(image.config.config)
        inspect.rootFS = ImageRootFS(type: image.config.rootfs.type, layers: image.config.rootfs.diffIDs.map(\.description))
        inspect.graphDriver = GraphDriverData(data: nil, name: "overlayfs")
        return inspect
    }

    static func containerConfig(_ config: ImageConfig.ExecutionConfig?) -> ContainerConfig {
        var out = ContainerConfig()
        guard let config else { return out }
        out.user = config.user ?? ""
        out.exposedPorts = config.exposedPorts.map { $0.mapValues { _ in EmptyObject() } }
        out.env = config.env
        out.entrypoint = config.entrypoint
        out.cmd = config.cmd
        out.volumes = config.volumes.map { $0.mapValues { _ in EmptyObject() } }
        out.workingDir = config.workingDir ?? ""
        out.labels = config.labels
        out.stopSignal = config.stopSignal ?? ""
        out.onBuild = config.onBuild
        out.shell = config.shell
        return out
    }
}
