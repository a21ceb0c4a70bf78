import BerthCore
import BerthOCI

enum V2CPUController {
    static func set(_ dir: String, _ cpu: CPUResources?) throws {
        guard let c = cpu else { return }
        if let r = c.realtimeRuntime, r != 0 {
            throw BerthError(.unsupported, "linux.resources.cpu.realtimeRuntime: not supported by cgroup v2")
        }
        if let p = c.realtimePeriod, p != 0 {
            throw BerthError(.unsupported, "linux.resources.cpu.realtimePeriod: not supported by cgroup v2")
        }
        if let shares = c.shares, shares != 0 {
            try CgroupFiles.write(dir, "cpu.weight", String(weight(shares: shares)), field: "linux.resources.cpu.shares")
        }
        if let idle = c.idle {
            try CgroupFiles.write(dir, "cpu.idle", String(idle), field: "linux.resources.cpu.idle")
        }
        let quota = c.quota ?? 0
        let period = c.period ?? 0
        if quota != 0 || period != 0 {
            // A lone quota keeps the current period; a lone period needs an explicit "max" quota.
            var value = quota > 0 ? String(quota) : "max"
            if period != 0 { value += " \(period)" }
            try CgroupFiles.write(dir, "cpu.max", value, field: "linux.resources.cpu.quota")
        }
        if let burst = c.burst {
            try CgroupFiles.write(dir, "cpu.max.burst", String(burst), field: "linux.resources.cpu.burst")
        }
    }

    /// cpu.shares (2..262144) to cpu.weight (1..10000), runc's linear mapping.
    static func weight(shares: UInt64) -> UInt64 {
        guard shares >= 2 else { return 1 }
        return 1 + ((min(shares, 262144) - 2) * 9999) / 262142
    }

    static func stats(_ dir: String, into stats: inout CgroupStats) {
        let s = CgroupFiles.readKeyValues(dir, "cpu.stat")
        stats.cpu.usage.total = (s["usage_usec"] ?? 0) * 1000
        stats.cpu.usage.user = (s["user_usec"] ?? 0) * 1000
        stats.cpu.usage.kernel = (s["system_usec"] ?? 0) * 1000
        stats.cpu.throttling.periods = s["nr_periods"] ?? 0
        stats.cpu.throttling.throttledPeriods = s["nr_throttled"] ?? 0
        stats.cpu.throttling.throttledTime = (s["throttled_usec"] ?? 0) * 1000
    }
}
