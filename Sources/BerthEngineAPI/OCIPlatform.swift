/// An OCI platform.
public struct OCIPlatform: Codable, Sendable, Equatable {
    public var architecture: String = ""
    public var os: String = ""
    public var osVersion: String = ""
    public var osFeatures: [String]?
    public var variant: String = ""

    public init(architecture: String = "", os: String = "", osVersion: String = "", osFeatures: [String]? = nil, variant: String = "") {
        self.architecture = architecture
        self.os = os
        self.osVersion = osVersion
        self.osFeatures = osFeatures
        self.variant = variant
    }

    enum CodingKeys: String, GoJSONKey {
        case architecture = "architecture"
        case os = "os"
        case osVersion = "os.version"
        case osFeatures = "os.features"
        case variant = "variant"

        var omitsEmpty: Bool {
            switch self {
            case .osVersion, .osFeatures, .variant: true
            default: false
            }
        }
    }
}
