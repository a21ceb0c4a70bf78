/// The body of `POST /containers/{id}/exec`.
public struct ExecConfig: Codable, Sendable, Equatable {
    public var user: String = ""
    public var privileged: Bool = false
    public var tty: Bool = false
    /// [height, width], API >= 1.42
    public var consoleSize: [UInt]?
    public var attachStdin: Bool = false
    public var attachStderr: Bool = false
    public var attachStdout: Bool = false
    public var detach: Bool = false
    public var detachKeys: String = ""
    public var env: [String]?
    public var workingDir: String = ""
    public var cmd: [String]?

    public init(
        user: String = "",
        privileged: Bool = false,
        tty: Bool = false,
        consoleSize: [UInt]? = nil,
        attachStdin: Bool = false,
        attachStderr: Bool = false,
        attachStdout: Bool = false,
        detach: Bool = false,
        detachKeys: String = "",
        env: [String]? = nil,
        workingDir: String = "",
        cmd: [String]? = nil
    ) {
        self.user = user
        self.privileged = privileged
        self.tty = tty
        self.consoleSize = consoleSize
        self.attachStdin = attachStdin
        self.attachStderr = attachStderr
        self.attachStdout = attachStdout
        self.detach = detach
        self.detachKeys = detachKeys
        self.env = env
        self.workingDir = workingDir
        self.cmd = cmd
    }

    enum CodingKeys: String, GoJSONKey {
        case user = "User"
        case privileged = "Privileged"
        case tty = "Tty"
        case consoleSize = "ConsoleSize"
        case attachStdin = "AttachStdin"
        case attachStderr = "AttachStderr"
        case attachStdout = "AttachStdout"
        case detach = "Detach"
        case detachKeys = "DetachKeys"
        case env = "Env"
        case workingDir = "WorkingDir"
        case cmd = "Cmd"

        var omitsEmpty: Bool {
            switch self {
            case .consoleSize: true
            default: false
            }
        }
    }
}
