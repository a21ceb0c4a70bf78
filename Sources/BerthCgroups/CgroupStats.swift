/// Resource usage in the shape of runc's `events --stats` "data" object (libcontainer/cgroups stats types),
/// including Go's omitempty on the fields runc marks with it, so existing consumers parse it unchanged.
public struct CgroupStats: Codable, Sendable, Equatable {
    public var cpu = CPU()
    public var memory = Memory()
    public var pids = Pids()
    public var blkio = Blkio()
    /// Page size ("2MB") -> usage.
    public var hugetlb: [String: Hugetlb] = [:]

    public init() {}

    public struct CPU: Codable, Sendable, Equatable {
        public var usage = Usage()
        public var throttling = Throttling()
        public init() {}

        /// Nanoseconds.
        public struct Usage: Codable, Sendable, Equatable {
            public var total: UInt64 = 0
            public var percpu: [UInt64] = []
            public var kernel: UInt64 = 0
            public var user: UInt64 = 0
            public init() {}

            enum CodingKeys: String, CodingKey { case total, percpu, kernel, user }
            public init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                total = try c.decodeIfPresent(UInt64.self, forKey: .total) ?? 0
                percpu = try c.decodeIfPresent([UInt64].self, forKey: .percpu) ?? []
                kernel = try c.decodeIfPresent(UInt64.self, forKey: .kernel) ?? 0
                user = try c.decodeIfPresent(UInt64.self, forKey: .user) ?? 0
            }
            public func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                if total != 0 { try c.encode(total, forKey: .total) }
                if !percpu.isEmpty { try c.encode(percpu, forKey: .percpu) }
                try c.encode(kernel, forKey: .kernel)
                try c.encode(user, forKey: .user)
            }
        }

        public struct Throttling: Codable, Sendable, Equatable {
            public var periods: UInt64 = 0
            public var throttledPeriods: UInt64 = 0
            /// Nanoseconds.
            public var throttledTime: UInt64 = 0
            public init() {}

            enum CodingKeys: String, CodingKey {
                case periods, throttledPeriods = "throttled_periods", throttledTime = "throttled_time"
            }
            public init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                periods = try c.decodeIfPresent(UInt64.self, forKey: .periods) ?? 0
                throttledPeriods = try c.decodeIfPresent(UInt64.self, forKey: .throttledPeriods) ?? 0
                throttledTime = try c.decodeIfPresent(UInt64.self, forKey: .throttledTime) ?? 0
            }
            public func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                if periods != 0 { try c.encode(periods, forKey: .periods) }
                if throttledPeriods != 0 { try c.encode(throttledPeriods, forKey: .throttledPeriods) }
                if throttledTime != 0 { try c.encode(throttledTime, forKey: .throttledTime) }
            }
        }
    }

    public struct MemoryEntry: Codable, Sendable, Equatable {
        public var limit: UInt64 = 0
        public var usage: UInt64 = 0
        public var max: UInt64 = 0
        public var failcnt: UInt64 = 0
        public init() {}

        enum CodingKeys: String, CodingKey { case limit, usage, max, failcnt }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            limit = try c.decodeIfPresent(UInt64.self, forKey: .limit) ?? 0
            usage = try c.decodeIfPresent(UInt64.self, forKey: .usage) ?? 0
            max = try c.decodeIfPresent(UInt64.self, forKey: .max) ?? 0
            failcnt = try c.decodeIfPresent(UInt64.self, forKey: .failcnt) ?? 0
        }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(limit, forKey: .limit)
            if usage != 0 { try c.encode(usage, forKey: .usage) }
            if max != 0 { try c.encode(max, forKey: .max) }
            try c.encode(failcnt, forKey: .failcnt)
        }
    }

    public struct Memory: Codable, Sendable, Equatable {
        public var cache: UInt64 = 0
        public var usage = MemoryEntry()
        public var swap = MemoryEntry()
        public var kernel = MemoryEntry()
        public var kernelTCP = MemoryEntry()
        /// memory.stat as read.
        public var raw: [String: UInt64] = [:]
        public init() {}

        enum CodingKeys: String, CodingKey { case cache, usage, swap, kernel, kernelTCP, raw }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            cache = try c.decodeIfPresent(UInt64.self, forKey: .cache) ?? 0
            usage = try c.decodeIfPresent(MemoryEntry.self, forKey: .usage) ?? MemoryEntry()
            swap = try c.decodeIfPresent(MemoryEntry.self, forKey: .swap) ?? MemoryEntry()
            kernel = try c.decodeIfPresent(MemoryEntry.self, forKey: .kernel) ?? MemoryEntry()
            kernelTCP = try c.decodeIfPresent(MemoryEntry.self, forKey: .kernelTCP) ?? MemoryEntry()
            raw = try c.decodeIfPresent([String: UInt64].self, forKey: .raw) ?? [:]
        }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            if cache != 0 { try c.encode(cache, forKey: .cache) }
            // Go's omitempty never omits structs, so these always appear.
            try c.encode(usage, forKey: .usage)
            try c.encode(swap, forKey: .swap)
            try c.encode(kernel, forKey: .kernel)
            try c.encode(kernelTCP, forKey: .kernelTCP)
            if !raw.isEmpty { try c.encode(raw, forKey: .raw) }
        }
    }

    public struct Pids: Codable, Sendable, Equatable {
        public var current: UInt64 = 0
        /// 0 when unlimited.
        public var limit: UInt64 = 0
        public init() {}

        enum CodingKeys: String, CodingKey { case current, limit }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            current = try c.decodeIfPresent(UInt64.self, forKey: .current) ?? 0
            limit = try c.decodeIfPresent(UInt64.self, forKey: .limit) ?? 0
        }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            if current != 0 { try c.encode(current, forKey: .current) }
            if limit != 0 { try c.encode(limit, forKey: .limit) }
        }
    }

    public struct BlkioEntry: Codable, Sendable, Equatable {
        public var major: UInt64 = 0
        public var minor: UInt64 = 0
        public var op: String = ""
        public var value: UInt64 = 0
        public init(major: UInt64, minor: UInt64, op: String, value: UInt64) {
            self.major = major
            self.minor = minor
            self.op = op
            self.value = value
        }

        enum CodingKeys: String, CodingKey { case major, minor, op, value }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            major = try c.decodeIfPresent(UInt64.self, forKey: .major) ?? 0
            minor = try c.decodeIfPresent(UInt64.self, forKey: .minor) ?? 0
            op = try c.decodeIfPresent(String.self, forKey: .op) ?? ""
            value = try c.decodeIfPresent(UInt64.self, forKey: .value) ?? 0
        }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            if major != 0 { try c.encode(major, forKey: .major) }
            if minor != 0 { try c.encode(minor, forKey: .minor) }
            if !op.isEmpty { try c.encode(op, forKey: .op) }
            if value != 0 { try c.encode(value, forKey: .value) }
        }
    }

    public struct Blkio: Codable, Sendable, Equatable {
        public var ioServiceBytesRecursive: [BlkioEntry] = []
        public var ioServicedRecursive: [BlkioEntry] = []
        public init() {}

        enum CodingKeys: String, CodingKey { case ioServiceBytesRecursive, ioServicedRecursive }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            ioServiceBytesRecursive = try c.decodeIfPresent([BlkioEntry].self, forKey: .ioServiceBytesRecursive) ?? []
            ioServicedRecursive = try c.decodeIfPresent([BlkioEntry].self, forKey: .ioServicedRecursive) ?? []
        }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            if !ioServiceBytesRecursive.isEmpty { try c.encode(ioServiceBytesRecursive, forKey: .ioServiceBytesRecursive) }
            if !ioServicedRecursive.isEmpty { try c.encode(ioServicedRecursive, forKey: .ioServicedRecursive) }
        }
    }

    public struct Hugetlb: Codable, Sendable, Equatable {
        public var usage: UInt64 = 0
        public var max: UInt64 = 0
        public var failcnt: UInt64 = 0
        public init() {}

        enum CodingKeys: String, CodingKey { case usage, max, failcnt }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            usage = try c.decodeIfPresent(UInt64.self, forKey: .usage) ?? 0
            max = try c.decodeIfPresent(UInt64.self, forKey: .max) ?? 0
            failcnt = try c.decodeIfPresent(UInt64.self, forKey: .failcnt) ?? 0
        }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            if usage != 0 { try c.encode(usage, forKey: .usage) }
            if max != 0 { try c.encode(max, forKey: .max) }
            try c.encode(failcnt, forKey: .failcnt)
        }
    }

    enum CodingKeys: String, CodingKey { case cpu, memory, pids, blkio, hugetlb }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cpu = try c.decodeIfPresent(CPU.self, forKey: .cpu) ?? CPU()
        memory = try c.decodeIfPresent(Memory.self, forKey: .memory) ?? Memory()
        pids = try c.decodeIfPresent(Pids.self, forKey: .pids) ?? Pids()
        blkio = try c.decodeIfPresent(Blkio.self, forKey: .blkio) ?? Blkio()
        hugetlb = try c.decodeIfPresent([String: Hugetlb].self, forKey: .hugetlb) ?? [:]
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cpu, forKey: .cpu)
        try c.encode(memory, forKey: .memory)
        try c.encode(pids, forKey: .pids)
        try c.encode(blkio, forKey: .blkio)
        // runc's Hugetlb map has no omitempty: an empty map encodes as {}.
        try c.encode(hugetlb, forKey: .hugetlb)
    }
}
