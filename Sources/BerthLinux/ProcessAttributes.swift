import BerthCore
import BerthOCI
import CBerthLinux
import Glibc

/// runtime-spec 1.2/1.3 process and linux attributes applied with plain syscalls: I/O priority,
/// scheduler, CPU affinity and NUMA memory policy. Names are checked up front (`validate`) so a bad
/// value fails `create` naming the field, before anything is made.
public enum ProcessAttributes {
    static let ioClasses = ["IOPRIO_CLASS_RT": 1, "IOPRIO_CLASS_BE": 2, "IOPRIO_CLASS_IDLE": 3]
    static let policies: [String: UInt32] = [
        "SCHED_OTHER": 0, "SCHED_FIFO": 1, "SCHED_RR": 2, "SCHED_BATCH": 3, "SCHED_ISO": 4, "SCHED_IDLE": 5,
        "SCHED_DEADLINE": 6,
    ]
    static let schedFlags: [String: UInt64] = [
        "SCHED_FLAG_RESET_ON_FORK": 0x1, "SCHED_FLAG_RECLAIM": 0x2, "SCHED_FLAG_DL_OVERRUN": 0x4,
        "SCHED_FLAG_KEEP_POLICY": 0x8, "SCHED_FLAG_KEEP_PARAMS": 0x10, "SCHED_FLAG_UTIL_CLAMP_MIN": 0x20,
        "SCHED_FLAG_UTIL_CLAMP_MAX": 0x40,
    ]
    static let memoryModes: [String: Int32] = [
        "MPOL_DEFAULT": 0, "MPOL_PREFERRED": 1, "MPOL_BIND": 2, "MPOL_INTERLEAVE": 3, "MPOL_LOCAL": 4,
        "MPOL_PREFERRED_MANY": 5, "MPOL_WEIGHTED_INTERLEAVE": 6,
    ]
    static let memoryFlags: [String: Int32] = [
        "MPOL_F_NUMA_BALANCING": 1 << 13, "MPOL_F_RELATIVE_NODES": 1 << 14, "MPOL_F_STATIC_NODES": 1 << 15,
    ]

    public static func validate(process: Process?, linux: Linux?) throws {
        func fail(_ field: String, _ why: String) -> BerthError { BerthError(.invalidConfig, "config.json: \(field): \(why)") }
        if let io = process?.ioPriority {
            guard ioClasses[io.class] != nil else { throw fail("process.ioPriority.class", "unknown class \"\(io.class)\"") }
            if let p = io.priority, !(0...7).contains(p) { throw fail("process.ioPriority.priority", "must be 0-7, got \(p)") }
        }
        if let s = process?.scheduler {
            guard policies[s.policy] != nil else { throw fail("process.scheduler.policy", "unknown policy \"\(s.policy)\"") }
            for (i, f) in (s.flags ?? []).enumerated() where schedFlags[f] == nil {
                throw fail("process.scheduler.flags[\(i)]", "unknown flag \"\(f)\"")
            }
        }
        if let a = process?.execCPUAffinity {
            if let v = a.initial { _ = try cpuList(v, field: "process.execCPUAffinity.initial") }
            if let v = a.final { _ = try cpuList(v, field: "process.execCPUAffinity.final") }
        }
        if let m = linux?.memoryPolicy {
            guard memoryModes[m.mode] != nil else { throw fail("linux.memoryPolicy.mode", "unknown mode \"\(m.mode)\"") }
            for (i, f) in (m.flags ?? []).enumerated() where memoryFlags[f] == nil {
                throw fail("linux.memoryPolicy.flags[\(i)]", "unknown flag \"\(f)\"")
            }
            if let nodes = m.nodes { _ = try cpuList(nodes, field: "linux.memoryPolicy.nodes") }
        }
    }

    /// "0-3,7" -> [0,1,2,3,7].
    public static func cpuList(_ text: String, field: String) throws -> [Int32] {
        var out: [Int32] = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-", maxSplits: 1)
            guard let lo = Int32(bounds[0].trimmingSpaces), let hi = bounds.count > 1 ? Int32(bounds[1].trimmingSpaces) : lo,
                  lo >= 0, hi >= lo, hi < 8192 else {
                throw BerthError(.invalidConfig, "config.json: \(field): invalid list \"\(text)\"")
            }
            out += Array(lo...hi)
        }
        return out
    }

    public static func applyIOPriority(_ io: IOPriority?) throws {
        guard let io, let cls = ioClasses[io.class] else { return }
        guard berth_ioprio_set(Int32(cls << 13 | (io.priority ?? 0))) == 0 else { throw BerthError.sys("ioprio_set \(io.class)") }
    }

    public static func applyScheduler(_ s: Scheduler?) throws {
        guard let s, let policy = policies[s.policy] else { return }
        let flags = (s.flags ?? []).reduce(UInt64(0)) { $0 | (schedFlags[$1] ?? 0) }
        guard berth_sched_setattr(policy, flags, s.nice ?? 0, UInt32(max(0, s.priority ?? 0)), s.runtime ?? 0,
                                  s.deadline ?? 0, s.period ?? 0) == 0 else {
            throw BerthError.sys("sched_setattr \(s.policy)")
        }
    }

    public static func applyAffinity(_ list: String?, field: String) throws {
        guard let list else { return }
        let cpus = try cpuList(list, field: field)
        guard cpus.withUnsafeBufferPointer({ berth_sched_setaffinity($0.baseAddress, $0.count) }) == 0 else {
            throw BerthError.sys("sched_setaffinity \(list)")
        }
    }

    public static func applyMemoryPolicy(_ m: MemoryPolicy?) throws {
        guard let m, let mode = memoryModes[m.mode] else { return }
        let flags = (m.flags ?? []).reduce(Int32(0)) { $0 | (memoryFlags[$1] ?? 0) }
        var mask = [UInt](repeating: 0, count: 16)
        for node in try cpuList(m.nodes ?? "", field: "linux.memoryPolicy.nodes") where Int(node) < mask.count * 64 {
            mask[Int(node) / 64] |= 1 << UInt(node % 64)
        }
        let r = mask.withUnsafeBufferPointer { berth_set_mempolicy(mode | flags, m.nodes == nil ? nil : $0.baseAddress, m.nodes == nil ? 0 : UInt(mask.count * 64)) }
        guard r == 0 else { throw BerthError.sys("set_mempolicy \(m.mode)") }
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
