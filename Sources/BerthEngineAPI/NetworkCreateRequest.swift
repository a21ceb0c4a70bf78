/// The body of `POST /networks/create`. Only `Name` is required; `CheckDuplicate` (sent before API 1.44)
/// is accepted and ignored, as dockerd always refuses duplicates now.
public struct NetworkCreateRequest: Codable, Sendable, Equatable {
    public var name: String = ""
    public var driver: String?
    public var scope: String?
    public var `internal`: Bool?
    public var attachable: Bool?
    public var ingress: Bool?
    public var configOnly: Bool?
    public var configFrom: NetworkConfigReference?
    public var ipam: NetworkIPAM?
    public var enableIPv4: Bool?
    public var enableIPv6: Bool?
    public var options: [String: String]?
    public var labels: [String: String]?
    public var checkDuplicate: Bool?

    public init(name: String = "", driver: String? = nil, internal: Bool? = nil, attachable: Bool? = nil, ipam: NetworkIPAM? = nil,
                enableIPv6: Bool? = nil, options: [String: String]? = nil, labels: [String: String]? = nil) {
        self.name = name
        self.driver = driver
        self.internal = `internal`
        self.attachable = attachable
        self.ipam = ipam
        self.enableIPv6 = enableIPv6
        self.options = options
        self.labels = labels
    }

    enum CodingKeys: String, GoJSONKey {
        case name = "Name"
        case driver = "Driver"
        case scope = "Scope"
        case `internal` = "Internal"
        case attachable = "Attachable"
        case ingress = "Ingress"
        case configOnly = "ConfigOnly"
        case configFrom = "ConfigFrom"
        case ipam = "IPAM"
        case enableIPv4 = "EnableIPv4"
        case enableIPv6 = "EnableIPv6"
        case options = "Options"
        case labels = "Labels"
        case checkDuplicate = "CheckDuplicate"

        var omitsEmpty: Bool { self != .name }
    }
}

extension NetworkCreateRequest: EngineRequestBody {}
