import Foundation
import Glibc

/// Small helpers of the network tests: free host ports, host-side listeners, link inspection.
enum NetworkTestSupport {
    static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// A TCP port nothing listens on right now (the kernel's pick, released at once).
    static func freePort() -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Whether a TCP bind on `host:port` succeeds (the port is free again).
    static func canBind(_ host: String, _ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } == 0
    }

    /// A one-shot TCP server on the host: accepts one connection, sends `reply`, closes. Returns the fd to close.
    static func serveOnce(host: String, port: UInt16, reply: String) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        listen(fd, 4)
        let bytes = Array(reply.utf8)
        Thread.detachNewThread {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            _ = bytes.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
            close(client)
        }
        return fd
    }

    /// HTTP GET through curl (the host's own client), body or nil.
    static func httpGet(_ url: String, daemon: DaemonHarness) throws -> String? {
        let result = try daemon.run("/usr/bin/curl", ["-s", "-m", "5", url])
        return result.status == 0 ? result.stdout : nil
    }

    /// Links enslaved to a bridge (the veths of running containers). A stopped container's veth goes with its
    /// namespace, which the kernel tears down asynchronously: wait up to `settle` seconds for that.
    static func bridgePorts(_ bridge: String, daemon: DaemonHarness, settle: Double = 5) throws -> [String] {
        var ports: [String] = []
        let deadline = Date().addingTimeInterval(settle)
        repeat {
            let out = try daemon.run("/usr/sbin/ip", ["-br", "link", "show", "master", bridge]).stdout
            ports = out.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
            if ports.isEmpty { break }
            usleep(50_000)
        } while Date() < deadline
        return ports
    }

    /// The lines of the table's `published` chain that carry a DNAT rule.
    static func publishedRules(_ table: String, daemon: DaemonHarness) throws -> [String] {
        let out = try daemon.run("/usr/sbin/nft", ["list", "chain", "ip", table, "published"]).stdout
        return out.split(separator: "\n").map { trimmed(String($0)) }.filter { $0.contains("dnat") }
    }
}

/// A one-record DNS server on a host loopback address, port 53: every A query gets `answer`, so a test
/// can tell a forwarded reply from the embedded server's own. Runs on a thread until `stop()`.
final class FakeUpstreamDNS: @unchecked Sendable {
    let address: String
    private let fd: Int32
    private(set) var queries = 0

    /// Binds 127.53.x.y:53 (a loopback address nothing else uses); nil when that fails.
    init?(answer: [UInt8]) {
        let octets = (UInt8.random(in: 1...250), UInt8.random(in: 1...250))
        address = "127.53.\(octets.0).\(octets.1)"
        fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = UInt16(53).bigEndian
        inet_pton(AF_INET, address, &sin.sin_addr)
        let bound = withUnsafePointer(to: &sin) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard fd >= 0, bound == 0 else {
            if fd >= 0 { close(fd) }
            return nil
        }
        let socketFD = fd
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 512)
            while true {
                var peer = sockaddr_storage()
                var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
                let n = buffer.withUnsafeMutableBytes { raw in
                    withUnsafeMutablePointer(to: &peer) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(socketFD, raw.baseAddress, raw.count, 0, $0, &length) } }
                }
                guard n >= 12 else { return }
                queries += 1
                // The question ends at the zero label plus type and class.
                var end = 12
                while end < n, buffer[end] != 0 { end += Int(buffer[end]) + 1 }
                end += 5
                guard end <= n else { continue }
                var reply = Array(buffer[0..<2]) + [0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]
                reply += buffer[12..<end]
                reply += [0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4] + answer
                _ = reply.withUnsafeBytes { raw in
                    withUnsafePointer(to: &peer) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(socketFD, raw.baseAddress, raw.count, 0, $0, length) } }
                }
            }
        }
    }

    func stop() { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }
}
