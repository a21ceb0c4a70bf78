/// The body of `POST /networks/{id}/connect`.
public struct NetworkConnectRequest: Codable, Sendable, Equatable {
    public var container: String = ""
    public var endpointConfig: EndpointSettings?

    public init(container: String = "", endpointConfig: EndpointSettings? = nil) {
        self.container = container
        self.endpointConfig = endpointConfig
    }

    enum CodingKeys: String, GoJSONKey {
        case container = "Container"
        case endpointConfig = "EndpointConfig"

        var omitsEmpty: Bool { self == .endpointConfig }
    }
}

extension NetworkConnectRequest: EngineRequestBody {}
