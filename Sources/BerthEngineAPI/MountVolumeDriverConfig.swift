/// The volume driver and its options for a volume mount.
public struct MountVolumeDriverConfig: Codable, Sendable, Equatable {
    public var name: String = ""
    public var options: [String: String]?

    public init(name: String = "", options: [String: String]? = nil) {
        self.name = name
        self.options = options
    }

    enum CodingKeys: String, GoJSONKey {
        case name = "Name"
        case options = "Options"

        var omitsEmpty: Bool { true }
    }
}
