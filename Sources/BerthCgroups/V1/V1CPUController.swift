import BerthCore
import BerthLinux
import BerthOCI

enum V1CPUController {
    static func set(_ dir: String?, _ cpu: CPUResources?) throws {
        guard let c = cpu else { return }
        let wanted = c.shares != nil || c.quota != nil || c.period != nil || c.burst != nil
            || c.realtimeRuntime != nil || c.realtimePeriod != nil || c.idle != nil
        guard wanted else { return }
        let dir = try CgroupFiles.need(dir, controller: "cpu", field: "linux.resources.cpu")
        if let shares = c.shares, shares != 0 {
            try CgroupFiles.write(dir, "cpu.shares", String(shares), field: "linux.resources.cpu.shares")
        }
        // The kernel checks quota against period (and burst against quota) at each write, so a failed write is
        // retried after the other value has moved.
        let period = c.period.flatMap { $0 == 0 ? nil : $0 }
        let quota = c.quota.flatMap { $0 == 0 ? nil : $0 }
        if let period {
            do {
                try CgroupFiles.write(dir, "cpu.cfs_period_us", String(period), field: "linux.resources.cpu.period")
            } catch {
                guard let quota else { throw error }
                try CgroupFiles.write(dir, "cpu.cfs_quota_us", String(quota), field: "linux.resources.cpu.quota")
                try CgroupFiles.write(dir, "cpu.cfs_period_us", String(period), field: "linux.resources.cpu.period")
            }
        }
        if let quota {
            try CgroupFiles.write(dir, "cpu.cfs_quota_us", String(quota), field: "linux.resources.cpu.quota")
        }
        if let burst = c.burst {
            try CgroupFiles.writeIfExists(dir, "cpu.cfs_burst_us", String(burst), field: "linux.resources.cpu.burst")
        }
        // Real-time budget: period first, as runtime may not exceed it.
        if let p = c.realtimePeriod, p != 0 {
            try CgroupFiles.write(dir, "cpu.rt_period_us", String(p), field: "linux.resources.cpu.realtimePeriod")
        }
        if let r = c.realtimeRuntime, r != 0 {
            try CgroupFiles.write(dir, "cpu.rt_runtime_us", String(r), field: "linux.resources.cpu.realtimeRuntime")
        }
        if let idle = c.idle {
            try CgroupFiles.write(dir, "cpu.idle", String(idle), field: "linux.resources.cpu.idle")
        }
    }

    /// Throttling only: usage comes from cpuacct, which may be a separate hierarchy.
    static func stats(_ dir: String, into stats: inout CgroupStats) {
        let s = CgroupFiles.readKeyValues(dir, "cpu.stat")
        stats.cpu.throttling.periods = s["nr_periods"] ?? 0
        stats.cpu.throttling.throttledPeriods = s["nr_throttled"] ?? 0
        stats.cpu.throttling.throttledTime = s["throttled_time"] ?? 0
    }
}
