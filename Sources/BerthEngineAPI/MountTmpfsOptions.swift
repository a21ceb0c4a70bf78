/// Options of a tmpfs mount.
public struct MountTmpfsOptions: Codable, Sendable, Equatable {
    public var sizeBytes: Int64 = 0
    /// permission bits
    public var mode: UInt64 = 0
    public var options: [[String]]?

    public init(sizeBytes: Int64 = 0, mode: UInt64 = 0, options: [[String]]? = nil) {
        self.sizeBytes = sizeBytes
        self.mode = mode
        self.options = options
    }

    enum CodingKeys: String, GoJSONKey {
        case sizeBytes = "SizeBytes"
        case mode = "Mode"
        case options = "Options"

        var omitsEmpty: Bool { true }
    }
}
