import BerthCore
import BerthEngine
import BerthEngineAPI
import BerthHTTPServer

/// exec create, start (hijacked or detached), resize, inspect.
enum ExecRoutes {
    static func register(_ router: inout Router, service: ContainerService) throws {
        try router.post("/containers/{id}/exec") { request in
            let config = try await request.body.decodeJSON(ExecConfig.self, using: EngineJSON.makeRequestDecoder())
            let id = try service.createExec(try request.parameter("id"), config: config)
            return try .json(ExecCreateResponse(id: id), status: .created)
        }
        try router.post("/exec/{id}/start") { request in
            let body = try await request.body.decodeJSONIfPresent(ExecStartConfig.self, using: EngineJSON.makeRequestDecoder()) ?? ExecStartConfig()
            let id = try request.parameter("id")
            let exec = try service.execRecord(id)
            let keys = try DetachKeys(exec.config.detachKeys.isEmpty ? nil : exec.config.detachKeys)
            let started = try await service.startExec(id, detach: body.detach, consoleSize: body.consoleSize)
            guard let target = started.target else { return .empty(.ok) }
            let config = started.exec.config
            let contentType = ContainerStreamRoutes.streamContentType(tty: config.tty, request: request)
            return .hijack(contentType: contentType) { stream in
                var inputTask: Task<Void, Never>?
                if config.attachStdin {
                    inputTask = Task {
                        if await target.forwardInput(stream.input, keys: keys, closeStdinAtEOF: true) { target.close() }
                    }
                }
                for await chunk in target.output {
                    if chunk.stream == .stdout && !config.attachStdout { continue }
                    if chunk.stream == .stderr && !config.attachStderr { continue }
                    let bytes = config.tty ? chunk.bytes
                        : MultiplexedFrame.encode(chunk.stream == .stdout ? .stdout : .stderr, chunk.bytes)
                    do { try await stream.write(bytes) } catch { break }
                }
                target.close()
                inputTask?.cancel()
            }
        }
        try router.post("/exec/{id}/resize") { request in
            let exec = try service.execRecord(try request.parameter("id"))
            // The CLI resizes right after start; give a just-started exec a moment to run.
            for _ in 0..<100 where !(service.execRecordIfPresent(exec.id)?.running ?? false) && service.execRecordIfPresent(exec.id)?.exitCode == nil {
                try await Task.sleep(for: .milliseconds(10))
            }
            try await service.resize(exec.containerID, execID: exec.id, height: UInt(try request.query.int("h") ?? 0),
                                     width: UInt(try request.query.int("w") ?? 0))
            return .empty(.ok)
        }
        try router.get("/exec/{id}/json") { request in
            try .json(service.inspectExec(try request.parameter("id")))
        }
    }
}
