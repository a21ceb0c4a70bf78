/// The answer to `GET /exec/{id}/json`; `ExitCode` is null while running.
public struct ExecInspect: Codable, Sendable, Equatable {
    public var canRemove: Bool = false
    public var containerID: String = ""
    public var detachKeys: String = ""
    public var exitCode: Int?
    public var id: String = ""
    public var openStderr: Bool = false
    public var openStdin: Bool = false
    public var openStdout: Bool = false
    public var processConfig: ExecProcessConfig?
    public var running: Bool = false
    public var pid: Int = 0

    public init(
        canRemove: Bool = false,
        containerID: String = "",
        detachKeys: String = "",
        exitCode: Int? = nil,
        id: String = "",
        openStderr: Bool = false,
        openStdin: Bool = false,
        openStdout: Bool = false,
        processConfig: ExecProcessConfig? = nil,
        running: Bool = false,
        pid: Int = 0
    ) {
        self.canRemove = canRemove
        self.containerID = containerID
        self.detachKeys = detachKeys
        self.exitCode = exitCode
        self.id = id
        self.openStderr = openStderr
        self.openStdin = openStdin
        self.openStdout = openStdout
        self.processConfig = processConfig
        self.running = running
        self.pid = pid
    }

    enum CodingKeys: String, GoJSONKey {
        case canRemove = "CanRemove"
        case containerID = "ContainerID"
        case detachKeys = "DetachKeys"
        case exitCode = "ExitCode"
        case id = "ID"
        case openStderr = "OpenStderr"
        case openStdin = "OpenStdin"
        case openStdout = "OpenStdout"
        case processConfig = "ProcessConfig"
        case running = "Running"
        case pid = "Pid"
    }
}
