/// `NetworkSettings` in container inspect. The top-level address fields describe the default bridge
/// network (deprecated by dockerd but still sent); `Networks` has one entry per attached network.
public struct NetworkSettings: Codable, Sendable, Equatable {
    public var bridge: String = ""
    public var sandboxID: String = ""
    public var hairpinMode: Bool = false
    public var linkLocalIPv6Address: String = ""
    public var linkLocalIPv6PrefixLen: Int = 0
    /// "80/tcp": [{"HostIp":"0.0.0.0","HostPort":"18080"}], null when not published
    public var ports: [String: [PortBinding]?]?
    public var sandboxKey: String = ""
    public var secondaryIPAddresses: [NetworkAddress]?
    public var secondaryIPv6Addresses: [NetworkAddress]?
    public var endpointID: String = ""
    public var gateway: String = ""
    public var globalIPv6Address: String = ""
    public var globalIPv6PrefixLen: Int = 0
    public var ipAddress: String = ""
    public var ipPrefixLen: Int = 0
    public var ipv6Gateway: String = ""
    public var macAddress: String = ""
    public var networks: [String: EndpointSettings]?

    public init(
        bridge: String = "",
        sandboxID: String = "",
        hairpinMode: Bool = false,
        linkLocalIPv6Address: String = "",
        linkLocalIPv6PrefixLen: Int = 0,
        ports: [String: [PortBinding]?]? = nil,
        sandboxKey: String = "",
        secondaryIPAddresses: [NetworkAddress]? = nil,
        secondaryIPv6Addresses: [NetworkAddress]? = nil,
        endpointID: String = "",
        gateway: String = "",
        globalIPv6Address: String = "",
        globalIPv6PrefixLen: Int = 0,
        ipAddress: String = "",
        ipPrefixLen: Int = 0,
        ipv6Gateway: String = "",
        macAddress: String = "",
        networks: [String: EndpointSettings]? = nil
    ) {
        self.bridge = bridge
        self.sandboxID = sandboxID
        self.hairpinMode = hairpinMode
        self.linkLocalIPv6Address = linkLocalIPv6Address
        self.linkLocalIPv6PrefixLen = linkLocalIPv6PrefixLen
        self.ports = ports
        self.sandboxKey = sandboxKey
        self.secondaryIPAddresses = secondaryIPAddresses
        self.secondaryIPv6Addresses = secondaryIPv6Addresses
        self.endpointID = endpointID
        self.gateway = gateway
        self.globalIPv6Address = globalIPv6Address
        self.globalIPv6PrefixLen = globalIPv6PrefixLen
        self.ipAddress = ipAddress
        self.ipPrefixLen = ipPrefixLen
        self.ipv6Gateway = ipv6Gateway
        self.macAddress = macAddress
        self.networks = networks
    }

    enum CodingKeys: String, GoJSONKey {
        case bridge = "Bridge"
        case sandboxID = "SandboxID"
        case hairpinMode = "HairpinMode"
        case linkLocalIPv6Address = "LinkLocalIPv6Address"
        case linkLocalIPv6PrefixLen = "LinkLocalIPv6PrefixLen"
        case ports = "Ports"
        case sandboxKey = "SandboxKey"
        case secondaryIPAddresses = "SecondaryIPAddresses"
        case secondaryIPv6Addresses = "SecondaryIPv6Addresses"
        case endpointID = "EndpointID"
        case gateway = "Gateway"
        case globalIPv6Address = "GlobalIPv6Address"
        case globalIPv6PrefixLen = "GlobalIPv6PrefixLen"
        case ipAddress = "IPAddress"
        case ipPrefixLen = "IPPrefixLen"
        case ipv6Gateway = "IPv6Gateway"
        case macAddress = "MacAddress"
        case networks = "Networks"

        var omitsEmpty: Bool {
            switch self {
            case .hairpinMode, .linkLocalIPv6Address, .linkLocalIPv6PrefixLen, .secondaryIPAddresses, .secondaryIPv6Addresses: true
            default: false
            }
        }
    }
}
