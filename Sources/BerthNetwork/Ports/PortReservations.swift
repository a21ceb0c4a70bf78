import BerthCore
import Glibc
import Synchronization

/// Holds a bound (never listening) socket on every published host port, as docker-proxy does: another
/// process cannot take the port while a container has it, and a port already taken on the host is
/// refused at start with dockerd's error. Packets never reach these sockets: DNAT rewrites them first.
public final class PortReservations: Sendable {
    public struct Key: Hashable, Sendable {
        public var proto: PortMapping.Proto
        public var hostIP: IPv4Address
        public var port: UInt16
    }

    private let held = Mutex<[Key: Int32]>([:])

    public init() {}

    deinit {
        held.withLock { sockets in
            for fd in sockets.values { close(fd) }
            sockets.removeAll()
        }
    }

    /// Binds `hostIP:port` (port 0 picks a free one from the kernel's ephemeral range) and returns the port.
    public func reserve(_ proto: PortMapping.Proto, hostIP: IPv4Address, port: UInt16) throws -> UInt16 {
        if port != 0, held.withLock({ $0[Key(proto: proto, hostIP: hostIP, port: port)] != nil }) {
            throw BerthError(.alreadyExists, "Bind for \(hostIP):\(port) failed: port is already allocated")
        }
        let type = proto == .udp ? SOCK_DGRAM : SOCK_STREAM
        let fd = socket(AF_INET, Int32(type.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw BerthError(.system, "reserve port \(port)/\(proto.rawValue)", cause: errnoText(errno)) }
        let chosen: UInt16
        switch IPv4Socket.bind(fd, address: hostIP, port: port) {
        case .success(let bound):
            chosen = bound
        case .failure(let failure):
            close(fd)
            let family = proto == .udp ? "udp4" : "tcp4"
            throw BerthError(.alreadyExists, "driver failed programming external connectivity: Error starting userland proxy: listen \(family) \(hostIP):\(port): bind: \(errnoText(failure.code))")
        }
        held.withLock { $0[Key(proto: proto, hostIP: hostIP, port: chosen)] = fd }
        return chosen
    }

    public func release(_ proto: PortMapping.Proto, hostIP: IPv4Address, port: UInt16) {
        if let fd = held.withLock({ $0.removeValue(forKey: Key(proto: proto, hostIP: hostIP, port: port)) }) { close(fd) }
    }
}
