/// One component of the server in `GET /version` (Engine, containerd, runc, docker-init).
public struct SystemVersionComponent: Codable, Sendable, Equatable {
    public var name: String = ""
    public var version: String = ""
    public var details: [String: String]?

    public init(name: String = "", version: String = "", details: [String: String]? = nil) {
        self.name = name
        self.version = version
        self.details = details
    }

    enum CodingKeys: String, GoJSONKey {
        case name = "Name"
        case version = "Version"
        case details = "Details"

        var omitsEmpty: Bool {
            switch self {
            case .details: true
            default: false
            }
        }
    }
}
