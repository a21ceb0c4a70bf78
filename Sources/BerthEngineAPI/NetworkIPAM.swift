/// A network's address management: the driver (`default`), its options and one config per subnet.
public struct NetworkIPAM: Codable, Sendable, Equatable {
    public var driver: String = "default"
    public var options: [String: String]?
    public var config: [NetworkIPAMConfig]?

    public init(driver: String = "default", options: [String: String]? = nil, config: [NetworkIPAMConfig]? = nil) {
        self.driver = driver
        self.options = options
        self.config = config
    }

    enum CodingKeys: String, GoJSONKey {
        case driver = "Driver"
        case options = "Options"
        case config = "Config"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        driver = try c.decodeIfPresent(String.self, forKey: .driver) ?? ""
        options = try c.decodeIfPresent([String: String].self, forKey: .options)
        config = try c.decodeIfPresent([NetworkIPAMConfig].self, forKey: .config)
    }
}
