/// `State` in container inspect. Times are RFC 3339 with nanoseconds; unset ones are
/// "0001-01-01T00:00:00Z".
public struct ContainerState: Codable, Sendable, Equatable {
    /// "created", "running", "paused", "restarting", "removing", "exited" or "dead"
    public var status: String = ""
    public var running: Bool = false
    public var paused: Bool = false
    public var restarting: Bool = false
    public var oomKilled: Bool = false
    public var dead: Bool = false
    public var pid: Int = 0
    public var exitCode: Int = 0
    public var error: String = ""
    public var startedAt: String = ""
    public var finishedAt: String = ""
    public var health: ContainerHealth?

    public init(
        status: String = "",
        running: Bool = false,
        paused: Bool = false,
        restarting: Bool = false,
        oomKilled: Bool = false,
        dead: Bool = false,
        pid: Int = 0,
        exitCode: Int = 0,
        error: String = "",
        startedAt: String = "",
        finishedAt: String = "",
        health: ContainerHealth? = nil
    ) {
        self.status = status
        self.running = running
        self.paused = paused
        self.restarting = restarting
        self.oomKilled = oomKilled
        self.dead = dead
        self.pid = pid
        self.exitCode = exitCode
        self.error = error
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.health = health
    }

    enum CodingKeys: String, GoJSONKey {
        case status = "Status"
        case running = "Running"
        case paused = "Paused"
        case restarting = "Restarting"
        case oomKilled = "OOMKilled"
        case dead = "Dead"
        case pid = "Pid"
        case exitCode = "ExitCode"
        case error = "Error"
        case startedAt = "StartedAt"
        case finishedAt = "FinishedAt"
        case health = "Health"

        var omitsEmpty: Bool {
            switch self {
            case .health: true
            default: false
            }
        }
    }
}
