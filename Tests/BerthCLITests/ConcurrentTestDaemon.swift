import Foundation
import Glibc

/// Like TestDaemon, but every connection is served on its own thread, so a client can hold a hijacked
/// attach stream open while it sends wait and start on other connections (docker run's order).
/// Replies are picked by request line prefix ("POST /v1.41/containers/abc/wait"), first match wins.
final class ConcurrentTestDaemon: @unchecked Sendable {
    let path: String
    private let fd: Int32
    private let lock = NSLock()
    private var routes: [(String, (String) -> [UInt8])]
    private var _requests: [String] = []

    var requests: [String] { lock.lock(); defer { lock.unlock() }; return _requests }
    var host: String { "unix://\(path)" }

    init(routes: [(String, (String) -> [UInt8])]) throws {
        self.routes = routes
        path = "/tmp/berth-cli-ctest-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        unlink(path)
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in path.utf8.enumerated() { raw[i] = b }
        }
        let rc = withUnsafePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        let t = Thread { [self] in self.acceptLoop() }
        t.start()
    }

    private func acceptLoop() {
        while true {
            let c = accept(fd, nil, nil)
            // stop() only shuts the socket down; closing it here (not there) keeps its number from
            // being reused by another test's socket while this thread could still accept on it.
            if c < 0 { close(fd); return }
            let t = Thread { [self] in self.serve(c) }
            t.start()
        }
    }

    private func serve(_ c: Int32) {
        var data: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while !(String(decoding: data, as: UTF8.self).contains("\r\n\r\n")) {
            let n = recv(c, &buf, buf.count, 0)
            if n <= 0 { break }
            data += buf[0..<n]
        }
        let request = String(decoding: data, as: UTF8.self)
        lock.lock()
        _requests.append(request)
        let reply = routes.first { request.hasPrefix($0.0) }?.1
        lock.unlock()
        let out = reply?(request) ?? TestDaemon.response(404, "{\"message\":\"page not found\"}")
        _ = out.withUnsafeBytes { send(c, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        shutdown(c, Int32(SHUT_WR))
        while recv(c, &buf, buf.count, 0) > 0 {}
        close(c)
    }

    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        unlink(path)
    }
}
