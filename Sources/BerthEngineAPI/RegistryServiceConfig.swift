/// Registry settings (`RegistryConfig` in `GET /info`).
public struct RegistryServiceConfig: Codable, Sendable, Equatable {
    public var insecureRegistryCIDRs: [String]?
    public var indexConfigs: [String: RegistryIndexInfo]?
    public var mirrors: [String]?

    public init(insecureRegistryCIDRs: [String]? = nil, indexConfigs: [String: RegistryIndexInfo]? = nil, mirrors: [String]? = nil) {
        self.insecureRegistryCIDRs = insecureRegistryCIDRs
        self.indexConfigs = indexConfigs
        self.mirrors = mirrors
    }

    enum CodingKeys: String, GoJSONKey {
        case insecureRegistryCIDRs = "InsecureRegistryCIDRs"
        case indexConfigs = "IndexConfigs"
        case mirrors = "Mirrors"
    }
}
