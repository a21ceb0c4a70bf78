import BerthCore
import BerthEngine
import BerthEngineAPI
import BerthHTTPServer

/// attach (hijacked), wait (headers at once, body at the exit), logs (streamed).
enum ContainerStreamRoutes {
    static func register(_ router: inout Router, service: ContainerService) throws {
        try router.post("/containers/{id}/attach") { request in
            var options = AttachOptions(detachKeys: try DetachKeys(request.query["detachKeys"]))
            options.stdin = request.query.bool("stdin")
            options.stdout = request.query.bool("stdout")
            options.stderr = request.query.bool("stderr")
            options.stream = request.query.bool("stream")
            options.logs = request.query.bool("logs")
            let plan = try service.attach(try request.parameter("id"), options: options)
            return .hijack(contentType: streamContentType(tty: plan.tty, request: request)) { stream in
                await plan.run(input: stream.input) { bytes in try await stream.write(bytes) }
            }
        }
        try router.post("/containers/{id}/wait") { request in
            let condition = try WaitCondition(query: request.query["condition"])
            let outcomes = try service.registerWait(try request.parameter("id"), condition: condition)
            return .stream { writer in
                var iterator = outcomes.makeAsyncIterator()
                guard let outcome = await iterator.next() else { return }
                let error = outcome.error.map { ContainerWaitExitError(message: $0) }
                try await writer.writeJSONLine(ContainerWaitResponse(error: error, statusCode: Int64(outcome.statusCode)))
            }
        }
        try router.get("/containers/{id}/logs") { request in
            let query = request.query
            guard query.bool("stdout") || query.bool("stderr") else {
                throw HTTPError(.badRequest, "Bad parameters: you must choose at least one stream")
            }
            var options = LogReadOptions(follow: query.bool("follow"), stdout: query.bool("stdout"), stderr: query.bool("stderr"))
            options.since = try time(query["since"], name: "since")
            options.until = try time(query["until"], name: "until")
            if let tail = query["tail"], !tail.isEmpty, tail != "all" {
                guard let count = Int(tail) else { throw HTTPError(.badRequest, "invalid value for tail: \(tail)") }
                options.tail = count < 0 ? nil : count
            }
            let logs = try service.logs(try request.parameter("id"), options: options, timestamps: query.bool("timestamps"))
            let contentType: String? = request.apiVersion >= APIVersion(1, 42)
                ? (logs.tty ? HTTPResponse.ContentType.rawStream : HTTPResponse.ContentType.multiplexedStream) : nil
            return .stream(contentType: contentType) { writer in
                defer { logs.cancel() }
                for await frame in logs.frames { try await writer.write(frame) }
            }
        }
    }

    /// Raw for TTY streams and every stream before 1.42; multiplexed (8-byte frames) otherwise.
    static func streamContentType(tty: Bool, request: HTTPRequest) -> String {
        !tty && request.apiVersion >= APIVersion(1, 42) ? HTTPResponse.ContentType.multiplexedStream : HTTPResponse.ContentType.rawStream
    }

    /// `since`/`until`: Unix seconds with an optional fraction (what the CLI sends), or RFC 3339.
    static func time(_ text: String?, name: String) throws -> Int64? {
        guard let text, !text.isEmpty, text != "0" else { return nil }
        if let seconds = Double(text) { return Int64(seconds * 1_000_000_000) }
        if let nanos = Timestamp.unixNanos(rfc3339: text) { return nanos }
        throw HTTPError(.badRequest, "invalid value for \(name): \(text)")
    }
}
