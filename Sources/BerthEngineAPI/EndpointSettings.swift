/// A container's endpoint on one network: requested settings at create or connect, and the live values
/// in `NetworkSettings.Networks`.
public struct EndpointSettings: Codable, Sendable, Equatable {
    public var ipamConfig: EndpointIPAMConfig?
    public var links: [String]?
    public var aliases: [String]?
    public var driverOpts: [String: String]?
    public var gwPriority: Int = 0
    public var macAddress: String = ""
    public var networkID: String = ""
    public var endpointID: String = ""
    public var gateway: String = ""
    public var ipAddress: String = ""
    public var ipPrefixLen: Int = 0
    public var ipv6Gateway: String = ""
    public var globalIPv6Address: String = ""
    public var globalIPv6PrefixLen: Int = 0
    public var dnsNames: [String]?

    public init(
        ipamConfig: EndpointIPAMConfig? = nil,
        links: [String]? = nil,
        aliases: [String]? = nil,
        driverOpts: [String: String]? = nil,
        gwPriority: Int = 0,
        macAddress: String = "",
        networkID: String = "",
        endpointID: String = "",
        gateway: String = "",
        ipAddress: String = "",
        ipPrefixLen: Int = 0,
        ipv6Gateway: String = "",
        globalIPv6Address: String = "",
        globalIPv6PrefixLen: Int = 0,
        dnsNames: [String]? = nil
    ) {
        self.ipamConfig = ipamConfig
        self.links = links
        self.aliases = aliases
        self.driverOpts = driverOpts
        self.gwPriority = gwPriority
        self.macAddress = macAddress
        self.networkID = networkID
        self.endpointID = endpointID
        self.gateway = gateway
        self.ipAddress = ipAddress
        self.ipPrefixLen = ipPrefixLen
        self.ipv6Gateway = ipv6Gateway
        self.globalIPv6Address = globalIPv6Address
        self.globalIPv6PrefixLen = globalIPv6PrefixLen
        self.dnsNames = dnsNames
    }

    enum CodingKeys: String, GoJSONKey {
        case ipamConfig = "IPAMConfig"
        case links = "Links"
        case aliases = "Aliases"
        case driverOpts = "DriverOpts"
        case gwPriority = "GwPriority"
        case macAddress = "MacAddress"
        case networkID = "NetworkID"
        case endpointID = "EndpointID"
        case gateway = "Gateway"
        case ipAddress = "IPAddress"
        case ipPrefixLen = "IPPrefixLen"
        case ipv6Gateway = "IPv6Gateway"
        case globalIPv6Address = "GlobalIPv6Address"
        case globalIPv6PrefixLen = "GlobalIPv6PrefixLen"
        case dnsNames = "DNSNames"
    }
}
