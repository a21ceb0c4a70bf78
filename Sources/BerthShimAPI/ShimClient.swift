import Synchronization

/// The supervisor's handle on one shim: a blocking client, safe to share between threads. Calls are
/// serialised over one connection (opened lazily, reopened after an I/O error); `wait` and
/// `subscribe` use connections of their own, so a parked wait never holds up other calls.
public final class ShimClient: Sendable {
    public let socketPath: String
    private let timeoutMilliseconds: Int32
    private let state = Mutex(ConnectionState())

    private struct ConnectionState: ~Copyable {
        var socket: ShimSocket?
        var nextID: UInt32 = 1
    }

    /// `address` is `unix:///path` (as `berth-shim start` prints it) or a bare socket path.
    /// `timeoutMilliseconds` bounds each call except `wait`; 0 waits forever.
    public init(address: String, timeoutMilliseconds: Int32 = 0) {
        self.socketPath = ShimAddress.socketPath(fromAddress: address)
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// Drops the shared connection (the next call opens a new one).
    public func close() {
        state.withLock { $0.socket = nil }
    }

    // MARK: calls

    public func connect() throws -> ConnectResponse {
        try call(.connect, ShimEmpty(), ConnectResponse.self)
    }

    public func create(_ request: CreateRequest) throws -> PidResponse {
        try call(.create, request, PidResponse.self)
    }

    public func start(execID: String? = nil) throws -> PidResponse {
        try call(.start, ProcessRequest(execID: execID), PidResponse.self)
    }

    public func state(execID: String? = nil) throws -> StateResponse {
        try call(.state, ProcessRequest(execID: execID), StateResponse.self)
    }

    public func kill(execID: String? = nil, signal: Int32, all: Bool = false) throws {
        _ = try call(.kill, KillRequest(execID: execID, signal: signal, all: all), ShimEmpty.self)
    }

    public func delete(execID: String? = nil) throws -> ExitResponse {
        try call(.delete, ProcessRequest(execID: execID), ExitResponse.self)
    }

    public func exec(_ request: ExecRequest) throws {
        _ = try call(.exec, request, ShimEmpty.self)
    }

    public func pids() throws -> [ShimProcessInfo] {
        try call(.pids, ShimEmpty(), PidsResponse.self).processes
    }

    public func pause() throws {
        _ = try call(.pause, ShimEmpty(), ShimEmpty.self)
    }

    public func resume() throws {
        _ = try call(.resume, ShimEmpty(), ShimEmpty.self)
    }

    public func resizePty(execID: String? = nil, width: UInt32, height: UInt32) throws {
        _ = try call(.resizePty, ResizePtyRequest(execID: execID, width: width, height: height), ShimEmpty.self)
    }

    public func closeIO(execID: String? = nil, stdin: Bool = true) throws {
        _ = try call(.closeIO, CloseIORequest(execID: execID, stdin: stdin), ShimEmpty.self)
    }

    /// The runtime's `events --stats` JSON document.
    public func stats() throws -> String {
        try call(.stats, ShimEmpty(), StatsResponse.self).json
    }

    /// `resources`: an OCI LinuxResources object as JSON text.
    public func update(resources: String) throws {
        _ = try call(.update, UpdateRequest(resources: resources), ShimEmpty.self)
    }

    /// Blocks until the process exited (returns at once if it already has), on a connection of its
    /// own. `timeoutMilliseconds` 0 waits forever; on timeout throws `.deadlineExceeded`.
    public func wait(execID: String? = nil, timeoutMilliseconds: Int32 = 0) throws -> ExitResponse {
        let socket = try ShimSocket(path: socketPath, timeoutMilliseconds: timeoutMilliseconds)
        return try ShimClient.roundTrip(socket, id: 1, .wait, ProcessRequest(execID: execID), ExitResponse.self)
    }

    /// Turns a new connection into an event stream (exit, oom, exec-added, ...).
    public func subscribe() throws -> ShimEventStream {
        let socket = try ShimSocket(path: socketPath)
        _ = try ShimClient.roundTrip(socket, id: 1, .subscribe, ShimEmpty(), ShimEmpty.self)
        return ShimEventStream(socket: socket)
    }

    /// Asks the shim to exit. Without `now` it refuses (failedPrecondition) while a process runs.
    public func shutdown(now: Bool = false) throws {
        do {
            _ = try call(.shutdown, ShutdownRequest(now: now), ShimEmpty.self)
        } catch let error as ShimError where error.code == .unavailable {
            // The shim may exit before its answer is read: gone is what was asked for.
        }
        close()
    }

    // MARK: plumbing

    private func call<P: Codable & Sendable, R: Codable & Sendable>(_ method: ShimMethod, _ params: P, _ type: R.Type) throws -> R {
        try state.withLock { conn -> R in
            let socket: ShimSocket
            if let open = conn.socket {
                socket = open
            } else {
                socket = try ShimSocket(path: socketPath, timeoutMilliseconds: timeoutMilliseconds)
                conn.socket = socket
            }
            let id = conn.nextID
            conn.nextID = conn.nextID == UInt32.max ? 1 : conn.nextID + 1
            do {
                return try ShimClient.roundTrip(socket, id: id, method, params, type)
            } catch let error as ShimError where error.code == .unavailable || error.code == .deadlineExceeded {
                // The connection's framing is lost (or the shim is gone): start afresh next time.
                conn.socket = nil
                throw error
            }
        }
    }

    private static func roundTrip<P: Codable & Sendable, R: Codable & Sendable>(
        _ socket: ShimSocket, id: UInt32, _ method: ShimMethod, _ params: P, _ type: R.Type
    ) throws -> R {
        try socket.send(try ShimJSON.encode(ShimRequest(id: id, method: method, params: params)))
        while true {
            guard let payload = try socket.receive() else {
                throw ShimError(.unavailable, "shim at \(socket.path) closed the connection during \(method.rawValue)")
            }
            let header = try ShimJSON.decode(ShimResponseHeader.self, from: payload)
            // Answers to other ids cannot come on this connection (one call at a time); skip them.
            guard header.id == id else { continue }
            if let error = header.error { throw error }
            guard let result = try ShimJSON.decode(ShimResponse<R>.self, from: payload).result else {
                throw ShimError(.internal, "shim at \(socket.path) answered \(method.rawValue) without a result")
            }
            return result
        }
    }
}
