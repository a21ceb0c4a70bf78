/// A host address and port a container port is published on (`PortBindings`, `NetworkSettings.Ports`).
public struct PortBinding: Codable, Sendable, Equatable {
    public var hostIp: String = ""
    public var hostPort: String = ""

    public init(hostIp: String = "", hostPort: String = "") {
        self.hostIp = hostIp
        self.hostPort = hostPort
    }

    enum CodingKeys: String, GoJSONKey {
        case hostIp = "HostIp"
        case hostPort = "HostPort"
    }
}
