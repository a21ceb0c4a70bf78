/// Static addresses requested for an endpoint (`--ip`, `--ip6`).
public struct EndpointIPAMConfig: Codable, Sendable, Equatable {
    public var ipv4Address: String = ""
    public var ipv6Address: String = ""
    public var linkLocalIPs: [String]?

    public init(ipv4Address: String = "", ipv6Address: String = "", linkLocalIPs: [String]? = nil) {
        self.ipv4Address = ipv4Address
        self.ipv6Address = ipv6Address
        self.linkLocalIPs = linkLocalIPs
    }

    enum CodingKeys: String, GoJSONKey {
        case ipv4Address = "IPv4Address"
        case ipv6Address = "IPv6Address"
        case linkLocalIPs = "LinkLocalIPs"

        var omitsEmpty: Bool { true }
    }
}
