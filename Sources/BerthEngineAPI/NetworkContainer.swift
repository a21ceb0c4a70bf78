/// A container's endpoint as a network's inspect lists it.
public struct NetworkContainer: Codable, Sendable, Equatable {
    public var name: String = ""
    public var endpointID: String = ""
    public var macAddress: String = ""
    public var ipv4Address: String = ""
    public var ipv6Address: String = ""

    public init(name: String = "", endpointID: String = "", macAddress: String = "", ipv4Address: String = "", ipv6Address: String = "") {
        self.name = name
        self.endpointID = endpointID
        self.macAddress = macAddress
        self.ipv4Address = ipv4Address
        self.ipv6Address = ipv6Address
    }

    enum CodingKeys: String, GoJSONKey {
        case name = "Name"
        case endpointID = "EndpointID"
        case macAddress = "MacAddress"
        case ipv4Address = "IPv4Address"
        case ipv6Address = "IPv6Address"
    }
}
