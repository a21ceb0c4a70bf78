/// The answer to `GET /containers/{id}/json`.
public struct ContainerInspectResponse: Codable, Sendable, Equatable {
    public var id: String = ""
    /// RFC 3339 with nanoseconds
    public var created: String = ""
    public var path: String = ""
    public var args: [String]?
    public var state: ContainerState?
    /// "sha256:..."
    public var image: String = ""
    public var resolvConfPath: String = ""
    public var hostnamePath: String = ""
    public var hostsPath: String = ""
    public var logPath: String = ""
    /// "/name"
    public var name: String = ""
    public var restartCount: Int = 0
    public var driver: String = ""
    public var platform: String = ""
    public var imageManifestDescriptor: OCIDescriptor?
    public var mountLabel: String = ""
    public var processLabel: String = ""
    public var appArmorProfile: String = ""
    public var execIDs: [String]?
    public var hostConfig: HostConfig?
    public var graphDriver: GraphDriverData = GraphDriverData()
    public var sizeRw: Int64?
    public var sizeRootFs: Int64?
    public var mounts: [MountPoint]?
    public var config: ContainerConfig?
    public var networkSettings: NetworkSettings?

    public init(
        id: String = "",
        created: String = "",
        path: String = "",
        args: [String]? = nil,
        state: ContainerState? = nil,
        image: String = "",
        resolvConfPath: String = "",
        hostnamePath: String = "",
        hostsPath: String = "",
        logPath: String = "",
        name: String = "",
        restartCount: Int = 0,
        driver: String = "",
        platform: String = "",
        imageManifestDescriptor: OCIDescriptor? = nil,
        mountLabel: String = "",
        processLabel: String = "",
        appArmorProfile: String = "",
        execIDs: [String]? = nil,
        hostConfig: HostConfig? = nil,
        graphDriver: GraphDriverData = GraphDriverData(),
        sizeRw: Int64? = nil,
        sizeRootFs: Int64? = nil,
        mounts: [MountPoint]? = nil,
        config: ContainerConfig? = nil,
        networkSettings: NetworkSettings? = nil
    ) {
        self.id = id
        self.created = created
        self.path = path
        self.args = args
        self.state = state
        self.image = image
        self.resolvConfPath = resolvConfPath
        self.hostnamePath = hostnamePath
        self.hostsPath = hostsPath
        self.logPath = logPath
        self.name = name
        self.restartCount = restartCount
        self.driver = driver
        self.platform = platform
        self.imageManifestDescriptor = imageManifestDescriptor
        self.mountLabel = mountLabel
        self.processLabel = processLabel
        self.appArmorProfile = appArmorProfile
        self.execIDs = execIDs
        self.hostConfig = hostConfig
        self.graphDriver = graphDriver
        self.sizeRw = sizeRw
        self.sizeRootFs = sizeRootFs
        self.mounts = mounts
        self.config = config
        self.networkSettings = networkSettings
    }

    enum CodingKeys: String, GoJSONKey {
        case id = "Id"
        case created = "Created"
        case path = "Path"
        case args = "Args"
        case state = "State"
        case image = "Image"
        case resolvConfPath = "ResolvConfPath"
        case hostnamePath = "HostnamePath"
        case hostsPath = "HostsPath"
        case logPath = "LogPath"
        case name = "Name"
        case restartCount = "RestartCount"
        case driver = "Driver"
        case platform = "Platform"
        case imageManifestDescriptor = "ImageManifestDescriptor"
        case mountLabel = "MountLabel"
        case processLabel = "ProcessLabel"
        case appArmorProfile = "AppArmorProfile"
        case execIDs = "ExecIDs"
        case hostConfig = "HostConfig"
        case graphDriver = "GraphDriver"
        case sizeRw = "SizeRw"
        case sizeRootFs = "SizeRootFs"
        case mounts = "Mounts"
        case config = "Config"
        case networkSettings = "NetworkSettings"

        var omitsEmpty: Bool {
            switch self {
            case .imageManifestDescriptor, .sizeRw, .sizeRootFs: true
            default: false
            }
        }
    }
}
