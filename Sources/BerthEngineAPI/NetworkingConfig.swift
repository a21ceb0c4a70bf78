/// The networks a container joins at create (`NetworkingConfig` of a create request).
public struct NetworkingConfig: Codable, Sendable, Equatable {
    public var endpointsConfig: [String: EndpointSettings]?

    public init(endpointsConfig: [String: EndpointSettings]? = nil) {
        self.endpointsConfig = endpointsConfig
    }

    enum CodingKeys: String, GoJSONKey {
        case endpointsConfig = "EndpointsConfig"
    }
}
