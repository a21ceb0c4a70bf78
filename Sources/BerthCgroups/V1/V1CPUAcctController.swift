import Glibc

/// Usage accounting only; cpuacct has no limits.
enum V1CPUAcctController {
    static func stats(_ dir: String, into stats: inout CgroupStats) {
        stats.cpu.usage.total = CgroupFiles.readUInt(dir, "cpuacct.usage") ?? 0
        if let percpu = CgroupFiles.read(dir, "cpuacct.usage_percpu") {
            stats.cpu.usage.percpu = percpu.split(separator: " ").compactMap { UInt64($0) }
        }
        // cpuacct.stat counts USER_HZ ticks; runc reports nanoseconds.
        let ticks = CgroupFiles.readKeyValues(dir, "cpuacct.stat")
        let hz = UInt64(max(sysconf(Int32(_SC_CLK_TCK)), 1))
        let nsPerTick = 1_000_000_000 / hz
        stats.cpu.usage.user = (ticks["user"] ?? 0) * nsPerTick
        stats.cpu.usage.kernel = (ticks["system"] ?? 0) * nsPerTick
    }
}
