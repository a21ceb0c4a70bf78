import BerthRegistry
import BerthContent
import BerthCore
import BerthSupervisorAPI
import GRPCCore

extension ImageService {
    /// A container that uses an image: its id and whether its task is running (or paused).
    struct ImageUser: Sendable {
        var containerID: String
        var running: Bool
        var shortID: String { String(containerID.prefix(12)) }
    }

    /// `DELETE /images/{name}` with dockerd's rules. By name: that name goes (`Untagged`), and the
    /// image with it when it was the last one (`Deleted`); a container using the image makes the last
    /// name a conflict unless forced (forced, the image stays as dangling). By id: every name goes;
    /// several names need `force`; a running container is a conflict even forced, a stopped one
    /// unless forced.
    public func remove(_ reference: String, force: Bool, prune: Bool = true) async throws -> [ImageDeleteResponseItem] {
        let images = try await catalog.all()
        let image = try ImageCatalog.pick(reference, in: images)
        let users = try await users(of: image)
        let byName: String? = {
            guard let parsed = try? ImageReference(parsing: reference), parsed.isTagged, image.names.contains(parsed.description) else { return nil }
            // A hex string that is also a valid name (`abc123`) is a name only if such a name exists.
            return parsed.description
        }()
        var report: [ImageDeleteResponseItem] = []
        if let name = byName {
            let records = image.recordNames.filter { ImageCatalog.displayName($0) == name }
            if image.names.count > 1 {
                for record in records { try await deleteRecord(record) }
                return [ImageDeleteResponseItem(untagged: name)]
            }
            if let user = users.first {
                guard force else {
                    throw BerthError(.alreadyExists, "conflict: unable to remove repository reference \"\(name)\" (must force) - container \(user.shortID) is using its referenced image \(image.shortID)")
                }
                try await createRecord(DanglingImageName.name(forTarget: image.target.digest.description), target: Self.proto(image.target))
                for record in records { try await deleteRecord(record) }
                return [ImageDeleteResponseItem(untagged: name)]
            }
            report.append(ImageDeleteResponseItem(untagged: name))
            report += image.repoDigests.sorted().map { ImageDeleteResponseItem(untagged: $0) }
        } else {
            if let running = users.first(where: \.running) {
                throw BerthError(.alreadyExists, "conflict: unable to delete \(image.shortID) (cannot be forced) - image is being used by running container \(running.shortID)")
            }
            if image.names.count > 1 && !force {
                throw BerthError(.alreadyExists, "conflict: unable to delete \(image.shortID) (must be forced) - image is referenced in multiple repositories")
            }
            if let stopped = users.first {
                guard force else {
                    throw BerthError(.alreadyExists, "conflict: unable to delete \(image.shortID) (must be forced) - image is being used by stopped container \(stopped.shortID)")
                }
                // Forced with a container on it: the names go, the image stays (as dockerd keeps it).
                try await createRecord(DanglingImageName.name(forTarget: image.target.digest.description), target: Self.proto(image.target))
                for record in image.recordNames where !DanglingImageName.isDangling(record) { try await deleteRecord(record) }
                return image.names.sorted().map { ImageDeleteResponseItem(untagged: $0) }
            }
            report += (image.names.sorted() + image.repoDigests.sorted()).map { ImageDeleteResponseItem(untagged: $0) }
        }
        try await deleteImage(image, records: await recordsPointing(at: image))
        report.append(ImageDeleteResponseItem(deleted: image.id))
        return report
    }

    /// Every record whose target resolves to `image`'s id (names in any spelling, dangling records).
    func recordsPointing(at image: ResolvedImage) async throws -> [String] {
        let all = try await catalog.all()
        return all.first { $0.id == image.id }?.recordNames ?? image.recordNames
    }

    /// Deletes the records; the last deletion collects garbage so the content goes at once.
    func deleteImage(_ image: ResolvedImage, records: [String]) async throws {
        for (index, record) in records.enumerated() {
            try await deleteRecord(record, collect: index == records.count - 1)
        }
    }

    /// Containers that use `image`: their `image` field is its id or one of its names, or their
    /// snapshot sits on the image's top layer (which still holds once the name they were created
    /// with has been removed).
    func users(of image: ResolvedImage, in containers: [ContainerUse]? = nil) async throws -> [ImageUser] {
        let all: [ContainerUse]
        if let containers { all = containers } else { all = try await containerUses() }
        let top = Self.chainID(image.config.rootfs.diffIDs)
        return all.filter { use in
            use.image == image.id || image.recordNames.contains(use.image)
                || ImageCatalog.displayName(use.image).map { image.names.contains($0) } == true
                || (top != nil && use.parentSnapshot == top)
        }.map { ImageUser(containerID: $0.id, running: $0.running) }.sorted { $0.running && !$1.running }
    }

    /// What each container in the engine's namespace stands on, read once for a whole rmi or prune.
    struct ContainerUse: Sendable {
        var id: String
        var image: String
        var parentSnapshot: String
        var running: Bool
    }

    func containerUses() async throws -> [ContainerUse] {
        var request = Berth_Supervisor_V1_ListContainersRequest()
        request.namespace = SupervisorLink.namespace
        let containers = try await SupervisorErrors.translating { try await link.containers.list(request).containers }
        guard !containers.isEmpty else { return [] }
        var tasks = Berth_Supervisor_V1_ListTasksRequest()
        tasks.namespace = SupervisorLink.namespace
        let live = (try? await link.tasks.list(tasks).tasks) ?? []
        let running = Set(live.filter { $0.status == .running || $0.status == .paused || $0.status == .pausing }.map(\.containerID))
        var uses: [ContainerUse] = []
        for container in containers {
            var parent = ""
            if !container.snapshotKey.isEmpty {
                var stat = Berth_Supervisor_V1_StatSnapshotRequest()
                stat.namespace = SupervisorLink.namespace
                stat.snapshotter = container.snapshotter.isEmpty ? Self.snapshotter : container.snapshotter
                stat.key = container.snapshotKey
                parent = (try? await link.snapshots.stat(stat).info.parent) ?? ""
            }
            uses.append(ContainerUse(id: container.id, image: container.image, parentSnapshot: parent, running: running.contains(container.id)))
        }
        return uses
    }

    /// The snapshot name of an image's top layer: containerd's chain id over the diff ids.
    static func chainID(_ diffIDs: [Digest]) -> String? {
        var chain: Digest?
        for diffID in diffIDs {
            chain = chain.map { SHA256Hasher.digest(Array("\($0) \(diffID)".utf8)) } ?? diffID
        }
        return chain?.description
    }
}
