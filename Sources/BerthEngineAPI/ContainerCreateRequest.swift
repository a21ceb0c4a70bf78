/// The body of `POST /containers/create`: Go's `ContainerConfigWrapper`, which embeds `container.Config`,
/// so the config fields sit at the top level next to `HostConfig` and `NetworkingConfig`.
public struct ContainerCreateRequest: Codable, Sendable, Equatable {
    public var config: ContainerConfig
    public var hostConfig: HostConfig?
    public var networkingConfig: NetworkingConfig?

    public init(config: ContainerConfig = ContainerConfig(), hostConfig: HostConfig? = nil, networkingConfig: NetworkingConfig? = nil) {
        self.config = config
        self.hostConfig = hostConfig
        self.networkingConfig = networkingConfig
    }

    enum CodingKeys: String, GoJSONKey {
        case hostConfig = "HostConfig"
        case networkingConfig = "NetworkingConfig"

        // Both are pointers without omitempty in Go; the CLI always sends them, docker-py may not.
        var omitsEmpty: Bool { false }
    }

    public init(from decoder: any Decoder) throws {
        config = try ContainerConfig(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        hostConfig = try container.decodeIfPresent(HostConfig.self, forKey: .hostConfig)
        networkingConfig = try container.decodeIfPresent(NetworkingConfig.self, forKey: .networkingConfig)
    }

    public func encode(to encoder: any Encoder) throws {
        try config.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(hostConfig, forKey: .hostConfig)
        try container.encodeIfPresent(networkingConfig, forKey: .networkingConfig)
    }
}
