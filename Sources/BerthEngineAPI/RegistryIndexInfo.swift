/// One registry index (`docker.io`) in `RegistryConfig.IndexConfigs`.
public struct RegistryIndexInfo: Codable, Sendable, Equatable {
    public var name: String = ""
    public var mirrors: [String]?
    public var secure: Bool = false
    public var official: Bool = false

    public init(name: String = "", mirrors: [String]? = nil, secure: Bool = false, official: Bool = false) {
        self.name = name
        self.mirrors = mirrors
        self.secure = secure
        self.official = official
    }

    enum CodingKeys: String, GoJSONKey {
        case name = "Name"
        case mirrors = "Mirrors"
        case secure = "Secure"
        case official = "Official"
    }
}
