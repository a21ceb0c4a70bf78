import BerthCore
import Glibc

/// bind(2) of an AF_INET socket to an address and port, and the port it got: the one place that builds a
/// sockaddr_in (host-port reservations, the DNS sockets inside containers).
public enum IPv4Socket {
    /// Returns the bound port (the kernel's pick when `port` is 0), or the errno of a failed bind.
    public static func bind(_ fd: Int32, address: IPv4Address, port: UInt16) -> Result<UInt16, Errno32> {
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = port.bigEndian
        sin.sin_addr.s_addr = address.value.bigEndian
        let bound = withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { return .failure(Errno32(errno)) }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return .success(UInt16(bigEndian: actual.sin_port))
    }

    /// An errno as an Error, for `Result`.
    public struct Errno32: Error, Sendable {
        public let code: Int32
        public init(_ code: Int32) { self.code = code }
    }
}
