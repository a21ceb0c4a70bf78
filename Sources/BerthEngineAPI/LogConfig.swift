/// A container's logging driver (`HostConfig.LogConfig`); `Type` "" means the daemon default.
public struct LogConfig: Codable, Sendable, Equatable, GoZeroValue {
    public var type: String = ""
    public var config: [String: String]?

    public init(type: String = "", config: [String: String]? = nil) {
        self.type = type
        self.config = config
    }

    /// The Go zero value: what a request that omits this object means.
    public init() {}

    enum CodingKeys: String, GoJSONKey {
        case type = "Type"
        case config = "Config"
    }
}
