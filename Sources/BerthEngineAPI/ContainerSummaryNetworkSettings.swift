/// The networks of a container as `docker ps` lists them.
public struct ContainerSummaryNetworkSettings: Codable, Sendable, Equatable {
    public var networks: [String: EndpointSettings]?

    public init(networks: [String: EndpointSettings]? = nil) {
        self.networks = networks
    }

    enum CodingKeys: String, GoJSONKey {
        case networks = "Networks"
    }
}
