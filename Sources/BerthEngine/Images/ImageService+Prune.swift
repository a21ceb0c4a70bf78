import BerthCore
import BerthSupervisorAPI
import GRPCCore
import GRPCNIOTransportHTTP2

extension ImageService {
    /// `POST /images/prune`: removes dangling images (`dangling=false`: every image) that no
    /// container uses, narrowed by `until` and `label`/`label!`. SpaceReclaimed is what the
    /// supervisor's garbage collection freed afterwards.
    public func prune(filters: [String: [String]]) async throws -> ImagePruneResponse {
        let images = try await catalog.all()
        var filter = try ImageListFilter(filters, images: images, allowed: ["dangling", "until", "label", "label!"])
        let danglingOnly = filter.dangling ?? true
        filter.dangling = nil
        var report: [ImageDeleteResponseItem] = []
        let uses = try await containerUses()
        for image in images where filter.matches(image) && (!danglingOnly || image.isDangling) {
            guard try await users(of: image, in: uses).isEmpty else { continue }
            for name in image.names.sorted() { report.append(ImageDeleteResponseItem(untagged: name)) }
            for record in image.recordNames { try await deleteRecord(record) }
            report.append(ImageDeleteResponseItem(deleted: image.id))
        }
        var reclaimed: Int64 = 0
        if !report.isEmpty {
            let leases = Berth_Supervisor_V1_Leases.Client(wrapping: link.client)
            reclaimed = try await SupervisorErrors.translating {
                try await leases.collectGarbage(Berth_Supervisor_V1_CollectGarbageRequest()).bytesFreed
            }
        }
        return ImagePruneResponse(imagesDeleted: report.isEmpty ? nil : report, spaceReclaimed: reclaimed)
    }
}
