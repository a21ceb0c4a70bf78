import BerthCore
import BerthEngineAPI
import BerthOCI
import BerthSupervisorAPI

extension ImageService {
    /// `GET /images/{name}/history`, newest first, as dockerd's containerd store answers: the top
    /// entry carries the image id and its tags, older ones `<missing>` (their own images are not
    /// known); a layer's size is its unpacked snapshot's usage (the stored blob size when the image
    /// is not unpacked), empty-layer entries are 0.
    public func history(_ reference: String) async throws -> [HistoryResponseItem] {
        let image = try await catalog.find(reference)
        let diffIDs = image.config.rootfs.diffIDs
        let chainIDs = (0..<diffIDs.count).compactMap { Self.chainID(Array(diffIDs[...$0])) }
        var sizes: [Int64] = []
        for (index, chainID) in chainIDs.enumerated() {
            var usage = Berth_Supervisor_V1_UsageRequest()
            usage.namespace = SupervisorLink.namespace
            usage.snapshotter = Self.snapshotter
            usage.key = chainID
            if let size = try? await link.snapshots.usage(usage).size {
                sizes.append(size)
            } else {
                sizes.append(index < image.manifest.layers.count ? image.manifest.layers[index].size : 0)
            }
        }
        var entries = image.config.history ?? []
        if entries.isEmpty {
            entries = diffIDs.map { _ in ImageConfig.History(created: image.config.created) }
        }
        var layer = 0
        var items: [HistoryResponseItem] = []
        for entry in entries {
            var size: Int64 = 0
            if entry.emptyLayer != true {
                size = layer < sizes.count ? sizes[layer] : 0
                layer += 1
            }
            let created = entry.created.flatMap { Timestamp.unixNanos(rfc3339: $0) }.map { $0 / 1_000_000_000 } ?? 0
            items.append(HistoryResponseItem(id: "<missing>", created: created, createdBy: entry.createdBy ?? "", tags: nil,
                                             size: size, comment: entry.comment ?? ""))
        }
        items.reverse()
        if !items.isEmpty {
            items[0].id = image.id
            items[0].tags = image.names.sorted()
        }
        return items
    }
}
