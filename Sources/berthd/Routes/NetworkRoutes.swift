import BerthCore
import BerthEngine
import BerthEngineAPI
import BerthHTTPServer

/// The network endpoints: list, inspect, create, remove, prune, connect, disconnect. Refusals dockerd
/// answers with 403 (pre-defined networks, active endpoints, a second host network) come from the
/// service as `unsupported` and are mapped here.
enum NetworkRoutes {
    static func register(_ router: inout Router, networks: NetworkService, containers: ContainerService) throws {
        try router.get("/networks") { request in
            try .json(try await forbidding { try await networks.list(filters: try request.query.filters()) })
        }
        try router.get("/networks/{id}") { request in
            try .json(try await forbidding { try await networks.inspect(try request.parameter("id")) })
        }
        try router.post("/networks/create") { request in
            let body = try await request.body.decodeJSON(NetworkCreateRequest.self, using: EngineJSON.makeRequestDecoder())
            return try .json(try await forbidding { try await networks.create(body) }, status: .created)
        }
        try router.delete("/networks/{id}") { request in
            try await forbidding { try await networks.remove(try request.parameter("id")) }
            return .empty(.noContent)
        }
        try router.post("/networks/prune") { request in
            let deleted = try await forbidding { try await networks.prune(filters: try request.query.filters()) }
            return try .json(NetworkPruneResponse(networksDeleted: deleted.isEmpty ? nil : deleted))
        }
        try router.post("/networks/{id}/connect") { request in
            let id = try request.parameter("id")
            let body = try await request.body.decodeJSON(NetworkConnectRequest.self, using: EngineJSON.makeRequestDecoder())
            guard !body.container.isEmpty else { throw HTTPError(.badRequest, "container is required") }
            try await forbidding { try await containers.connect(network: id, container: body.container, settings: body.endpointConfig) }
            return .empty(.ok)
        }
        try router.post("/networks/{id}/disconnect") { request in
            let id = try request.parameter("id")
            let body = try await request.body.decodeJSON(NetworkDisconnectRequest.self, using: EngineJSON.makeRequestDecoder())
            guard !body.container.isEmpty else { throw HTTPError(.badRequest, "container is required") }
            try await forbidding { try await containers.disconnect(network: id, container: body.container, force: body.force) }
            return .empty(.ok)
        }
    }

    static func forbidding<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as BerthError where error.code == .unsupported {
            throw HTTPError(.forbidden, error.description)
        }
    }
}
