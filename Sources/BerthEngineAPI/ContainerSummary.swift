/// One item of `GET /containers/json` (`docker ps`).
public struct ContainerSummary: Codable, Sendable, Equatable {
    public var id: String = ""
    /// "/name"
    public var names: [String]?
    public var image: String = ""
    public var imageID: String = ""
    public var command: String = ""
    /// Unix seconds
    public var created: Int64 = 0
    public var ports: [Port]?
    public var sizeRw: Int64 = 0
    public var sizeRootFs: Int64 = 0
    public var labels: [String: String]?
    /// "created", "running", "paused", "restarting", "exited", "removing" or "dead"
    public var state: String = ""
    /// "Up 10 seconds", "Exited (0) 3 minutes ago", made by the daemon
    public var status: String = ""
    public var hostConfig: ContainerSummaryHostConfig?
    public var networkSettings: ContainerSummaryNetworkSettings?
    public var mounts: [MountPoint]?

    public init(
        id: String = "",
        names: [String]? = nil,
        image: String = "",
        imageID: String = "",
        command: String = "",
        created: Int64 = 0,
        ports: [Port]? = nil,
        sizeRw: Int64 = 0,
        sizeRootFs: Int64 = 0,
        labels: [String: String]? = nil,
        state: String = "",
        status: String = "",
        hostConfig: ContainerSummaryHostConfig? = nil,
        networkSettings: ContainerSummaryNetworkSettings? = nil,
        mounts: [MountPoint]? = nil
    ) {
        self.id = id
        self.names = names
        self.image = image
        self.imageID = imageID
        self.command = command
        self.created = created
        self.ports = ports
        self.sizeRw = sizeRw
        self.sizeRootFs = sizeRootFs
        self.labels = labels
        self.state = state
        self.status = status
        self.hostConfig = hostConfig
        self.networkSettings = networkSettings
        self.mounts = mounts
    }

    enum CodingKeys: String, GoJSONKey {
        case id = "Id"
        case names = "Names"
        case image = "Image"
        case imageID = "ImageID"
        case command = "Command"
        case created = "Created"
        case ports = "Ports"
        case sizeRw = "SizeRw"
        case sizeRootFs = "SizeRootFs"
        case labels = "Labels"
        case state = "State"
        case status = "Status"
        case hostConfig = "HostConfig"
        case networkSettings = "NetworkSettings"
        case mounts = "Mounts"

        var omitsEmpty: Bool {
            switch self {
            case .sizeRw, .sizeRootFs: true
            default: false
            }
        }
    }
}
