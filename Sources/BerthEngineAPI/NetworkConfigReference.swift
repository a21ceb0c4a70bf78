/// `ConfigFrom`: the config-only network a network takes its configuration from (`""` for none).
public struct NetworkConfigReference: Codable, Sendable, Equatable {
    public var network: String = ""

    public init(network: String = "") { self.network = network }

    enum CodingKeys: String, GoJSONKey {
        case network = "Network"
    }
}
