import BerthCore
import Foundation
import Glibc
import NIOPosix
@testable import BerthNetwork

/// A blocking DNS client over real loopback sockets. Each call blocks a thread of its own: neither a
/// cooperative thread the server's forwarding tasks need nor NIO's shared thread pool. The generous
/// timeouts are for the full test run, where synchronous suites (docker CLI runs) can hold every
/// cooperative thread for seconds and the server's forwarding tasks wait for one.
enum DNSTestClient {
    static func udp(_ query: [UInt8], port: Int, timeoutMillis: Int = 60000) async throws -> [UInt8]? {
        try await onOwnThread { try udpBlocking(query, port: port, timeoutMillis: timeoutMillis) }
    }

    static func tcp(_ query: [UInt8], port: Int, timeoutSeconds: Int = 60) async throws -> [UInt8] {
        try await onOwnThread { try tcpBlocking(query, port: port, timeoutSeconds: timeoutSeconds) }
    }

    static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.start()
        }
    }

    /// Asks over UDP and parses the reply; fails the caller when nothing came back.
    static func ask(_ name: String, type: UInt16 = DNSRecordType.a, id: UInt16 = 0x1234, port: Int,
                    overTCP: Bool = false) async throws -> DNSMessage {
        let query = try DNSMessage.query(id: id, name: name, type: type)
        let reply: [UInt8]? = overTCP ? try await tcp(query, port: port) : try await udp(query, port: port)
        guard let reply else { throw BerthError(.timeout, "no dns reply for \(name) on port \(port)") }
        return try DNSMessage(parsing: reply)
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        return address
    }

    static func withSockaddr<T>(_ address: sockaddr_in, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        var address = address
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    private static func udpBlocking(_ query: [UInt8], port: Int, timeoutMillis: Int) throws -> [UInt8]? {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw BerthError(.system, "socket") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutMillis / 1000, tv_usec: (timeoutMillis % 1000) * 1000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let sent = withSockaddr(loopback(port: port)) { address, length in
            query.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, 0, address, length) }
        }
        guard sent == query.count else { throw BerthError(.system, "sendto") }
        var buffer = [UInt8](repeating: 0, count: 65535)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { return nil }
        return Array(buffer[0..<count])
    }

    private static func tcpBlocking(_ query: [UInt8], port: Int, timeoutSeconds: Int) throws -> [UInt8] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BerthError(.system, "socket") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withSockaddr(loopback(port: port)) { connect(fd, $0, $1) }
        guard connected == 0 else { throw BerthError(.system, "connect to \(port)", cause: String(cString: strerror(errno))) }
        let framed = [UInt8(query.count >> 8), UInt8(query.count & 0xff)] + query
        let sent = framed.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        guard sent == framed.count else { throw BerthError(.system, "send") }
        let prefix = try readExactly(fd, 2)
        return try readExactly(fd, Int(prefix[0]) << 8 | Int(prefix[1]))
    }

    private static func readExactly(_ fd: Int32, _ count: Int) throws -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: max(count, 1))
        while result.count < count {
            let got = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, count - result.count, 0) }
            guard got > 0 else { throw BerthError(.system, "short tcp read") }
            result.append(contentsOf: buffer[0..<got])
        }
        return result
    }

    /// True when nothing accepts TCP on the port any more.
    static func tcpRefused(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return withSockaddr(loopback(port: port)) { connect(fd, $0, $1) } != 0
    }

    /// Binds `fd` to 127.0.0.1:`port` and returns the port actually bound.
    static func bindLoopback(_ fd: Int32, port: Int = 0) throws -> Int {
        let bound = withSockaddr(loopback(port: port)) { bind(fd, $0, $1) }
        guard bound == 0 else { throw BerthError(.system, "bind", cause: String(cString: strerror(errno))) }
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw BerthError(.system, "getsockname") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
