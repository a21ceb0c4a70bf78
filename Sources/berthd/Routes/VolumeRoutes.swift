import BerthCore
import BerthEngine
import BerthEngineAPI
import BerthHTTPServer

/// The volume endpoints: list, create, inspect, remove, prune. The service publishes the volume
/// events (create, destroy, prune), since containers create and remove volumes too.
enum VolumeRoutes {
    static func register(_ router: inout Router, volumes: VolumeService) throws {
        try router.get("/volumes") { request in
            try .json(VolumeList(volumes: try volumes.list(filters: try request.query.filters())))
        }
        try router.post("/volumes/create") { request in
            let body = try await request.body.decodeJSONIfPresent(VolumeCreateRequest.self, using: EngineJSON.makeRequestDecoder())
                ?? VolumeCreateRequest()
            let result = try volumes.create(name: body.name, driver: body.driver ?? "", options: body.driverOpts, labels: body.labels)
            return try .json(result.volume, status: .created)
        }
        try router.post("/volumes/prune") { request in
            let result = try volumes.prune(filters: try request.query.filters())
            return try .json(PruneResponse(volumesDeleted: result.deleted, spaceReclaimed: result.reclaimed))
        }
        try router.get("/volumes/{name}") { request in
            try .json(volumes.inspect(try request.parameter("name")))
        }
        try router.delete("/volumes/{name}") { request in
            try volumes.remove(try request.parameter("name"), force: request.query.bool("force"))
            return .empty(.noContent)
        }
    }

    /// dockerd answers `"Warnings": null` when there are none.
    struct VolumeList: Encodable {
        var volumes: [VolumeRecord]
        var warnings: [String]? = nil
        enum CodingKeys: String, CodingKey { case volumes = "Volumes", warnings = "Warnings" }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(volumes, forKey: .volumes)
            try container.encode(warnings, forKey: .warnings)
        }
    }

    /// dockerd answers `"VolumesDeleted": []` when nothing went (unlike images' null).
    struct PruneResponse: Encodable {
        var volumesDeleted: [String]
        var spaceReclaimed: Int64
        enum CodingKeys: String, CodingKey { case volumesDeleted = "VolumesDeleted", spaceReclaimed = "SpaceReclaimed" }
    }
}
