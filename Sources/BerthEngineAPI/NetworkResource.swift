/// A network as `GET /networks` and `GET /networks/{id}` return it (the API's `Network`).
public struct NetworkResource: Codable, Sendable, Equatable {
    public var name: String = ""
    public var id: String = ""
    public var created: String = ""
    public var scope: String = "local"
    public var driver: String = ""
    public var enableIPv4: Bool = true
    public var enableIPv6: Bool = false
    public var ipam: NetworkIPAM = NetworkIPAM()
    public var `internal`: Bool = false
    public var attachable: Bool = false
    public var ingress: Bool = false
    public var configFrom: NetworkConfigReference = NetworkConfigReference()
    public var configOnly: Bool = false
    public var containers: [String: NetworkContainer] = [:]
    public var options: [String: String] = [:]
    public var labels: [String: String] = [:]

    public init() {}

    enum CodingKeys: String, GoJSONKey {
        case name = "Name"
        case id = "Id"
        case created = "Created"
        case scope = "Scope"
        case driver = "Driver"
        case enableIPv4 = "EnableIPv4"
        case enableIPv6 = "EnableIPv6"
        case ipam = "IPAM"
        case `internal` = "Internal"
        case attachable = "Attachable"
        case ingress = "Ingress"
        case configFrom = "ConfigFrom"
        case configOnly = "ConfigOnly"
        case containers = "Containers"
        case options = "Options"
        case labels = "Labels"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        created = try c.decodeIfPresent(String.self, forKey: .created) ?? ""
        scope = try c.decodeIfPresent(String.self, forKey: .scope) ?? ""
        driver = try c.decodeIfPresent(String.self, forKey: .driver) ?? ""
        enableIPv4 = try c.decodeIfPresent(Bool.self, forKey: .enableIPv4) ?? true
        enableIPv6 = try c.decodeIfPresent(Bool.self, forKey: .enableIPv6) ?? false
        ipam = try c.decodeIfPresent(NetworkIPAM.self, forKey: .ipam) ?? NetworkIPAM()
        `internal` = try c.decodeIfPresent(Bool.self, forKey: .internal) ?? false
        attachable = try c.decodeIfPresent(Bool.self, forKey: .attachable) ?? false
        ingress = try c.decodeIfPresent(Bool.self, forKey: .ingress) ?? false
        configFrom = try c.decodeIfPresent(NetworkConfigReference.self, forKey: .configFrom) ?? NetworkConfigReference()
        configOnly = try c.decodeIfPresent(Bool.self, forKey: .configOnly) ?? false
        containers = try c.decodeIfPresent([String: NetworkContainer].self, forKey: .containers) ?? [:]
        options = try c.decodeIfPresent([String: String].self, forKey: .options) ?? [:]
        labels = try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
    }
}
