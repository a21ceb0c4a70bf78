/// Options of a volume mount.
public struct MountVolumeOptions: Codable, Sendable, Equatable {
    public var noCopy: Bool = false
    public var labels: [String: String]?
    public var subpath: String = ""
    public var driverConfig: MountVolumeDriverConfig?

    public init(noCopy: Bool = false, labels: [String: String]? = nil, subpath: String = "", driverConfig: MountVolumeDriverConfig? = nil) {
        self.noCopy = noCopy
        self.labels = labels
        self.subpath = subpath
        self.driverConfig = driverConfig
    }

    enum CodingKeys: String, GoJSONKey {
        case noCopy = "NoCopy"
        case labels = "Labels"
        case subpath = "Subpath"
        case driverConfig = "DriverConfig"

        var omitsEmpty: Bool { true }
    }
}
