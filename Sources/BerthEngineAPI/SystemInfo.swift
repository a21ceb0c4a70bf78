/// The answer to `GET /info` (`docker info`). Unknown fields print as blanks in the CLI.
public struct SystemInfo: Codable, Sendable, Equatable {
    public var id: String = ""
    public var containers: Int = 0
    public var containersRunning: Int = 0
    public var containersPaused: Int = 0
    public var containersStopped: Int = 0
    public var images: Int = 0
    public var driver: String = ""
    public var driverStatus: [[String]]?
    public var dockerRootDir: String = ""
    public var plugins: PluginsInfo = PluginsInfo()
    public var memoryLimit: Bool = false
    public var swapLimit: Bool = false
    public var kernelMemoryTCP: Bool = false
    public var cpuCfsPeriod: Bool = false
    public var cpuCfsQuota: Bool = false
    public var cpuShares: Bool = false
    public var cpuSet: Bool = false
    public var pidsLimit: Bool = false
    public var ipv4Forwarding: Bool = false
    public var debug: Bool = false
    public var nfd: Int = 0
    public var oomKillDisable: Bool = false
    public var nGoroutines: Int = 0
    public var systemTime: String = ""
    public var loggingDriver: String = ""
    public var cgroupDriver: String = ""
    public var cgroupVersion: String = ""
    public var nEventsListener: Int = 0
    public var kernelVersion: String = ""
    public var operatingSystem: String = ""
    public var osVersion: String = ""
    public var osType: String = ""
    public var architecture: String = ""
    public var indexServerAddress: String = ""
    public var registryConfig: RegistryServiceConfig?
    public var ncpu: Int = 0
    public var memTotal: Int64 = 0
    public var genericResources: [EmptyObject]?
    public var httpProxy: String = ""
    public var httpsProxy: String = ""
    public var noProxy: String = ""
    public var name: String = ""
    public var labels: [String]?
    public var experimentalBuild: Bool = false
    public var serverVersion: String = ""
    public var runtimes: [String: RuntimeInfo]?
    public var defaultRuntime: String = ""
    public var swarm: SwarmInfo = SwarmInfo()
    public var liveRestoreEnabled: Bool = false
    public var isolation: String = ""
    public var initBinary: String = ""
    public var containerdCommit: CommitInfo = CommitInfo()
    public var runcCommit: CommitInfo = CommitInfo()
    public var initCommit: CommitInfo = CommitInfo()
    public var securityOptions: [String]?
    public var cdiSpecDirs: [String]?
    public var warnings: [String]?

    public init(
        id: String = "",
        containers: Int = 0,
        containersRunning: Int = 0,
        containersPaused: Int = 0,
        containersStopped: Int = 0,
        images: Int = 0,
        driver: String = "",
        driverStatus: [[String]]? = nil,
        dockerRootDir: String = "",
        plugins: PluginsInfo = PluginsInfo(),
        memoryLimit: Bool = false,
        swapLimit: Bool = false,
        kernelMemoryTCP: Bool = false,
        cpuCfsPeriod: Bool = false,
        cpuCfsQuota: Bool = false,
        cpuShares: Bool = false,
        cpuSet: Bool = false,
        pidsLimit: Bool = false,
        ipv4Forwarding: Bool = false,
        debug: Bool = false,
        nfd: Int = 0,
        oomKillDisable: Bool = false,
        nGoroutines: Int = 0,
        systemTime: String = "",
        loggingDriver: String = "",
        cgroupDriver: String = "",
        cgroupVersion: String = "",
        nEventsListener: Int = 0,
        kernelVersion: String = "",
        operatingSystem: String = "",
        osVersion: String = "",
        osType: String = "",
        architecture: String = "",
        indexServerAddress: String = "",
        registryConfig: RegistryServiceConfig? = nil,
        ncpu: Int = 0,
        memTotal: Int64 = 0,
        genericResources: [EmptyObject]? = nil,
        httpProxy: String = "",
        httpsProxy: String = "",
        noProxy: String = "",
        name: String = "",
        labels: [String]? = nil,
        experimentalBuild: Bool = false,
        serverVersion: String = "",
        runtimes: [String: RuntimeInfo]? = nil,
        defaultRuntime: String = "",
        swarm: SwarmInfo = SwarmInfo(),
        liveRestoreEnabled: Bool = false,
        isolation: String = "",
        initBinary: String = "",
        containerdCommit: CommitInfo = CommitInfo(),
        runcCommit: CommitInfo = CommitInfo(),
        initCommit: CommitInfo = CommitInfo(),
        securityOptions: [String]? = nil,
        cdiSpecDirs: [String]? = nil,
        warnings: [String]? = nil
    ) {
        self.id = id
        self.containers = containers
        self.containersRunning = containersRunning
        self.containersPaused = containersPaused
        self.containersStopped = containersStopped
        self.images = images
        self.driver = driver
        self.driverStatus = driverStatus
        self.dockerRootDir = dockerRootDir
        self.plugins = plugins
        self.memoryLimit = memoryLimit
        self.swapLimit = swapLimit
        self.kernelMemoryTCP = kernelMemoryTCP
        self.cpuCfsPeriod = cpuCfsPeriod
        self.cpuCfsQuota = cpuCfsQuota
        self.cpuShares = cpuShares
        self.cpuSet = cpuSet
        self.pidsLimit = pidsLimit
        self.ipv4Forwarding = ipv4Forwarding
        self.debug = debug
        self.nfd = nfd
        self.oomKillDisable = oomKillDisable
        self.nGoroutines = nGoroutines
        self.systemTime = systemTime
        self.loggingDriver = loggingDriver
        self.cgroupDriver = cgroupDriver
        self.cgroupVersion = cgroupVersion
        self.nEventsListener = nEventsListener
        self.kernelVersion = kernelVersion
        self.operatingSystem = operatingSystem
        self.osVersion = osVersion
        self.osType = osType
        self.architecture = architecture
        self.indexServerAddress = indexServerAddress
        self.registryConfig = registryConfig
        self.ncpu = ncpu
        self.memTotal = memTotal
        self.genericResources = genericResources
        self.httpProxy = httpProxy
        self.httpsProxy = httpsProxy
        self.noProxy = noProxy
        self.name = name
        self.labels = labels
        self.experimentalBuild = experimentalBuild
        self.serverVersion = serverVersion
        self.runtimes = runtimes
        self.defaultRuntime = defaultRuntime
        self.swarm = swarm
        self.liveRestoreEnabled = liveRestoreEnabled
        self.isolation = isolation
        self.initBinary = initBinary
        self.containerdCommit = containerdCommit
        self.runcCommit = runcCommit
        self.initCommit = initCommit
        self.securityOptions = securityOptions
        self.cdiSpecDirs = cdiSpecDirs
        self.warnings = warnings
    }

    enum CodingKeys: String, GoJSONKey {
        case id = "ID"
        case containers = "Containers"
        case containersRunning = "ContainersRunning"
        case containersPaused = "ContainersPaused"
        case containersStopped = "ContainersStopped"
        case images = "Images"
        case driver = "Driver"
        case driverStatus = "DriverStatus"
        case dockerRootDir = "DockerRootDir"
        case plugins = "Plugins"
        case memoryLimit = "MemoryLimit"
        case swapLimit = "SwapLimit"
        case kernelMemoryTCP = "KernelMemoryTCP"
        case cpuCfsPeriod = "CpuCfsPeriod"
        case cpuCfsQuota = "CpuCfsQuota"
        case cpuShares = "CPUShares"
        case cpuSet = "CPUSet"
        case pidsLimit = "PidsLimit"
        case ipv4Forwarding = "IPv4Forwarding"
        case debug = "Debug"
        case nfd = "NFd"
        case oomKillDisable = "OomKillDisable"
        case nGoroutines = "NGoroutines"
        case systemTime = "SystemTime"
        case loggingDriver = "LoggingDriver"
        case cgroupDriver = "CgroupDriver"
        case cgroupVersion = "CgroupVersion"
        case nEventsListener = "NEventsListener"
        case kernelVersion = "KernelVersion"
        case operatingSystem = "OperatingSystem"
        case osVersion = "OSVersion"
        case osType = "OSType"
        case architecture = "Architecture"
        case indexServerAddress = "IndexServerAddress"
        case registryConfig = "RegistryConfig"
        case ncpu = "NCPU"
        case memTotal = "MemTotal"
        case genericResources = "GenericResources"
        case httpProxy = "HttpProxy"
        case httpsProxy = "HttpsProxy"
        case noProxy = "NoProxy"
        case name = "Name"
        case labels = "Labels"
        case experimentalBuild = "ExperimentalBuild"
        case serverVersion = "ServerVersion"
        case runtimes = "Runtimes"
        case defaultRuntime = "DefaultRuntime"
        case swarm = "Swarm"
        case liveRestoreEnabled = "LiveRestoreEnabled"
        case isolation = "Isolation"
        case initBinary = "InitBinary"
        case containerdCommit = "ContainerdCommit"
        case runcCommit = "RuncCommit"
        case initCommit = "InitCommit"
        case securityOptions = "SecurityOptions"
        case cdiSpecDirs = "CDISpecDirs"
        case warnings = "Warnings"

        var omitsEmpty: Bool {
            switch self {
            case .kernelMemoryTCP, .cgroupVersion: true
            default: false
            }
        }
    }
}
