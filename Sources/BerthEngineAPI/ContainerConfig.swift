/// The portable configuration of a container (Go `container.Config`): the top level of a create request,
/// `Config` in container inspect, and the config of a committed image.
public struct ContainerConfig: Codable, Sendable, Equatable {
    public var hostname: String = ""
    public var domainname: String = ""
    public var user: String = ""
    public var attachStdin: Bool = false
    public var attachStdout: Bool = false
    public var attachStderr: Bool = false
    /// "80/tcp": {}
    public var exposedPorts: [String: EmptyObject]?
    public var tty: Bool = false
    public var openStdin: Bool = false
    public var stdinOnce: Bool = false
    public var env: [String]?
    public var cmd: [String]?
    public var healthcheck: HealthConfig?
    public var argsEscaped: Bool = false
    public var image: String = ""
    public var volumes: [String: EmptyObject]?
    public var workingDir: String = ""
    public var entrypoint: [String]?
    public var networkDisabled: Bool = false
    /// Deprecated since API 1.44: per-network `EndpointSettings.MacAddress`.
    public var macAddress: String = ""
    public var onBuild: [String]?
    public var labels: [String: String]?
    public var stopSignal: String = ""
    /// Seconds; nil means the daemon default (10).
    public var stopTimeout: Int?
    public var shell: [String]?

    public init(
        hostname: String = "",
        domainname: String = "",
        user: String = "",
        attachStdin: Bool = false,
        attachStdout: Bool = false,
        attachStderr: Bool = false,
        exposedPorts: [String: EmptyObject]? = nil,
        tty: Bool = false,
        openStdin: Bool = false,
        stdinOnce: Bool = false,
        env: [String]? = nil,
        cmd: [String]? = nil,
        healthcheck: HealthConfig? = nil,
        argsEscaped: Bool = false,
        image: String = "",
        volumes: [String: EmptyObject]? = nil,
        workingDir: String = "",
        entrypoint: [String]? = nil,
        networkDisabled: Bool = false,
        macAddress: String = "",
        onBuild: [String]? = nil,
        labels: [String: String]? = nil,
        stopSignal: String = "",
        stopTimeout: Int? = nil,
        shell: [String]? = nil
    ) {
        self.hostname = hostname
        self.domainname = domainname
        self.user = user
        self.attachStdin = attachStdin
        self.attachStdout = attachStdout
        self.attachStderr = attachStderr
        self.exposedPorts = exposedPorts
        self.tty = tty
        self.openStdin = openStdin
        self.stdinOnce = stdinOnce
        self.env = env
        self.cmd = cmd
        self.healthcheck = healthcheck
        self.argsEscaped = argsEscaped
        self.image = image
        self.volumes = volumes
        self.workingDir = workingDir
        self.entrypoint = entrypoint
        self.networkDisabled = networkDisabled
        self.macAddress = macAddress
        self.onBuild = onBuild
        self.labels = labels
        self.stopSignal = stopSignal
        self.stopTimeout = stopTimeout
        self.shell = shell
    }

    enum CodingKeys: String, GoJSONKey {
        case hostname = "Hostname"
        case domainname = "Domainname"
        case user = "User"
        case attachStdin = "AttachStdin"
        case attachStdout = "AttachStdout"
        case attachStderr = "AttachStderr"
        case exposedPorts = "ExposedPorts"
        case tty = "Tty"
        case openStdin = "OpenStdin"
        case stdinOnce = "StdinOnce"
        case env = "Env"
        case cmd = "Cmd"
        case healthcheck = "Healthcheck"
        case argsEscaped = "ArgsEscaped"
        case image = "Image"
        case volumes = "Volumes"
        case workingDir = "WorkingDir"
        case entrypoint = "Entrypoint"
        case networkDisabled = "NetworkDisabled"
        case macAddress = "MacAddress"
        case onBuild = "OnBuild"
        case labels = "Labels"
        case stopSignal = "StopSignal"
        case stopTimeout = "StopTimeout"
        case shell = "Shell"

        var omitsEmpty: Bool {
            switch self {
            case .exposedPorts, .healthcheck, .argsEscaped, .networkDisabled, .macAddress, .stopSignal, .stopTimeout, .shell: true
            default: false
            }
        }
    }
}
