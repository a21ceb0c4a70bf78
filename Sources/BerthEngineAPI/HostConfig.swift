/// The host-dependent configuration of a container (Go `container.HostConfig`, with its embedded `Resources`
/// flattened in, as on the wire). Fields without omitempty are written even when unset, as dockerd does.
public struct HostConfig: Codable, Sendable, Equatable {
    /// "volume:/data", "/host/path:/path:ro"
    public var binds: [String]?
    public var containerIDFile: String = ""
    public var logConfig: LogConfig = LogConfig()
    /// "default", "bridge", "host", "none", "container:<id>", or a network name
    public var networkMode: String = ""
    public var portBindings: [String: [PortBinding]?]?
    public var restartPolicy: RestartPolicy = RestartPolicy()
    public var autoRemove: Bool = false
    public var volumeDriver: String = ""
    public var volumesFrom: [String]?
    /// [height, width]
    public var consoleSize: [UInt]?
    public var annotations: [String: String]?
    public var capAdd: [String]?
    public var capDrop: [String]?
    public var cgroupnsMode: String = ""
    public var dns: [String]?
    public var dnsOptions: [String]?
    public var dnsSearch: [String]?
    public var extraHosts: [String]?
    public var groupAdd: [String]?
    public var ipcMode: String = ""
    public var cgroup: String = ""
    public var links: [String]?
    public var oomScoreAdj: Int = 0
    public var pidMode: String = ""
    public var privileged: Bool = false
    public var publishAllPorts: Bool = false
    public var readonlyRootfs: Bool = false
    public var securityOpt: [String]?
    public var storageOpt: [String: String]?
    /// target -> mount options
    public var tmpfs: [String: String]?
    public var utsMode: String = ""
    public var usernsMode: String = ""
    public var shmSize: Int64 = 0
    public var sysctls: [String: String]?
    public var runtime: String = ""
    public var isolation: String = ""
    public var cpuShares: Int64 = 0
    public var memory: Int64 = 0
    public var nanoCpus: Int64 = 0
    public var cgroupParent: String = ""
    public var blkioWeight: UInt16 = 0
    public var blkioWeightDevice: [WeightDevice]?
    public var blkioDeviceReadBps: [ThrottleDevice]?
    public var blkioDeviceWriteBps: [ThrottleDevice]?
    public var blkioDeviceReadIOps: [ThrottleDevice]?
    public var blkioDeviceWriteIOps: [ThrottleDevice]?
    public var cpuPeriod: Int64 = 0
    public var cpuQuota: Int64 = 0
    public var cpuRealtimePeriod: Int64 = 0
    public var cpuRealtimeRuntime: Int64 = 0
    public var cpusetCpus: String = ""
    public var cpusetMems: String = ""
    public var devices: [DeviceMapping]?
    public var deviceCgroupRules: [String]?
    public var deviceRequests: [DeviceRequest]?
    public var kernelMemory: Int64 = 0
    public var kernelMemoryTCP: Int64 = 0
    public var memoryReservation: Int64 = 0
    /// -1: unlimited swap
    public var memorySwap: Int64 = 0
    public var memorySwappiness: Int64?
    public var oomKillDisable: Bool?
    /// 0 or -1: unlimited; nil: unchanged
    public var pidsLimit: Int64?
    public var ulimits: [Ulimit]?
    public var cpuCount: Int64 = 0
    public var cpuPercent: Int64 = 0
    public var ioMaximumIOps: UInt64 = 0
    public var ioMaximumBandwidth: UInt64 = 0
    public var mounts: [Mount]?
    public var maskedPaths: [String]?
    public var readonlyPaths: [String]?
    /// Run an init inside the container; nil: the daemon's setting.
    public var runInit: Bool?

    public init(
        binds: [String]? = nil,
        containerIDFile: String = "",
        logConfig: LogConfig = LogConfig(),
        networkMode: String = "",
        portBindings: [String: [PortBinding]?]? = nil,
        restartPolicy: RestartPolicy = RestartPolicy(),
        autoRemove: Bool = false,
        volumeDriver: String = "",
        volumesFrom: [String]? = nil,
        consoleSize: [UInt]? = nil,
        annotations: [String: String]? = nil,
        capAdd: [String]? = nil,
        capDrop: [String]? = nil,
        cgroupnsMode: String = "",
        dns: [String]? = nil,
        dnsOptions: [String]? = nil,
        dnsSearch: [String]? = nil,
        extraHosts: [String]? = nil,
        groupAdd: [String]? = nil,
        ipcMode: String = "",
        cgroup: String = "",
        links: [String]? = nil,
        oomScoreAdj: Int = 0,
        pidMode: String = "",
        privileged: Bool = false,
        publishAllPorts: Bool = false,
        readonlyRootfs: Bool = false,
        securityOpt: [String]? = nil,
        storageOpt: [String: String]? = nil,
        tmpfs: [String: String]? = nil,
        utsMode: String = "",
        usernsMode: String = "",
        shmSize: Int64 = 0,
        sysctls: [String: String]? = nil,
        runtime: String = "",
        isolation: String = "",
        cpuShares: Int64 = 0,
        memory: Int64 = 0,
        nanoCpus: Int64 = 0,
        cgroupParent: String = "",
        blkioWeight: UInt16 = 0,
        blkioWeightDevice: [WeightDevice]? = nil,
        blkioDeviceReadBps: [ThrottleDevice]? = nil,
        blkioDeviceWriteBps: [ThrottleDevice]? = nil,
        blkioDeviceReadIOps: [ThrottleDevice]? = nil,
        blkioDeviceWriteIOps: [ThrottleDevice]? = nil,
        cpuPeriod: Int64 = 0,
        cpuQuota: Int64 = 0,
        cpuRealtimePeriod: Int64 = 0,
        cpuRealtimeRuntime: Int64 = 0,
        cpusetCpus: String = "",
        cpusetMems: String = "",
        devices: [DeviceMapping]? = nil,
        deviceCgroupRules: [String]? = nil,
        deviceRequests: [DeviceRequest]? = nil,
        kernelMemory: Int64 = 0,
        kernelMemoryTCP: Int64 = 0,
        memoryReservation: Int64 = 0,
        memorySwap: Int64 = 0,
        memorySwappiness: Int64? = nil,
        oomKillDisable: Bool? = nil,
        pidsLimit: Int64? = nil,
        ulimits: [Ulimit]? = nil,
        cpuCount: Int64 = 0,
        cpuPercent: Int64 = 0,
        ioMaximumIOps: UInt64 = 0,
        ioMaximumBandwidth: UInt64 = 0,
        mounts: [Mount]? = nil,
        maskedPaths: [String]? = nil,
        readonlyPaths: [String]? = nil,
        runInit: Bool? = nil
    ) {
        self.binds = binds
        self.containerIDFile = containerIDFile
        self.logConfig = logConfig
        self.networkMode = networkMode
        self.portBindings = portBindings
        self.restartPolicy = restartPolicy
        self.autoRemove = autoRemove
        self.volumeDriver = volumeDriver
        self.volumesFrom = volumesFrom
        self.consoleSize = consoleSize
        self.annotations = annotations
        self.capAdd = capAdd
        self.capDrop = capDrop
        self.cgroupnsMode = cgroupnsMode
        self.dns = dns
        self.dnsOptions = dnsOptions
        self.dnsSearch = dnsSearch
        self.extraHosts = extraHosts
        self.groupAdd = groupAdd
        self.ipcMode = ipcMode
        self.cgroup = cgroup
        self.links = links
        self.oomScoreAdj = oomScoreAdj
        self.pidMode = pidMode
        self.privileged = privileged
        self.publishAllPorts = publishAllPorts
        self.readonlyRootfs = readonlyRootfs
        self.securityOpt = securityOpt
        self.storageOpt = storageOpt
        self.tmpfs = tmpfs
        self.utsMode = utsMode
        self.usernsMode = usernsMode
        self.shmSize = shmSize
        self.sysctls = sysctls
        self.runtime = runtime
        self.isolation = isolation
        self.cpuShares = cpuShares
        self.memory = memory
        self.nanoCpus = nanoCpus
        self.cgroupParent = cgroupParent
        self.blkioWeight = blkioWeight
        self.blkioWeightDevice = blkioWeightDevice
        self.blkioDeviceReadBps = blkioDeviceReadBps
        self.blkioDeviceWriteBps = blkioDeviceWriteBps
        self.blkioDeviceReadIOps = blkioDeviceReadIOps
        self.blkioDeviceWriteIOps = blkioDeviceWriteIOps
        self.cpuPeriod = cpuPeriod
        self.cpuQuota = cpuQuota
        self.cpuRealtimePeriod = cpuRealtimePeriod
        self.cpuRealtimeRuntime = cpuRealtimeRuntime
        self.cpusetCpus = cpusetCpus
        self.cpusetMems = cpusetMems
        self.devices = devices
        self.deviceCgroupRules = deviceCgroupRules
        self.deviceRequests = deviceRequests
        self.kernelMemory = kernelMemory
        self.kernelMemoryTCP = kernelMemoryTCP
        self.memoryReservation = memoryReservation
        self.memorySwap = memorySwap
        self.memorySwappiness = memorySwappiness
        self.oomKillDisable = oomKillDisable
        self.pidsLimit = pidsLimit
        self.ulimits = ulimits
        self.cpuCount = cpuCount
        self.cpuPercent = cpuPercent
        self.ioMaximumIOps = ioMaximumIOps
        self.ioMaximumBandwidth = ioMaximumBandwidth
        self.mounts = mounts
        self.maskedPaths = maskedPaths
        self.readonlyPaths = readonlyPaths
        self.runInit = runInit
    }

    enum CodingKeys: String, GoJSONKey {
        case binds = "Binds"
        case containerIDFile = "ContainerIDFile"
        case logConfig = "LogConfig"
        case networkMode = "NetworkMode"
        case portBindings = "PortBindings"
        case restartPolicy = "RestartPolicy"
        case autoRemove = "AutoRemove"
        case volumeDriver = "VolumeDriver"
        case volumesFrom = "VolumesFrom"
        case consoleSize = "ConsoleSize"
        case annotations = "Annotations"
        case capAdd = "CapAdd"
        case capDrop = "CapDrop"
        case cgroupnsMode = "CgroupnsMode"
        case dns = "Dns"
        case dnsOptions = "DnsOptions"
        case dnsSearch = "DnsSearch"
        case extraHosts = "ExtraHosts"
        case groupAdd = "GroupAdd"
        case ipcMode = "IpcMode"
        case cgroup = "Cgroup"
        case links = "Links"
        case oomScoreAdj = "OomScoreAdj"
        case pidMode = "PidMode"
        case privileged = "Privileged"
        case publishAllPorts = "PublishAllPorts"
        case readonlyRootfs = "ReadonlyRootfs"
        case securityOpt = "SecurityOpt"
        case storageOpt = "StorageOpt"
        case tmpfs = "Tmpfs"
        case utsMode = "UTSMode"
        case usernsMode = "UsernsMode"
        case shmSize = "ShmSize"
        case sysctls = "Sysctls"
        case runtime = "Runtime"
        case isolation = "Isolation"
        case cpuShares = "CpuShares"
        case memory = "Memory"
        case nanoCpus = "NanoCpus"
        case cgroupParent = "CgroupParent"
        case blkioWeight = "BlkioWeight"
        case blkioWeightDevice = "BlkioWeightDevice"
        case blkioDeviceReadBps = "BlkioDeviceReadBps"
        case blkioDeviceWriteBps = "BlkioDeviceWriteBps"
        case blkioDeviceReadIOps = "BlkioDeviceReadIOps"
        case blkioDeviceWriteIOps = "BlkioDeviceWriteIOps"
        case cpuPeriod = "CpuPeriod"
        case cpuQuota = "CpuQuota"
        case cpuRealtimePeriod = "CpuRealtimePeriod"
        case cpuRealtimeRuntime = "CpuRealtimeRuntime"
        case cpusetCpus = "CpusetCpus"
        case cpusetMems = "CpusetMems"
        case devices = "Devices"
        case deviceCgroupRules = "DeviceCgroupRules"
        case deviceRequests = "DeviceRequests"
        case kernelMemory = "KernelMemory"
        case kernelMemoryTCP = "KernelMemoryTCP"
        case memoryReservation = "MemoryReservation"
        case memorySwap = "MemorySwap"
        case memorySwappiness = "MemorySwappiness"
        case oomKillDisable = "OomKillDisable"
        case pidsLimit = "PidsLimit"
        case ulimits = "Ulimits"
        case cpuCount = "CpuCount"
        case cpuPercent = "CpuPercent"
        case ioMaximumIOps = "IOMaximumIOps"
        case ioMaximumBandwidth = "IOMaximumBandwidth"
        case mounts = "Mounts"
        case maskedPaths = "MaskedPaths"
        case readonlyPaths = "ReadonlyPaths"
        case runInit = "Init"

        var omitsEmpty: Bool {
            switch self {
            case .annotations, .storageOpt, .tmpfs, .sysctls, .runtime, .kernelMemory, .kernelMemoryTCP, .mounts, .runInit: true
            default: false
            }
        }
    }
}
