/// The body of `POST /volumes/create` (`docker volume create`): every field optional.
public struct VolumeCreateRequest: Codable, Sendable, Equatable {
    public var name: String?
    public var driver: String?
    public var driverOpts: [String: String]?
    public var labels: [String: String]?

    public init(name: String? = nil, driver: String? = nil, driverOpts: [String: String]? = nil, labels: [String: String]? = nil) {
        self.name = name
        self.driver = driver
        self.driverOpts = driverOpts
        self.labels = labels
    }

    enum CodingKeys: String, GoJSONKey {
        case name = "Name"
        case driver = "Driver"
        case driverOpts = "DriverOpts"
        case labels = "Labels"

        var omitsEmpty: Bool { true }
    }
}

extension VolumeCreateRequest: EngineRequestBody {}
