/// A container's health-check state: `Status` is "none", "starting", "healthy" or "unhealthy".
public struct ContainerHealth: Codable, Sendable, Equatable {
    public var status: String = ""
    public var failingStreak: Int = 0
    public var log: [HealthcheckResult]?

    public init(status: String = "", failingStreak: Int = 0, log: [HealthcheckResult]? = nil) {
        self.status = status
        self.failingStreak = failingStreak
        self.log = log
    }

    enum CodingKeys: String, GoJSONKey {
        case status = "Status"
        case failingStreak = "FailingStreak"
        case log = "Log"
    }
}
