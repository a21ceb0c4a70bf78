import Foundation
import Glibc

/// A tiny blocking HTTP server on a unix socket: each accepted connection reads one request and
/// gets the next canned reply. Records requests so tests can check what the client sent.
final class TestDaemon: @unchecked Sendable {
    let path: String
    private let fd: Int32
    private let lock = NSLock()
    private var replies: [(String) -> [UInt8]]
    private var _requests: [String] = []
    private var thread: Thread?

    var requests: [String] { lock.lock(); defer { lock.unlock() }; return _requests }

    init(replies: [(String) -> [UInt8]]) throws {
        self.replies = replies
        path = "/tmp/berth-cli-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
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
        let t = Thread { [self] in self.serve() }
        thread = t
        t.start()
    }

    var host: String { "unix://\(path)" }

    static func response(_ status: Int, _ body: String = "", headers: [String] = [], chunked: Bool = false) -> [UInt8] {
        var head = "HTTP/1.1 \(status) X\r\nApi-Version: 1.41\r\nOstype: linux\r\n" + headers.map { $0 + "\r\n" }.joined()
        if chunked {
            head += "Transfer-Encoding: chunked\r\n\r\n"
            var out = Array(head.utf8)
            let bytes = Array(body.utf8)
            var i = 0
            while i < bytes.count {
                let piece = bytes[i..<min(i + 7, bytes.count)]
                out += Array((String(piece.count, radix: 16) + "\r\n").utf8) + piece + Array("\r\n".utf8)
                i += 7
            }
            return out + Array("0\r\n\r\n".utf8)
        }
        return Array((head + "Content-Length: \(body.utf8.count)\r\n\r\n" + body).utf8)
    }

    private func serve() {
        while true {
            let c = accept(fd, nil, nil)
            // stop() only shuts the socket down; closing it here (not there) keeps its number from
            // being reused by another test's socket while this thread could still accept on it.
            if c < 0 { close(fd); return }
            var data: [UInt8] = []
            var buf = [UInt8](repeating: 0, count: 4096)
            while !(String(decoding: data, as: UTF8.self).contains("\r\n\r\n")) {
                let n = recv(c, &buf, buf.count, 0)
                if n <= 0 { break }
                data += buf[0..<n]
            }
            TestDaemon.readBody(c, &data)
            let request = String(decoding: data, as: UTF8.self)
            lock.lock()
            _requests.append(request)
            let reply = replies.isEmpty ? { _ in TestDaemon.response(500, "{\"message\":\"no more replies\"}") } : replies.removeFirst()
            lock.unlock()
            let out = reply(request)
            _ = out.withUnsafeBytes { send(c, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            shutdown(c, Int32(SHUT_WR))
            // Drain until the client closes, so a hijacked client's half-close is seen.
            while recv(c, &buf, buf.count, 0) > 0 {}
            close(c)
        }
    }

    /// Reads the rest of the request body (Content-Length or chunked) so tests can check it.
    static func readBody(_ c: Int32, _ data: inout [UInt8]) {
        let text = String(decoding: data, as: UTF8.self).lowercased()
        guard let end = text.range(of: "\r\n\r\n") else { return }
        let headerBytes = text[..<end.upperBound].utf8.count
        var buf = [UInt8](repeating: 0, count: 4096)
        if text.contains("transfer-encoding: chunked") {
            while !String(decoding: data, as: UTF8.self).hasSuffix("0\r\n\r\n") {
                let n = recv(c, &buf, buf.count, 0)
                if n <= 0 { return }
                data += buf[0..<n]
            }
        } else if let line = text.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
                  let length = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) {
            while data.count < headerBytes + length {
                let n = recv(c, &buf, buf.count, 0)
                if n <= 0 { return }
                data += buf[0..<n]
            }
        }
    }

    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        unlink(path)
    }
}
