/// A container's health check (`Healthcheck`). Durations are nanoseconds; 0 inherits the image's value.
/// `Test`: `[]` inherit, `["NONE"]` disable, `["CMD", args...]` exec, `["CMD-SHELL", command]` shell.
public struct HealthConfig: Codable, Sendable, Equatable {
    public var test: [String]?
    public var interval: Int64 = 0
    public var timeout: Int64 = 0
    public var startPeriod: Int64 = 0
    public var startInterval: Int64 = 0
    public var retries: Int = 0

    public init(test: [String]? = nil, interval: Int64 = 0, timeout: Int64 = 0, startPeriod: Int64 = 0, startInterval: Int64 = 0, retries: Int = 0) {
        self.test = test
        self.interval = interval
        self.timeout = timeout
        self.startPeriod = startPeriod
        self.startInterval = startInterval
        self.retries = retries
    }

    enum CodingKeys: String, GoJSONKey {
        case test = "Test"
        case interval = "Interval"
        case timeout = "Timeout"
        case startPeriod = "StartPeriod"
        case startInterval = "StartInterval"
        case retries = "Retries"

        var omitsEmpty: Bool { true }
    }
}
