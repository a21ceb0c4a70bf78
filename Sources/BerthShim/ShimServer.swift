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
        guard !subscribers.isEmpty else { return }
        let payload = WireFrame.event(event)
        for conn in subscribers { conn.send(payload) }
    }

    /// Before exiting: push out the answers still queued.
    func flushAll() {
        for conn in connections.values { conn.flushBlocking() }
    }

    private func handle(_ conn: ShimConnection, _ payload: [UInt8]) {
        let request: WireRequest
        do {
            request = try WireRequest(payload)
        } catch {
            conn.reject(ShimError(error))
            return
        }
        let id = request.id
        guard let method = ShimMethod(rawValue: request.method) else {
            conn.send(WireFrame.error(id: id, ShimError(.unimplemented, "unknown method \"\(request.method)\"")))
            return
        }
        let s = service
        let p = request.params
        switch method {
        case .connect: respond(conn, id) { s.connect() }
        case .create: respond(conn, id) { try s.create(try CreateRequest(wire: p)) }
        case .start: respond(conn, id) { try s.start(try ProcessRequest(wire: p)) }
        case .state: respond(conn, id) { try s.state(try ProcessRequest(wire: p)) }
        case .kill: respond(conn, id) { try s.kill(try KillRequest(wire: p)) }
        case .delete: respond(conn, id) { try s.delete(try ProcessRequest(wire: p)) }
        case .exec: respond(conn, id) { try s.exec(try ExecRequest(wire: p)) }
        case .pids: respond(conn, id) { try s.pids() }
        case .pause: respond(conn, id) { try s.pause() }
        case .resume: respond(conn, id) { try s.resume() }
        case .resizePty: respond(conn, id) { try s.resizePty(try ResizePtyRequest(wire: p)) }
        case .closeIO: respond(conn, id) { try s.closeIO(try CloseIORequest(wire: p)) }
        case .stats: respond(conn, id) { try s.stats() }
        case .update: respond(conn, id) { try s.update(try UpdateRequest(wire: p)) }
        case .wait:
            do {
                try service.wait(try ProcessRequest(wire: p)) { [weak conn] exit in
                    guard let conn, !conn.closed else { return }
                    conn.send(WireFrame.result(id: id, exit))
                }
            } catch {
                conn.send(WireFrame.error(id: id, ShimError(error)))
            }
        case .subscribe:
            conn.subscribed = true
            conn.send(WireFrame.result(id: id, ShimEmpty()))
        case .shutdown:
            respond(conn, id) { [weak self] in
                let r = try ShutdownRequest(wire: p)
                guard r.now || !s.hasLiveProcess else {
                    throw ShimError(.failedPrecondition, "task \(s.config.id) still has a live process; kill it or pass now")
                }
                self?.exitRequested = true
                return ShimEmpty()
            }
            if exitRequested { loop.stop() }
        }
    }

    private func respond<R: WireEncodable>(_ conn: ShimConnection, _ id: UInt32, _ body: () throws -> R) {
        do {
            conn.send(WireFrame.result(id: id, try body()))
        } catch {
            conn.send(WireFrame.error(id: id, ShimError(error)))
        }
    }
}
