import BerthCore
import BerthOCI

enum V2MemoryController {
    static func set(_ dir: String, _ memory: MemoryResources?) throws {
        guard let m = memory, m != MemoryResources() else { return }
        if let k = m.kernelTCP, k != 0 {
            throw BerthError(.unsupported, "linux.resources.memory.kernelTCP: not supported by cgroup v2")
        }
        if let s = m.swappiness {
            throw BerthError(.unsupported, "linux.resources.memory.swappiness: \(s) cannot be set per cgroup in cgroup v2")
        }
        if m.disableOOMKiller == true {
            throw BerthError(.unsupported, "linux.resources.memory.disableOOMKiller: not supported by cgroup v2")
        }
        if m.useHierarchy == false {
            throw BerthError(.unsupported, "linux.resources.memory.useHierarchy: cgroup v2 is always hierarchical")
        }
        // memory.kernel is deprecated in the spec and ignored, as runc does.
        let limit = m.limit ?? 0
        if limit > 0, m.checkBeforeUpdate == true,
           let usage = CgroupFiles.readUInt(dir, "memory.current"), usage > UInt64(limit) {
            throw BerthError(.invalidArgument, "linux.resources.memory.limit: \(limit) is below current usage \(usage) of \(dir)")
        }
        let swap = try swapValue(swap: m.swap ?? 0, limit: limit)
        // swap.max first: it is independent of memory.max in v2, and a failed swap write must not leave a new limit.
        if swap != 0 {
            try CgroupFiles.write(dir, "memory.swap.max", maxValue(swap), field: "linux.resources.memory.swap")
        }
        if limit != 0 {
            try CgroupFiles.write(dir, "memory.max", maxValue(limit), field: "linux.resources.memory.limit")
        }
        if let r = m.reservation, r != 0 {
            try CgroupFiles.write(dir, "memory.low", maxValue(r), field: "linux.resources.memory.reservation")
        }
    }

    static func maxValue(_ v: Int64) -> String { v < 0 ? "max" : String(v) }

    /// OCI swap is memory+swap (the v1 memsw meaning); v2's memory.swap.max is swap alone. Mirrors runc's
    /// ConvertMemorySwapToCgroupV2Value; 0 means "leave unset", -1 "max".
    static func swapValue(swap: Int64, limit: Int64) throws -> Int64 {
        if limit == -1 && swap == 0 { return -1 }
        if swap == -1 || swap == 0 { return swap }
        if limit == 0 || limit == -1 {
            throw BerthError(.invalidConfig, "linux.resources.memory.swap: cannot set a swap limit without a memory limit")
        }
        if limit < 0 { throw BerthError(.invalidConfig, "linux.resources.memory.limit: invalid value \(limit)") }
        if swap < limit {
            throw BerthError(.invalidConfig, "linux.resources.memory.swap: \(swap) must be >= memory limit \(limit)")
        }
        return swap - limit
    }

    static func stats(_ dir: String, into stats: inout CgroupStats) {
        var usage = CgroupStats.MemoryEntry()
        usage.usage = CgroupFiles.readUInt(dir, "memory.current") ?? 0
        usage.limit = CgroupFiles.readUInt(dir, "memory.max") ?? 0
        usage.max = CgroupFiles.readUInt(dir, "memory.peak") ?? 0
        usage.failcnt = CgroupFiles.readKeyValues(dir, "memory.events")["max"] ?? 0
        stats.memory.usage = usage
        var swap = CgroupStats.MemoryEntry()
        swap.usage = CgroupFiles.readUInt(dir, "memory.swap.current") ?? 0
        swap.limit = CgroupFiles.readUInt(dir, "memory.swap.max") ?? 0
        swap.max = CgroupFiles.readUInt(dir, "memory.swap.peak") ?? 0
        swap.failcnt = CgroupFiles.readKeyValues(dir, "memory.swap.events")["fail"] ?? 0
        stats.memory.swap = swap
        stats.memory.raw = CgroupFiles.readKeyValues(dir, "memory.stat")
        stats.memory.cache = stats.memory.raw["file"] ?? 0
    }
}
