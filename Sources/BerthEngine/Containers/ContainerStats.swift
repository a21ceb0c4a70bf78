import BerthCore
import BerthLinux
import Glibc

/// One `GET /containers/{id}/stats` sample in dockerd's JSON shape (the keys the CLI and docker-py
/// read), built from the runtime's `events --stats` data the supervisor returns.
public struct ContainerStats: Encodable, Sendable {
    public struct CPUUsage: Encodable, Sendable {
        var total_usage: UInt64 = 0
        var percpu_usage: [UInt64]?
        var usage_in_kernelmode: UInt64 = 0
        var usage_in_usermode: UInt64 = 0
    }
    public struct Throttling: Encodable, Sendable {
        var periods: UInt64 = 0
        var throttled_periods: UInt64 = 0
        var throttled_time: UInt64 = 0
    }
    public struct CPUStats: Encodable, Sendable {
        var cpu_usage = CPUUsage()
        var system_cpu_usage: UInt64 = 0
        var online_cpus: UInt32 = 0
        var throttling_data = Throttling()
    }
    public struct MemoryStats: Encodable, Sendable {
        var usage: UInt64 = 0
        var max_usage: UInt64 = 0
        var stats: [String: UInt64] = [:]
        var limit: UInt64 = 0
    }
    public struct PidsStats: Encodable, Sendable {
        var current: UInt64 = 0
    }
    public struct BlkioEntry: Encodable, Sendable {
        var major: UInt64
        var minor: UInt64
        var op: String
        var value: UInt64
    }
    public struct BlkioStats: Encodable, Sendable {
        var io_service_bytes_recursive: [BlkioEntry]?
        var io_serviced_recursive: [BlkioEntry]?
        var io_queue_recursive: [BlkioEntry]?
        var io_service_time_recursive: [BlkioEntry]?
        var io_wait_time_recursive: [BlkioEntry]?
        var io_merged_recursive: [BlkioEntry]?
        var io_time_recursive: [BlkioEntry]?
        var sectors_recursive: [BlkioEntry]?
    }
    public struct StorageStats: Encodable, Sendable {}

    var read: String = ContainerRecord.zeroTime
    var preread: String = ContainerRecord.zeroTime
    var pids_stats = PidsStats()
    var blkio_stats = BlkioStats()
    var num_procs: UInt32 = 0
    var storage_stats = StorageStats()
    var cpu_stats = CPUStats()
    var precpu_stats = CPUStats()
    var memory_stats = MemoryStats()
    /// The container's own links (absent for host and none networking, as dockerd leaves it out).
    var networks: [String: InterfaceCounters]?
    var name: String = ""
    var id: String = ""

    /// A sample from the runtime's stats JSON (`{"type":"stats","data":{...}}` or the data alone).
    static func sample(runtimeJSON: [UInt8], record: ContainerRecord) -> ContainerStats {
        var out = ContainerStats()
        out.read = LogTime.format(LogTime.now())
        out.name = "/" + record.name
        out.id = record.id
        guard let root = try? JSONValue.parse(runtimeJSON) else { return out }
        let data = root["data"] ?? root
        if let cpu = data["cpu"] {
            out.cpu_stats.cpu_usage.total_usage = cpu["usage"]?["total"]?.uint64 ?? 0
            out.cpu_stats.cpu_usage.percpu_usage = cpu["usage"]?["percpu"]?.array?.compactMap(\.uint64)
            out.cpu_stats.cpu_usage.usage_in_kernelmode = cpu["usage"]?["kernel"]?.uint64 ?? 0
            out.cpu_stats.cpu_usage.usage_in_usermode = cpu["usage"]?["user"]?.uint64 ?? 0
            out.cpu_stats.throttling_data.periods = cpu["throttling"]?["periods"]?.uint64 ?? 0
            out.cpu_stats.throttling_data.throttled_periods = cpu["throttling"]?["throttledPeriods"]?.uint64 ?? 0
            out.cpu_stats.throttling_data.throttled_time = cpu["throttling"]?["throttledTime"]?.uint64 ?? 0
        }
        out.cpu_stats.system_cpu_usage = systemCPUUsage()
        out.cpu_stats.online_cpus = UInt32(max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        if let memory = data["memory"] {
            out.memory_stats.usage = memory["usage"]?["usage"]?.uint64 ?? 0
            out.memory_stats.max_usage = memory["usage"]?["max"]?.uint64 ?? 0
            let limit = memory["usage"]?["limit"]?.uint64 ?? 0
            let host = hostMemory()
            out.memory_stats.limit = limit == 0 || limit > host ? host : limit
            if case .object(let raw)? = memory["raw"] {
                for (key, value) in raw { if let number = value.uint64 { out.memory_stats.stats[key] = number } }
            }
        }
        out.pids_stats.current = data["pids"]?["current"]?.uint64 ?? 0
        if let entries = data["blkio"]?["ioServiceBytesRecursive"]?.array {
            out.blkio_stats.io_service_bytes_recursive = entries.map {
                BlkioEntry(major: $0["major"]?.uint64 ?? 0, minor: $0["minor"]?.uint64 ?? 0,
                           op: $0["op"]?.string ?? "", value: $0["value"]?.uint64 ?? 0)
            }
        }
        return out
    }

    /// /proc/stat's cpu line in nanoseconds, as dockerd's getSystemCPUUsage.
    static func systemCPUUsage() -> UInt64 {
        guard let text = try? FileIO.readString("/proc/stat"),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return 0 }
        let ticks = line.split(separator: " ").dropFirst().prefix(7).compactMap { UInt64($0) }.reduce(0, +)
        let perSecond = UInt64(max(1, sysconf(Int32(_SC_CLK_TCK))))
        return ticks * (1_000_000_000 / perSecond)
    }

    static func hostMemory() -> UInt64 {
        UInt64(max(0, sysconf(Int32(_SC_PHYS_PAGES)))) * UInt64(max(0, sysconf(Int32(_SC_PAGESIZE))))
    }
}
