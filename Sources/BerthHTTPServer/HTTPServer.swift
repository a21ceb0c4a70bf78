import BerthCore
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The HTTP/1.1 server under berthd: listens on a unix socket and optionally TCP, routes Docker's
/// versioned and unversioned paths, negotiates the API version, streams request and response bodies,
/// and hijacks connections for attach and exec.
///
///     var router = Router()
///     try router.get("/containers/{id}/json") { request in try .json(inspect(try request.parameter("id"))) }
///     let server = HTTPServer(configuration: .init(unixSocketPath: "/run/berth/berth.sock"), router: router)
///     try await server.start()
///     ...
///     await server.shutdown()
public final class HTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    private let router: Router
    private let group: any EventLoopGroup
    private let registry = ConnectionRegistry()

    private struct State {
        var listeners: [any Channel] = []
        var acceptTasks: [Task<Void, Never>] = []
        var tcpPort: Int?
        var started = false
    }

    private let state = Mutex(State())

    /// Serves `router`, plus the built-in `GET`/`HEAD /_ping` unless the router has its own.
    public init(configuration: HTTPServerConfiguration, router: Router,
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        var router = router
        Self.addPing(to: &router, configuration: configuration)
        self.configuration = configuration
        self.router = router
        self.group = eventLoopGroup
    }

    /// The bound TCP port (useful with port 0), once started.
    public var tcpPort: Int? { state.withLock { $0.tcpPort } }

    /// Binds every configured listener and starts accepting. Throws when a socket is in use, or when
    /// nothing is configured to listen on.
    public func start() async throws {
        guard configuration.unixSocketPath != nil || configuration.tcpAddress != nil else {
            throw BerthError(.invalidArgument, "http server: no unix socket or tcp address to listen on")
        }
        try state.withLock { state in
            guard !state.started else { throw BerthError(.illegalState, "http server: already started") }
            state.started = true
        }
        do {
            if let path = configuration.unixSocketPath {
                try UnixSocketFile.prepare(path)
                let listener = try await bootstrap().bind(unixDomainSocketPath: path, childChannelInitializer: Self.initializeConnection)
                try UnixSocketFile.applyPermissions(path, mode: configuration.unixSocketMode, group: configuration.unixSocketGroup)
                accept(on: listener)
            }
            if let tcp = configuration.tcpAddress {
                let listener = try await bootstrap()
                    .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                    .bind(host: tcp.host, port: tcp.port, childChannelInitializer: Self.initializeConnection)
                state.withLock { $0.tcpPort = listener.channel.localAddress?.port }
                accept(on: listener)
            }
        } catch {
            await shutdown()
            throw error
        }
    }

    /// Stops accepting, closes idle connections, lets running requests finish for the grace period,
    /// then closes what is left and removes the socket file.
    public func shutdown() async {
        let (listeners, tasks) = state.withLock { state in
            defer { state.listeners = [] }
            return (state.listeners, state.acceptTasks)
        }
        for listener in listeners { try? await listener.close() }
        registry.beginShutdown()

        let registry = self.registry
        let grace = configuration.shutdownGracePeriod
        let deadline = Task {
            try? await Task.sleep(for: grace)
            if !Task.isCancelled { registry.closeAll() }
        }
        for task in tasks { await task.value }
        deadline.cancel()
        if let path = configuration.unixSocketPath, !listeners.isEmpty {
            removeSocketFile(path)
        }
    }

    /// Open client connections (for tests and diagnostics).
    public var connectionCount: Int { registry.count }

    private func bootstrap() -> ServerBootstrap {
        ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            // Half-close is not a disconnect: attach clients shut their write side and keep reading.
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
    }

    private static let initializeConnection: @Sendable (any Channel) -> EventLoopFuture<AcceptedConnection> = { channel in
        channel.eventLoop.makeCompletedFuture {
            let inputClosed = InputClosedSignal()
            let operations = channel.pipeline.syncOperations
            try operations.addHandler(InputClosedObserver(signal: inputClosed))
            try operations.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes)), name: "http-decoder")
            try operations.addHandler(HTTPPartTagger(), name: "http-tagger")
            let asyncChannel = try NIOAsyncChannel<InboundPart, ByteBuffer>(wrappingChannelSynchronously: channel)
            return AcceptedConnection(channel: asyncChannel, inputClosed: inputClosed)
        }
    }

    private func accept(on listener: NIOAsyncChannel<AcceptedConnection, Never>) {
        let router = self.router
        let configuration = self.configuration
        let registry = self.registry
        let task = Task {
            _ = try? await listener.executeThenClose { connections in
                await withDiscardingTaskGroup { group in
                    do {
                        for try await accepted in connections {
                            group.addTask {
                                await HTTPConnection(channel: accepted.channel, inputClosed: accepted.inputClosed, router: router,
                                                     configuration: configuration, registry: registry).run()
                            }
                        }
                    } catch {
                        // The listener closed; running connections finish in the group.
                    }
                }
            }
        }
        state.withLock { state in
            state.listeners.append(listener.channel)
            state.acceptTasks.append(task)
        }
    }

    private func removeSocketFile(_ path: String) {
        // Only our own socket: a successor daemon may already have bound a new one at this path.
        if !UnixSocketFile.isAnswering(path) { UnixSocketFile.remove(path) }
    }

    /// dockerd's ping: `OK`, no caching, and the standard headers the CLI negotiates from.
    private static func addPing(to router: inout Router, configuration: HTTPServerConfiguration) {
        let ping: HTTPHandler = { request in
            var headers = configuration.pingHeaders
            headers.set("Cache-Control", "no-cache, no-store, must-revalidate")
            headers.set("Pragma", "no-cache")
            headers.set("Content-Type", "text/plain; charset=utf-8")
            return HTTPResponse(status: .ok, headers: headers, body: request.method == .head ? .empty : .bytes(Array("OK".utf8)))
        }
        if !router.hasRoute(.get, "/_ping") { try? router.get("/_ping", ping) }
        if !router.hasRoute(.head, "/_ping") { try? router.head("/_ping", ping) }
    }
}

/// A freshly accepted connection and its EOF signal, built on the event loop.
struct AcceptedConnection: Sendable {
    let channel: NIOAsyncChannel<InboundPart, ByteBuffer>
    let inputClosed: InputClosedSignal
}
