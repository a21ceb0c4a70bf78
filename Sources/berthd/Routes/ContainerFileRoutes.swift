import BerthCore
import BerthEngine
import BerthEngineAPI
import BerthHTTPServer
import BerthLinux
import FoundationEssentials
import Glibc

/// archive (HEAD, GET, PUT), export, changes, commit.
enum ContainerFileRoutes {
    static func register(_ router: inout Router, service: ContainerService, dataRoot: String) throws {
        try router.head("/containers/{id}/archive") { request in
            let stat = try await service.statPath(try request.parameter("id"), path: try path(request))
            var response = HTTPResponse.empty(.ok)
            response.headers.add("X-Docker-Container-Path-Stat", stat.headerValue)
            return response
        }
        try router.get("/containers/{id}/archive") { request in
            let (stat, tar) = try await service.archive(try request.parameter("id"), path: try path(request))
            var headers = HTTPHeaderFields()
            headers.add("X-Docker-Container-Path-Stat", stat.headerValue)
            return .stream(contentType: HTTPResponse.ContentType.tar, headers: headers) { writer in
                for await chunk in tar { try await writer.write(chunk) }
            }
        }
        try router.put("/containers/{id}/archive") { request in
            let id = try request.parameter("id")
            let target = try path(request)
            _ = try service.store.find(id)
            try FileIO.mkdirAll(dataRoot + "/tmp", mode: 0o700)
            let spool = dataRoot + "/tmp/put-" + String(UInt64.random(in: 0...UInt64.max), radix: 16) + ".tar"
            defer { unlink(spool) }
            let fd = open(spool, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw BerthError.sys("create \(spool)") }
            do {
                for try await chunk in request.body { try FileIO.writeAll(fd: fd, Array(chunk), what: spool) }
                close(fd)
            } catch {
                close(fd)
                throw error
            }
            try await service.extract(id, path: target, tarFile: spool)
            return .empty(.ok)
        }
        try router.get("/containers/{id}/export") { request in
            let tar = try await service.export(try request.parameter("id"))
            return .stream(contentType: HTTPResponse.ContentType.octetStream) { writer in
                for await chunk in tar { try await writer.write(chunk) }
            }
        }
        try router.get("/containers/{id}/changes") { request in
            let changes = try await service.changes(try request.parameter("id"))
            return try .json(changes.isEmpty ? nil : changes)
        }
        try router.post("/commit") { request in
            guard let container = request.query["container"], !container.isEmpty else {
                throw HTTPError(.badRequest, "Bad parameters: container is required")
            }
            // The CLI sends `null` when no config overrides are given.
            let raw = try await request.body.collect(upTo: 16 << 20)
            let text = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let overrides = text.isEmpty || text == "null" ? nil : try EngineJSON.decode(ContainerConfig.self, from: raw)
            let changes = request.query.values("changes").flatMap { $0.split(separator: "\n").map(String.init) }
            let id = try await service.commit(container, repository: request.query["repo"], tag: request.query["tag"],
                                              author: request.query["author"] ?? "", comment: request.query["comment"] ?? "",
                                              changes: changes, pause: request.query.bool("pause", default: true), overrides: overrides)
            return try .json(IDResponse(id: id), status: .created)
        }
    }

    static func path(_ request: HTTPRequest) throws -> String {
        guard let path = request.query["path"], !path.isEmpty else {
            throw HTTPError(.badRequest, "Bad parameters: path is required")
        }
        return path
    }

    struct IDResponse: Encodable {
        var id: String
        enum CodingKeys: String, CodingKey { case id = "Id" }
    }
}
