import BerthRegistry
import BerthCore
import BerthEngine
import BerthOCI
import BerthEngineAPI
import BerthHTTPServer
import FoundationEssentials

/// The image endpoints: list, inspect, tag, remove, history, prune, save (get), load, and import
/// (create with fromSrc). Image names may contain slashes, hence `{name...}`.
enum ImageRoutes {
    static func register(_ router: inout Router, catalog: ImageCatalog, events: EngineEvents) throws {
        let images = ImageService(catalog: catalog)
        try router.get("/images/json") { request in
            try .json(await catalog.summaries(filters: try request.query.filters()))
        }
        try router.get("/images/{name...}/json") { request in
            try .json(await catalog.inspect(try request.parameter("name")))
        }
        try router.post("/images/{name...}/tag") { request in
            let name = try request.parameter("name")
            let repository = request.query["repo"] ?? ""
            let tag = request.query["tag"] ?? ""
            try await images.tag(name, repository: repository, tag: tag)
            if let image = try? await catalog.find(name) {
                let tagged = (try? ImageReference(repository: repository, tag: tag).description) ?? repository
                events.publish(type: "image", action: "tag", id: image.id, attributes: ["name": tagged])
            }
            return .empty(.created)
        }
        try router.delete("/images/{name...}") { request in
            let removed = try await images.remove(try request.parameter("name"), force: request.query.bool("force"),
                                                  prune: !request.query.bool("noprune"))
            for item in removed {
                if !item.untagged.isEmpty {
                    events.publish(type: "image", action: "untag", id: item.untagged, attributes: ["name": item.untagged])
                }
                if !item.deleted.isEmpty {
                    events.publish(type: "image", action: "delete", id: item.deleted, attributes: ["name": item.deleted])
                }
            }
            return try .json(removed)
        }
        try router.get("/images/{name...}/history") { request in
            try .json(await images.history(try request.parameter("name")))
        }
        try router.post("/images/prune") { request in
            try .json(await images.prune(filters: try request.query.filters()))
        }
        try router.get("/images/get") { request in
            try await save(images, request.query.values("names").flatMap { $0.split(separator: ",").map(String.init) })
        }
        try router.get("/images/{name...}/get") { request in
            try await save(images, [try request.parameter("name")])
        }
        try router.post("/images/load") { request in
            let lines = try await images.load(request.body)
            for line in lines {
                let name = line.replacingOccurrences(of: "Loaded image ID: ", with: "").replacingOccurrences(of: "Loaded image: ", with: "")
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                events.publish(type: "image", action: "load", id: name, attributes: ["name": name])
            }
            return messages(lines.map { ProgressMessage(stream: $0) })
        }
    }

    static func save(_ images: ImageService, _ names: [String]) async throws -> HTTPResponse {
        let producer = try await images.save(names)
        return .stream(contentType: HTTPResponse.ContentType.tar) { writer in
            try await producer { bytes in try await writer.write(bytes) }
        }
    }

    /// `fromSrc=-` imports the body (`fromImage` pulls, in RegistryRoutes).
    static func create(_ images: ImageService, _ request: HTTPRequest) async throws -> HTTPResponse {
        guard let source = request.query["fromSrc"], !source.isEmpty else {
            throw BerthError(.invalidArgument, "fromImage or fromSrc is required")
        }
        guard source == "-" else {
            throw BerthError(.unsupported, "import from \(source): only fromSrc=- (the request body) is supported")
        }
        var reference: ImageReference?
        do {
            if let repo = request.query["repo"], !repo.isEmpty {
                reference = try ImageReference(repository: repo, tag: request.query["tag"] ?? "")
            }
            var scratch = ImageConfig.ExecutionConfig()
            try DockerfileChanges.apply(request.query.values("changes"), to: &scratch)
        } catch {
            // Refused before the tarball is read: take in the rest of the upload first, so the client reads
            // this answer instead of failing its write with a broken pipe.
            do { for try await _ in request.body {} } catch {}
            throw error
        }
        let id = try await images.importRootfs(request.body, reference: reference, message: request.query["message"] ?? "",
                                               changes: request.query.values("changes"))
        return messages([ProgressMessage(status: id)])
    }

    /// dockerd's JSON message stream, already complete: one object and `\n` per message.
    static func messages(_ items: [ProgressMessage]) -> HTTPResponse {
        let encoder = HTTPResponse.makeJSONEncoder()
        var bytes: [UInt8] = []
        for item in items {
            bytes += (try? encoder.encode(item)).map(Array.init) ?? []
            bytes.append(0x0A)
        }
        return .bytes(bytes, contentType: HTTPResponse.ContentType.json)
    }
}
