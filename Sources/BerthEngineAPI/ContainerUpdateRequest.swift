/// The body of `POST /containers/{id}/update`: Go's `container.UpdateConfig`, the `Resources` fields plus
/// `RestartPolicy`. The CLI sends the whole struct with zeros and nulls for what it does not change.
public struct ContainerUpdateRequest: Codable, Sendable, Equatable {
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
    public var memorySwap: Int64 = 0
    public var memorySwappiness: Int64?
    public var oomKillDisable: Bool?
    public var pidsLimit: Int64?
    public var ulimits: [Ulimit]?
    public var cpuCount: Int64 = 0
    public var cpuPercent: Int64 = 0
    public var ioMaximumIOps: UInt64 = 0
    public var ioMaximumBandwidth: UInt64 = 0
    public var restartPolicy: RestartPolicy = RestartPolicy()

    public init(
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
        restartPolicy: RestartPolicy = RestartPolicy()
    ) {
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
        self.restartPolicy = restartPolicy
    }

    enum CodingKeys: String, GoJSONKey {
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
        case restartPolicy = "RestartPolicy"

        var omitsEmpty: Bool {
            switch self {
            case .kernelMemory, .kernelMemoryTCP: true
            default: false
            }
        }
    }
}
