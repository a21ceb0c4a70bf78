/// One subnet of a network: `--subnet`, `--ip-range`, `--gateway`, `--aux-address`.
public struct NetworkIPAMConfig: Codable, Sendable, Equatable {
    public var subnet: String?
    public var ipRange: String?
    public var gateway: String?
    public var auxiliaryAddresses: [String: String]?

    public init(subnet: String? = nil, ipRange: String? = nil, gateway: String? = nil, auxiliaryAddresses: [String: String]? = nil) {
        self.subnet = subnet
        self.ipRange = ipRange
        self.gateway = gateway
        self.auxiliaryAddresses = auxiliaryAddresses
    }

    enum CodingKeys: String, GoJSONKey {
        case subnet = "Subnet"
        case ipRange = "IPRange"
        case gateway = "Gateway"
        case auxiliaryAddresses = "AuxiliaryAddresses"

        var omitsEmpty: Bool { true }
    }
}
