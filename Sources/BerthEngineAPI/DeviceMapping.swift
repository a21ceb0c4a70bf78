/// A host device made available in the container (`--device /dev/fuse:/dev/fuse:rwm`).
public struct DeviceMapping: Codable, Sendable, Equatable {
    public var pathOnHost: String = ""
    public var pathInContainer: String = ""
    public var cgroupPermissions: String = ""

    public init(pathOnHost: String = "", pathInContainer: String = "", cgroupPermissions: String = "") {
        self.pathOnHost = pathOnHost
        self.pathInContainer = pathInContainer
        self.cgroupPermissions = cgroupPermissions
    }

    enum CodingKeys: String, GoJSONKey {
        case pathOnHost = "PathOnHost"
        case pathInContainer = "PathInContainer"
        case cgroupPermissions = "CgroupPermissions"
    }
}
