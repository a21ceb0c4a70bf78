/// A server that names outside the scope are forwarded to. Reached from berthd's own network namespace,
/// so a loopback address (a host resolver such as systemd-resolved on 127.0.0.53) is fine.
public struct DNSUpstream: Sendable, Hashable, CustomStringConvertible {
    public var address: IPv4Address
    public var port: UInt16

    public init(address: IPv4Address, port: UInt16 = 53) {
        self.address = address
        self.port = port
    }

    public var description: String { "\(address):\(port)" }
}
