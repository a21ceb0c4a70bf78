import BerthCore
import BerthLinux
import BerthShimAPI
import CBerthLinux
import Glibc

/// The shim's socket: accepts connections, decodes requests, routes them to the task service and
/// fans events out to subscribers.
final class ShimServer {
    private let loop: EventLoop
    private let service: TaskService
    private let listenFD: Int32
    private var connections: [ObjectIdentifier: ShimConnection] = [:]
    private(set) var exitRequested = false

    init(loop: EventLoop, service: TaskService, listenFD: Int32) {
        self.loop = loop
        self.service = service
        self.listenFD = listenFD
        _ = berth_set_nonblock(listenFD, 1)
        loop.watch(listenFD, events: Int16(POLLIN)) { [weak self] _ in self?.accept() }
        service.publish = { [weak self] event in self?.broadcast(event) }
    }

    private func accept() {
        while true {
            let fd = Glibc.accept(listenFD, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                return
            }
            // Single-threaded: nothing can spawn between accept and this.
            _ = berth_set_cloexec(fd, 1)
            let conn = ShimConnection(fd: fd, loop: loop) { [weak self] conn, payload in self?.handle(conn, payload) }
            conn.onClose = { [weak self] c in self?.connections[ObjectIdentifier(c)] = nil }
            connections[ObjectIdentifier(conn)] = conn
        }
    }

    func broadcast(_ event: ShimEvent) {
        let subscribers = connections.values.filter { $0.subscribed }
        guard !subscribers.isEmpty, let payload = try? ShimJSON.encode(ShimEventFrame(event: event)) else { return }
        for conn in subscribers { conn.send(payload) }
    }

    /// Before exiting: push out the answers still queued.
    func flushAll() {
        for conn in connections.values { conn.flushBlocking() }
    }

    private func handle(_ conn: ShimConnection, _ payload: [UInt8]) {
        let header: ShimRequestHeader
        do {
            header = try ShimJSON.decode(ShimRequestHeader.self, from: payload)
        } catch {
            conn.reject(ShimError(.invalidArgument, "unreadable request: \(ShimError(error).message)"))
            return
        }
        guard let method = ShimMethod(rawValue: header.method) else {
            fail(conn, header.id, ShimError(.unimplemented, "unknown method \"\(header.method)\""))
            return
        }
        let s = service
        switch method {
        case .connect: respond(conn, header.id, method, payload, ShimEmpty.self) { _ in s.connect() }
        case .create: respond(conn, header.id, method, payload, CreateRequest.self) { try s.create($0) }
        case .start: respond(conn, header.id, method, payload, ProcessRequest.self) { try s.start($0) }
        case .state: respond(conn, header.id, method, payload, ProcessRequest.self) { try s.state($0) }
        case .kill: respond(conn, header.id, method, payload, KillRequest.self) { try s.kill($0) }
        case .delete: respond(conn, header.id, method, payload, ProcessRequest.self) { try s.delete($0) }
        case .exec: respond(conn, header.id, method, payload, ExecRequest.self) { try s.exec($0) }
        case .pids: respond(conn, header.id, method, payload, ShimEmpty.self) { _ in try s.pids() }
        case .pause: respond(conn, header.id, method, payload, ShimEmpty.self) { _ in try s.pause() }
        case .resume: respond(conn, header.id, method, payload, ShimEmpty.self) { _ in try s.resume() }
        case .resizePty: respond(conn, header.id, method, payload, ResizePtyRequest.self) { try s.resizePty($0) }
        case .closeIO: respond(conn, header.id, method, payload, CloseIORequest.self) { try s.closeIO($0) }
        case .stats: respond(conn, header.id, method, payload, ShimEmpty.self) { _ in try s.stats() }
        case .update: respond(conn, header.id, method, payload, UpdateRequest.self) { try s.update($0) }
        case .wait: wait(conn, header.id, payload)
        case .subscribe:
            respond(conn, header.id, method, payload, ShimEmpty.self) { _ in ShimEmpty() }
            conn.subscribed = true
        case .shutdown:
            respond(conn, header.id, method, payload, ShutdownRequest.self) { [weak self] r in
                guard r.now || !s.hasLiveProcess else {
                    throw ShimError(.failedPrecondition, "task \(s.config.id) still has a live process; kill it or pass now")
                }
                self?.exitRequested = true
                return ShimEmpty()
            }
            if exitRequested { loop.stop() }
        }
    }

    private func wait(_ conn: ShimConnection, _ id: UInt32, _ payload: [UInt8]) {
        do {
            let params = try decodeParams(ProcessRequest.self, payload, method: "wait")
            try service.wait(params) { [weak conn] exit in
                guard let conn, !conn.closed, let bytes = try? ShimJSON.encode(ShimResponse(id: id, result: exit)) else { return }
                conn.send(bytes)
            }
        } catch {
            fail(conn, id, ShimError(error))
        }
    }

    private func respond<P: Codable & Sendable, R: Codable & Sendable>(
        _ conn: ShimConnection, _ id: UInt32, _ method: ShimMethod, _ payload: [UInt8], _ type: P.Type, _ body: (P) throws -> R
    ) {
        do {
            let result = try body(try decodeParams(type, payload, method: method.rawValue))
            conn.send(try ShimJSON.encode(ShimResponse(id: id, result: result)))
        } catch {
            fail(conn, id, ShimError(error))
        }
    }

    private func fail(_ conn: ShimConnection, _ id: UInt32, _ error: ShimError) {
        if let bytes = try? ShimJSON.encode(ShimResponseHeader(id: id, error: error)) { conn.send(bytes) }
    }

    /// Params may be left out when every field is optional: they decode as `{}`.
    private func decodeParams<P: Codable & Sendable>(_ type: P.Type, _ payload: [UInt8], method: String) throws -> P {
        let what = "\(method) request"
        if let params = try ShimJSON.decode(OptionalParams<P>.self, from: payload, what: what).params { return params }
        return try ShimJSON.decode(P.self, from: Array("{}".utf8), what: what)
    }

    private struct OptionalParams<P: Codable & Sendable>: Codable, Sendable {
        var params: P?
    }
}
