/// A request for devices from a device driver (`--gpus`).
public struct DeviceRequest: Codable, Sendable, Equatable {
    public var driver: String = ""
    public var count: Int = 0
    public var deviceIDs: [String]?
    public var capabilities: [[String]]?
    public var options: [String: String]?

    public init(driver: String = "", count: Int = 0, deviceIDs: [String]? = nil, capabilities: [[String]]? = nil, options: [String: String]? = nil) {
        self.driver = driver
        self.count = count
        self.deviceIDs = deviceIDs
        self.capabilities = capabilities
        self.options = options
    }

    enum CodingKeys: String, GoJSONKey {
        case driver = "Driver"
        case count = "Count"
        case deviceIDs = "DeviceIDs"
        case capabilities = "Capabilities"
        case options = "Options"
    }
}
