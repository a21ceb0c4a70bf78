import BerthCore
import BerthLinux
import BerthOCI

enum V1MemoryController {
    static func set(_ dir: String?, _ memory: MemoryResources?) throws {
        guard let m = memory, m != MemoryResources() else { return }
        let dir = try CgroupFiles.need(dir, controller: "memory", field: "linux.resources.memory")
        // Like runc, 0 means "not set" for the byte limits.
        let limit = m.limit.flatMap { $0 == 0 ? nil : $0 }
        let swap = m.swap.flatMap { $0 == 0 ? nil : $0 }
        if let limit, limit > 0, m.checkBeforeUpdate == true,
           let usage = CgroupFiles.readUInt(dir, "memory.usage_in_bytes"), usage > UInt64(limit) {
            throw BerthError(.invalidArgument, "linux.resources.memory.limit: \(limit) is below current usage \(usage) of \(dir)")
        }
        let hasMemsw = FileIO.exists(dir + "/memory.memsw.limit_in_bytes")
        switch (limit, hasMemsw ? swap : nil) {
        case let (limit?, swap?):
            // memory.limit must stay <= memsw at every moment, so the order depends on whether limits grow or shrink.
            do {
                try writeLimit(dir, limit)
                try writeSwap(dir, swap)
            } catch {
                try writeSwap(dir, swap)
                try writeLimit(dir, limit)
            }
        case let (limit?, nil):
            try writeLimit(dir, limit)
        case let (nil, swap?):
            try writeSwap(dir, swap)
        case (nil, nil):
            break
        }
        if let r = m.reservation, r != 0 {
            try CgroupFiles.write(dir, "memory.soft_limit_in_bytes", String(r), field: "linux.resources.memory.reservation")
        }
        // Kernel memory limits are deprecated (removed from new kernels); honour them where the file still exists.
        if let k = m.kernel, k != 0 {
            try CgroupFiles.writeIfExists(dir, "memory.kmem.limit_in_bytes", String(k), field: "linux.resources.memory.kernel")
        }
        if let k = m.kernelTCP, k != 0 {
            try CgroupFiles.writeIfExists(dir, "memory.kmem.tcp.limit_in_bytes", String(k), field: "linux.resources.memory.kernelTCP")
        }
        if let s = m.swappiness {
            guard s <= 100 else {
                throw BerthError(.invalidConfig, "linux.resources.memory.swappiness: \(s) is out of range 0-100")
            }
            try CgroupFiles.write(dir, "memory.swappiness", String(s), field: "linux.resources.memory.swappiness")
        }
        if let d = m.disableOOMKiller {
            try CgroupFiles.write(dir, "memory.oom_control", d ? "1" : "0", field: "linux.resources.memory.disableOOMKiller")
        }
        if let h = m.useHierarchy {
            try CgroupFiles.write(dir, "memory.use_hierarchy", h ? "1" : "0", field: "linux.resources.memory.useHierarchy")
        }
    }

    private static func writeLimit(_ dir: String, _ limit: Int64) throws {
        try CgroupFiles.write(dir, "memory.limit_in_bytes", String(limit), field: "linux.resources.memory.limit")
    }

    private static func writeSwap(_ dir: String, _ swap: Int64) throws {
        try CgroupFiles.write(dir, "memory.memsw.limit_in_bytes", String(swap), field: "linux.resources.memory.swap")
    }

    static func stats(_ dir: String, into stats: inout CgroupStats) {
        stats.memory.usage = entry(dir, "memory")
        stats.memory.swap = entry(dir, "memory.memsw")
        stats.memory.kernel = entry(dir, "memory.kmem")
        stats.memory.kernelTCP = entry(dir, "memory.kmem.tcp")
        stats.memory.raw = CgroupFiles.readKeyValues(dir, "memory.stat")
        stats.memory.cache = stats.memory.raw["cache"] ?? 0
    }

    private static func entry(_ dir: String, _ prefix: String) -> CgroupStats.MemoryEntry {
        var e = CgroupStats.MemoryEntry()
        e.usage = CgroupFiles.readUInt(dir, prefix + ".usage_in_bytes") ?? 0
        e.max = CgroupFiles.readUInt(dir, prefix + ".max_usage_in_bytes") ?? 0
        e.failcnt = CgroupFiles.readUInt(dir, prefix + ".failcnt") ?? 0
        e.limit = CgroupFiles.readUInt(dir, prefix + ".limit_in_bytes") ?? 0
        return e
    }
}
