import BerthCore

/// One row of `berth stats`, computed from a stats sample as docker's stats_helpers.go does: CPU % from
/// the sample's cpu_stats against its precpu_stats (the daemon sends both samples), memory without
/// the inactive file cache, network and block I/O summed over interfaces and devices.
public struct StatsEntry: Equatable {
    public var container: String
    public var name = ""
    public var id = ""
    public var cpuPercentage = 0.0
    public var memory = 0.0
    public var memoryLimit = 0.0
    public var memoryPercentage = 0.0
    public var networkRx = 0.0
    public var networkTx = 0.0
    public var blockRead = 0.0
    public var blockWrite = 0.0
    public var pidsCurrent: UInt64 = 0
    /// Set when the container could not be sampled: every column prints "--".
    public var isInvalid = false

    public init(container: String) { self.container = container }

    public init(container: String, sample s: JSONValue) {
        self.container = container
        name = s["name"]?.string ?? ""
        id = s["id"]?.string ?? ""
        let cpu = s["cpu_stats"], pre = s["precpu_stats"]
        let cpuDelta = Double(cpu?["cpu_usage"]?["total_usage"]?.uint64 ?? 0) - Double(pre?["cpu_usage"]?["total_usage"]?.uint64 ?? 0)
        let systemDelta = Double(cpu?["system_cpu_usage"]?.uint64 ?? 0) - Double(pre?["system_cpu_usage"]?.uint64 ?? 0)
        var online = Double(cpu?["online_cpus"]?.uint64 ?? 0)
        if online == 0 { online = Double(cpu?["cpu_usage"]?["percpu_usage"]?.array?.count ?? 0) }
        if systemDelta > 0 && cpuDelta > 0 { cpuPercentage = cpuDelta / systemDelta * online * 100 }

        let mem = s["memory_stats"]
        let usage = mem?["usage"]?.uint64 ?? 0
        var used = Double(usage)
        if let inactive = mem?["stats"]?["total_inactive_file"]?.uint64, inactive < usage {
            used = Double(usage - inactive)
        } else if let inactive = mem?["stats"]?["inactive_file"]?.uint64, inactive < usage {
            used = Double(usage - inactive)
        }
        memory = used
        memoryLimit = Double(mem?["limit"]?.uint64 ?? 0)
        memoryPercentage = memoryLimit != 0 ? used / memoryLimit * 100 : 0

        if case .object(let nets)? = s["networks"] {
            for (_, n) in nets {
                networkRx += Double(n["rx_bytes"]?.uint64 ?? 0)
                networkTx += Double(n["tx_bytes"]?.uint64 ?? 0)
            }
        }
        for e in s["blkio_stats"]?["io_service_bytes_recursive"]?.array ?? [] {
            let value = Double(e["value"]?.uint64 ?? 0)
            switch (e["op"]?.string ?? "").first {
            case "r", "R": blockRead += value
            case "w", "W": blockWrite += value
            default: break
            }
        }
        pidsCurrent = s["pids_stats"]?["current"]?.uint64 ?? 0
    }
}
