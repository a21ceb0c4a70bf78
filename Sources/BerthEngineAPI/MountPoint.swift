/// A mount of a container as reported by inspect and `ps` (`Mounts`).
public struct MountPoint: Codable, Sendable, Equatable {
    public var type: String = ""
    public var name: String = ""
    public var source: String = ""
    public var destination: String = ""
    public var driver: String = ""
    public var mode: String = ""
    public var rw: Bool = false
    public var propagation: String = ""

    public init(
        type: String = "",
        name: String = "",
        source: String = "",
        destination: String = "",
        driver: String = "",
        mode: String = "",
        rw: Bool = false,
        propagation: String = ""
    ) {
        self.type = type
        self.name = name
        self.source = source
        self.destination = destination
        self.driver = driver
        self.mode = mode
        self.rw = rw
        self.propagation = propagation
    }

    enum CodingKeys: String, GoJSONKey {
        case type = "Type"
        case name = "Name"
        case source = "Source"
        case destination = "Destination"
        case driver = "Driver"
        case mode = "Mode"
        case rw = "RW"
        case propagation = "Propagation"

        var omitsEmpty: Bool {
            switch self {
            case .type, .name, .driver: true
            default: false
            }
        }
    }
}
