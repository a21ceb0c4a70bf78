public struct LinuxResources: Codable, Sendable, Equatable {
    public var devices: [DeviceCgroupRule]?
    public var memory: MemoryResources?
    public var cpu: CPUResources?
    public var pids: PidsResources?
    public var blockIO: BlockIOResources?
    public var hugepageLimits: [HugepageLimit]?
    public var network: NetworkResources?
    public var rdma: [String: RdmaLimit]?
    public var unified: [String: String]?
    public init() {}
}

public struct DeviceCgroupRule: Codable, Sendable, Equatable {
    public var allow: Bool
    public var type: String?
    public var major: Int64?
    public var minor: Int64?
    public var access: String?
    public init(allow: Bool, type: String? = nil, major: Int64? = nil, minor: Int64? = nil, access: String? = nil) {
        self.allow = allow
        self.type = type
        self.major = major
        self.minor = minor
        self.access = access
    }
}

public struct MemoryResources: Codable, Sendable, Equatable {
    public var limit: Int64?
    public var reservation: Int64?
    public var swap: Int64?
    public var kernel: Int64?
    public var kernelTCP: Int64?
    public var swappiness: UInt64?
    public var disableOOMKiller: Bool?
    public var useHierarchy: Bool?
    public var checkBeforeUpdate: Bool?
    public init() {}
}

public struct CPUResources: Codable, Sendable, Equatable {
    public var shares: UInt64?
    public var quota: Int64?
    public var burst: UInt64?
    public var period: UInt64?
    public var realtimeRuntime: Int64?
    public var realtimePeriod: UInt64?
    public var cpus: String?
    public var mems: String?
    public var idle: Int64?
    public init() {}
}

public struct PidsResources: Codable, Sendable, Equatable {
    public var limit: Int64?
    public init(limit: Int64? = nil) { self.limit = limit }
}

public struct BlockIOResources: Codable, Sendable, Equatable {
    public var weight: UInt16?
    public var leafWeight: UInt16?
    public var weightDevice: [WeightDevice]?
    public var throttleReadBpsDevice: [ThrottleDevice]?
    public var throttleWriteBpsDevice: [ThrottleDevice]?
    public var throttleReadIOPSDevice: [ThrottleDevice]?
    public var throttleWriteIOPSDevice: [ThrottleDevice]?
    public init() {}
}

public struct WeightDevice: Codable, Sendable, Equatable {
    public var major: Int64
    public var minor: Int64
    public var weight: UInt16?
    public var leafWeight: UInt16?
}

public struct ThrottleDevice: Codable, Sendable, Equatable {
    public var major: Int64
    public var minor: Int64
    public var rate: UInt64
    public init(major: Int64, minor: Int64, rate: UInt64) {
        self.major = major
        self.minor = minor
        self.rate = rate
    }
}

public struct HugepageLimit: Codable, Sendable, Equatable {
    public var pageSize: String
    public var limit: UInt64
    public init(pageSize: String, limit: UInt64) {
        self.pageSize = pageSize
        self.limit = limit
    }
}

public struct NetworkResources: Codable, Sendable, Equatable {
    public var classID: UInt32?
    public var priorities: [InterfacePriority]?
    public init() {}
}

public struct InterfacePriority: Codable, Sendable, Equatable {
    public var name: String
    public var priority: UInt32
}

public struct RdmaLimit: Codable, Sendable, Equatable {
    public var hcaHandles: UInt32?
    public var hcaObjects: UInt32?
}
