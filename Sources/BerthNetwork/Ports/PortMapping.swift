/// One published port: host address and port forwarded to a container's address and port.
public struct PortMapping: Sendable, Hashable, Codable {
    public enum Proto: String, Sendable, Codable, Hashable {
        case tcp, udp, sctp
    }

    public var proto: Proto
    /// 0.0.0.0 when the port is published on every host address.
    public var hostIP: IPv4Address
    public var hostPort: UInt16
    public var containerIP: IPv4Address
    public var containerPort: UInt16

    public init(proto: Proto, hostIP: IPv4Address, hostPort: UInt16, containerIP: IPv4Address, containerPort: UInt16) {
        self.proto = proto
        self.hostIP = hostIP
        self.hostPort = hostPort
        self.containerIP = containerIP
        self.containerPort = containerPort
    }

    /// Specific host addresses first, so `127.0.0.1:8080` wins over a later `0.0.0.0:8080` match.
    static func ruleOrder(_ a: PortMapping, _ b: PortMapping) -> Bool {
        if a.hostIP.isUnspecified != b.hostIP.isUnspecified { return !a.hostIP.isUnspecified }
        if a.hostPort != b.hostPort { return a.hostPort < b.hostPort }
        return a.proto.rawValue < b.proto.rawValue
    }
}
