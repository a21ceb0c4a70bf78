import BerthCore
import BerthEngine
import BerthEngineAPI
import BerthHTTPServer

/// The container lifecycle endpoints: create, list, inspect, start, stop, kill, restart, pause,
/// unpause, rename, remove, prune, top, resize. Streams (attach, wait, logs) are in ContainerStreamRoutes.
enum ContainerRoutes {
    static func register(_ router: inout Router, service: ContainerService, volumes: VolumeService? = nil) throws {
        try router.post("/containers/create") { request in
            let body = try await request.body.decodeJSON(ContainerCreateRequest.self, using: EngineJSON.makeRequestDecoder())
            let response = try await service.create(name: request.query["name"], request: body)
            return try .json(response, status: .created)
        }
        try router.get("/containers/json") { request in
            let list = try await service.list(all: request.query.bool("all"), limit: try request.query.int("limit"),
                                              size: request.query.bool("size"), filters: try request.query.filters())
            return try .json(list)
        }
        try router.get("/containers/{id}/json") { request in
            try .json(await service.inspect(try request.parameter("id"), size: request.query.bool("size")))
        }
        try router.post("/containers/{id}/start") { request in
            try await service.start(try request.parameter("id")) ? .empty() : .empty(.notModified)
        }
        try router.post("/containers/{id}/stop") { request in
            let stopped = try await service.stop(try request.parameter("id"), timeout: try request.query.int("t"),
                                                 signal: request.query["signal"])
            return stopped ? .empty() : .empty(.notModified)
        }
        try router.post("/containers/{id}/restart") { request in
            try await service.restart(try request.parameter("id"), timeout: try request.query.int("t"), signal: request.query["signal"])
            return .empty()
        }
        try router.post("/containers/{id}/kill") { request in
            try await service.kill(try request.parameter("id"), signal: request.query["signal"])
            return .empty()
        }
        try router.post("/containers/{id}/pause") { request in
            try await service.pause(try request.parameter("id"))
            return .empty()
        }
        try router.post("/containers/{id}/unpause") { request in
            try await service.unpause(try request.parameter("id"))
            return .empty()
        }
        try router.post("/containers/{id}/rename") { request in
            try await service.rename(try request.parameter("id"), to: request.query["name"] ?? "")
            return .empty()
        }
        try router.delete("/containers/{id}") { request in
            try await service.remove(try request.parameter("id"), force: request.query.bool("force"), volumes: request.query.bool("v"))
            return .empty()
        }
        try router.post("/containers/prune") { request in
            let result = try await service.prune(filters: try request.query.filters())
            return try .json(PruneResponse(containersDeleted: result.deleted.isEmpty ? nil : result.deleted,
                                           spaceReclaimed: result.reclaimed))
        }
        try router.get("/containers/{id}/top") { request in
            let top = try await service.top(try request.parameter("id"))
            return try .json(TopResponse(titles: top.titles, processes: top.processes))
        }
        try router.get("/containers/{id}/stats") { request in
            let stream = request.query.bool("stream", default: true)
            let samples = try service.stats(try request.parameter("id"), stream: stream, oneShot: request.query.bool("one-shot"))
            return .stream { writer in
                for await sample in samples { try await writer.writeJSONLine(sample) }
            }
        }
        try router.post("/containers/{id}/update") { request in
            let body = try await request.body.decodeJSON(ContainerUpdateRequest.self, using: EngineJSON.makeRequestDecoder())
            let warnings = try await service.update(try request.parameter("id"), request: body)
            return try .json(ContainerUpdateResponse(warnings: warnings))
        }
        try router.get("/system/df") { request in
            let containers = try await service.list(all: true, limit: nil, size: true, filters: [:])
            var images = try await service.imageSummaries()
            for index in images.indices {
                images[index].containers = Int64(containers.filter { $0.imageID == images[index].id }.count)
            }
            let volumeUsage = (volumes?.usage() ?? []).map { VolumeUsage(volume: $0.volume, size: $0.size, refCount: $0.refCount) }
            return try .json(DiskUsage(layersSize: images.reduce(0) { $0 + $1.size }, images: images, containers: containers,
                                       volumes: volumeUsage))
        }
        try router.post("/containers/{id}/resize") { request in
            let id = try request.parameter("id")
            let record = try service.store.find(id)
            guard record.state.running else { throw HTTPError(.conflict, "Container \(id) is not running") }
            try await service.resize(record.id, execID: "", height: UInt(try request.query.int("h") ?? 0),
                                     width: UInt(try request.query.int("w") ?? 0))
            return .empty(.ok)
        }
    }

    struct PruneResponse: Encodable {
        var containersDeleted: [String]?
        var spaceReclaimed: Int64
        enum CodingKeys: String, CodingKey {
            case containersDeleted = "ContainersDeleted", spaceReclaimed = "SpaceReclaimed"
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(containersDeleted, forKey: .containersDeleted)
            try container.encode(spaceReclaimed, forKey: .spaceReclaimed)
        }
    }

    struct DiskUsage: Encodable {
        var layersSize: Int64
        var images: [ImageSummary]
        var containers: [ContainerSummary]
        var volumes: [VolumeUsage]
        var buildCache: [String] = []
        var builderSize: Int64 = 0
        enum CodingKeys: String, CodingKey {
            case layersSize = "LayersSize", images = "Images", containers = "Containers", volumes = "Volumes"
            case buildCache = "BuildCache", builderSize = "BuilderSize"
        }
    }

    /// A volume with dockerd's `UsageData` (`Size` -1 when it cannot be measured).
    struct VolumeUsage: Encodable {
        var volume: VolumeRecord
        var size: Int64
        var refCount: Int
        enum CodingKeys: String, CodingKey { case usageData = "UsageData" }
        enum UsageKeys: String, CodingKey { case size = "Size", refCount = "RefCount" }
        func encode(to encoder: any Encoder) throws {
            try volume.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            var usage = container.nestedContainer(keyedBy: UsageKeys.self, forKey: .usageData)
            try usage.encode(size, forKey: .size)
            try usage.encode(refCount, forKey: .refCount)
        }
    }

    struct TopResponse: Encodable {
        var titles: [String]
        var processes: [[String]]
        enum CodingKeys: String, CodingKey { case titles = "Titles", processes = "Processes" }
    }
}
