import NIOCore
import NIOHTTP1

/// One client connection: reads requests in sequence (keep-alive, pipelining), routes them, writes the
/// answers, and leaves HTTP for a raw stream when a handler hijacks.
struct HTTPConnection: Sendable {
    let channel: NIOAsyncChannel<InboundPart, ByteBuffer>
    let inputClosed: InputClosedSignal
    let router: Router
    let configuration: HTTPServerConfiguration
    let registry: ConnectionRegistry

    func run() async {
        let id = registry.add(channel.channel)
        defer { registry.remove(id) }
        do {
            try await channel.executeThenClose { inbound, outbound in
                let input = ConnectionInput(inbound)
                let output = ConnectionOutput(writer: outbound, allocator: channel.channel.allocator)
                try await serve(id: id, input: input, output: output)
            }
        } catch {
            // The client went away or sent garbage; either way this connection is done.
        }
    }

    private func serve(id: Int, input: ConnectionInput, output: ConnectionOutput) async throws {
        while true {
            guard registry.setIdle(id, true) else { return }
            let part: InboundPart?
            do {
                part = try await input.next()
            } catch {
                try await writeMalformed(output)
                return
            }
            _ = registry.setIdle(id, false)
            guard let part else { return }
            guard case .head(let head) = part else {
                try await writeMalformed(output)
                return
            }
            guard try await respond(to: head, input: input, output: output) else { return }
        }
    }

    /// Answers one request; returns whether the connection may carry another.
    private func respond(to head: HTTPRequestHead, input: ConnectionInput, output: ConnectionOutput) async throws -> Bool {
        let minorVersion = head.version.major == 1 && head.version.minor == 0 ? 0 : 1
        var headers = HTTPHeaderFields()
        for (name, value) in head.headers { headers.add(name, value) }

        let expectsContinue = headers["Expect"]?.lowercased() == "100-continue"
        var sendContinue: (@Sendable () async throws -> Void)?
        if expectsContinue {
            sendContinue = { @Sendable in
                try await output.write(ResponseHead.serialize(status: .continue, headers: HTTPHeaderFields(), httpMinorVersion: minorVersion))
            }
        }
        let body = RequestBody(input: input, sendContinue: sendContinue)
        let method = HTTPMethod(head.method.rawValue)
        var request = HTTPRequest(method: method, path: "/", target: head.uri, headers: headers, body: body)
        // NIO's decoder stops parsing after a request that asks for an upgrade, so such a connection
        // carries nothing more unless it is hijacked.
        var keepAlive = head.isKeepAlive && !request.wantsUpgrade && !registry.isShuttingDown

        let response: HTTPResponse
        do {
            response = try await route(head.uri, into: &request)
        } catch {
            let failure = HTTPError(mapping: error)
            response = .error(failure.status, failure.message)
        }

        // A shutdown that began while the handler ran makes this the connection's last answer.
        if body.hasFailed || registry.isShuttingDown { keepAlive = false }
        switch response.body {
        case .hijack(let handler):
            try await hijack(request, response, handler, input: input, output: output)
            return false
        case .stream(let producer):
            let completed = try await writeStream(request, response, producer, keepAlive: keepAlive, minorVersion: minorVersion, output: output)
            keepAlive = keepAlive && completed && minorVersion == 1
        case .bytes, .empty:
            try await writeBuffered(request, response, keepAlive: keepAlive, minorVersion: minorVersion, output: output)
        }
        if keepAlive, !body.isFullyRead {
            keepAlive = await body.discardRemainder(limit: configuration.maxDiscardedBodyBytes)
        }
        return keepAlive
    }

    /// Parses the target, negotiates the version and finds the handler; runs it.
    private func route(_ target: String, into request: inout HTTPRequest) async throws -> HTTPResponse {
        let queryStart = target.firstIndex(of: "?")
        let rawPath = target[..<(queryStart ?? target.endIndex)]
        guard rawPath.hasPrefix("/") else { throw HTTPError(.badRequest, "malformed request target \(target)") }
        if let queryStart { request.query = QueryParameters(parsing: target[target.index(after: queryStart)...]) }

        let versioned = VersionedPath(PercentDecoding.decode(rawPath, plusAsSpace: false))
        request.path = versioned.path
        request.isVersioned = versioned.versionText != nil
        request.apiVersion = try versioned.negotiate(minimum: configuration.minimumAPIVersion,
                                                     maximum: configuration.maximumAPIVersion)
        switch router.match(request.method, path: versioned.path) {
        case .found(let handler, let parameters):
            request.pathParameters = parameters
            return try await handler(request)
        case .methodNotAllowed:
            throw HTTPError(.methodNotAllowed, "method \(request.method) not allowed for \(versioned.path)")
        case .notFound:
            throw HTTPError(.notFound, "page not found")
        }
    }

    /// The headers dockerd puts on every response.
    private func standardHeaders(into headers: inout HTTPHeaderFields) {
        headers.set("Api-Version", configuration.maximumAPIVersion.description)
        headers.set("Docker-Experimental", configuration.experimental ? "true" : "false")
        headers.set("Ostype", "linux")
        headers.set("Server", configuration.serverHeader)
        headers.set("Date", HTTPDate.now())
    }

    private func writeBuffered(_ request: HTTPRequest, _ response: HTTPResponse, keepAlive: Bool, minorVersion: Int, output: ConnectionOutput) async throws {
        var headers = response.headers
        standardHeaders(into: &headers)
        var bytes: [UInt8] = []
        if case .bytes(let body) = response.body { bytes = body }
        if response.status.allowsBody {
            headers.set("Content-Length", String(bytes.count))
        } else {
            bytes = []
        }
        applyConnectionHeader(&headers, keepAlive: keepAlive, minorVersion: minorVersion)
        var out = ResponseHead.serialize(status: response.status, headers: ResponseHead.sortedForGo(headers), httpMinorVersion: minorVersion)
        if request.method != .head { out += bytes }
        try await output.write(out)
    }

    /// Headers first and at once (a client may block on them: `docker run` waits for the `wait`
    /// headers before it starts the container), then the producer's chunks. Returns whether the body
    /// ended cleanly.
    private func writeStream(_ request: HTTPRequest, _ response: HTTPResponse,
                             _ producer: @escaping @Sendable (ResponseBodyWriter) async throws -> Void,
                             keepAlive: Bool, minorVersion: Int, output: ConnectionOutput) async throws -> Bool {
        var headers = response.headers
        standardHeaders(into: &headers)
        let chunked = minorVersion == 1 && response.status.allowsBody
        if chunked { headers.set("Transfer-Encoding", "chunked") }
        applyConnectionHeader(&headers, keepAlive: keepAlive && chunked, minorVersion: minorVersion)
        try await output.write(ResponseHead.serialize(status: response.status, headers: ResponseHead.sortedForGo(headers), httpMinorVersion: minorVersion))
        guard request.method != .head, response.status.allowsBody else { return true }

        let writer = ResponseBodyWriter(output: output, chunked: chunked)
        let inputClosed = self.inputClosed
        let finished: Bool = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await producer(writer)
                    try await writer.finish()
                    return true
                } catch {
                    return false
                }
            }
            group.addTask {
                // The client closing its side ends the request, as in dockerd (context canceled).
                await inputClosed.wait()
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        return finished && !inputClosed.isClosed
    }

    /// Switches the connection to a raw stream and runs the hijack handler on it.
    private func hijack(_ request: HTTPRequest, _ response: HTTPResponse,
                        _ handler: @escaping @Sendable (HijackedStream) async throws -> Void,
                        input: ConnectionInput, output: ConnectionOutput) async throws {
        // The request body (exec start's JSON) must be consumed before the decoder leaves.
        guard await request.body.discardRemainder(limit: configuration.maxDiscardedBodyBytes) else { return }
        try await switchToRawBytes()

        let upgraded = request.wantsUpgrade
        var headers = HTTPHeaderFields()
        headers.add("Content-Type", response.headers["Content-Type"] ?? HTTPResponse.ContentType.rawStream)
        if upgraded {
            headers.add("Connection", "Upgrade")
            headers.add("Upgrade", "tcp")
        }
        var standard = HTTPHeaderFields()
        standardHeaders(into: &standard)
        for field in ResponseHead.sortedForGo(standard) { headers.add(field.name, field.value) }
        try await output.write(ResponseHead.serialize(status: upgraded ? .upgraded : .ok, headers: headers))
        if configuration.hijackHeaderGap > .zero {
            try? await Task.sleep(for: configuration.hijackHeaderGap)
        }
        try await handler(HijackedStream(input: HijackedInput(input: input), isUpgraded: upgraded, output: output))
    }

    /// Takes the HTTP decoder out of the pipeline; bytes it had read past the request come through as raw.
    private func switchToRawBytes() async throws {
        let pipeline = channel.channel.pipeline
        try await channel.channel.eventLoop.flatSubmit {
            do {
                let operations = pipeline.syncOperations
                let tagger = try operations.context(name: "http-tagger")
                try operations.addHandler(RawBytesTagger(), name: "raw-tagger", position: .after(tagger.handler))
                return pipeline.removeHandler(name: "http-tagger").flatMap {
                    pipeline.removeHandler(name: "http-decoder")
                }.map {
                    // The decoder hands its left-over bytes on while being removed, outside a read cycle;
                    // the async channel delivers reads at read-complete, so end the cycle for them.
                    pipeline.fireChannelReadComplete()
                }
            } catch {
                return pipeline.eventLoop.makeFailedFuture(error)
            }
        }.get()
    }

    private func applyConnectionHeader(_ headers: inout HTTPHeaderFields, keepAlive: Bool, minorVersion: Int) {
        if !keepAlive {
            headers.set("Connection", "close")
        } else if minorVersion == 0 {
            headers.set("Connection", "keep-alive")
        }
    }

    /// A request NIO could not parse: 400 and close, as Go's server answers.
    private func writeMalformed(_ output: ConnectionOutput) async throws {
        let response = HTTPResponse.error(.badRequest, "malformed HTTP request")
        var headers = response.headers
        standardHeaders(into: &headers)
        var bytes: [UInt8] = []
        if case .bytes(let body) = response.body { bytes = body }
        headers.set("Content-Length", String(bytes.count))
        headers.set("Connection", "close")
        try await output.write(ResponseHead.serialize(status: response.status, headers: ResponseHead.sortedForGo(headers)) + bytes)
    }
}
