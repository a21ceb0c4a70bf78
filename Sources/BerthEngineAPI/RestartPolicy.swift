/// `HostConfig.RestartPolicy`: `Name` is "", "no", "always", "unless-stopped" or "on-failure".
public struct RestartPolicy: Codable, Sendable, Equatable, GoZeroValue {
    public var name: String = ""
    public var maximumRetryCount: Int = 0

    public init(name: String = "", maximumRetryCount: Int = 0) {
        self.name = name
        self.maximumRetryCount = maximumRetryCount
    }

    /// The Go zero value: what a request that omits this object means.
    public init() {}

    enum CodingKeys: String, GoJSONKey {
        case name = "Name"
        case maximumRetryCount = "MaximumRetryCount"
    }
}
