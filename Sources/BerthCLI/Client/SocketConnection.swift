#if canImport(Glibc)
import Glibc
#endif
import BerthCore

/// A blocking stream socket with a read buffer (HTTP parsing needs lines, then raw bytes). The CLI is
/// a short-lived synchronous process, so plain blocking I/O is both the simplest and the fastest.
public final class SocketConnection {
    public private(set) var fd: Int32
    var buffer: [UInt8] = []
    var bufferStart = 0

    init(fd: Int32) { self.fd = fd }

    deinit { close() }

    public func close() {
        if fd >= 0 { _ = Glibc.close(fd); fd = -1 }
    }

    public static func connect(_ address: DaemonAddress) throws -> SocketConnection {
        switch address {
        case .unix(let path): return try connectUnix(path)
        case .tcp(let host, let port): return try connectTCP(host, port)
        }
    }

    static func connectUnix(_ path: String) throws -> SocketConnection {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw BerthError(.system, "socket", cause: errnoText(errno)) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: addr.sun_path)
        guard bytes.count < capacity else {
            _ = Glibc.close(fd)
            throw BerthError(.invalidArgument, "socket path \(path) is too long")
        }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
        }
        let len = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1)
        let rc = withUnsafePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, len) }
        }
        guard rc == 0 else {
            let e = errno
            _ = Glibc.close(fd)
            throw BerthError(.system, "dial unix \(path)", cause: errnoText(e))
        }
        return SocketConnection(fd: fd)
    }

    static func connectTCP(_ host: String, _ port: UInt16) throws -> SocketConnection {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var result: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &result)
        guard rc == 0 else {
            throw BerthError(.system, "dial tcp \(host):\(port)", cause: String(cString: gai_strerror(rc)))
        }
        defer { freeaddrinfo(result) }
        var lastError: Int32 = ECONNREFUSED
        var cursor = result
        while let ai = cursor {
            let fd = socket(ai.pointee.ai_family, ai.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), ai.pointee.ai_protocol)
            if fd >= 0 {
                if Glibc.connect(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0 { return SocketConnection(fd: fd) }
                lastError = errno
                _ = Glibc.close(fd)
            }
            cursor = ai.pointee.ai_next
        }
        throw BerthError(.system, "dial tcp \(host):\(port)", cause: errnoText(lastError))
    }

    public func writeAll(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buf in
            guard let base = buf.baseAddress else { return }
            var offset = 0
            while offset < buf.count {
                let n = send(fd, base + offset, buf.count - offset, Int32(MSG_NOSIGNAL))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw BerthError(.system, "write to daemon", cause: errnoText(errno))
                }
                offset += n
            }
        }
    }

    /// Half-close: tells the daemon stdin is done while output keeps flowing (hijacked streams).
    public func closeWrite() {
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    /// Reads more bytes into the buffer; false at EOF.
    func fill() throws -> Bool {
        if bufferStart > 0 && bufferStart == buffer.count { buffer.removeAll(keepingCapacity: true); bufferStart = 0 }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return recv(fd, base, raw.count, 0)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw BerthError(.system, "read from daemon", cause: errnoText(errno))
            }
            if n == 0 { return false }
            buffer.append(contentsOf: chunk[0..<n])
            return true
        }
    }

    var available: Int { buffer.count - bufferStart }

    /// A CRLF- (or LF-) terminated line without its terminator; nil at EOF before any byte.
    func readLine() throws -> String? {
        while true {
            if let nl = buffer[bufferStart...].firstIndex(of: 0x0A) {
                var end = nl
                if end > bufferStart && buffer[end - 1] == 0x0D { end -= 1 }
                let line = String(decoding: buffer[bufferStart..<end], as: UTF8.self)
                bufferStart = nl + 1
                return line
            }
            guard try fill() else {
                guard available > 0 else { return nil }
                let line = String(decoding: buffer[bufferStart...], as: UTF8.self)
                bufferStart = buffer.count
                return line
            }
        }
    }

    /// Up to `max` bytes (buffered first); empty at EOF.
    public func read(max: Int) throws -> [UInt8] {
        if available == 0 { guard try fill() else { return [] } }
        let n = min(max, available)
        let out = Array(buffer[bufferStart..<(bufferStart + n)])
        bufferStart += n
        return out
    }

    /// Exactly `count` bytes, or fewer at EOF.
    func readExactly(_ count: Int) throws -> [UInt8] {
        while available < count { guard try fill() else { break } }
        let n = min(count, available)
        let out = Array(buffer[bufferStart..<(bufferStart + n)])
        bufferStart += n
        return out
    }
}
