import BerthCore
import BerthLinux
import BerthOCI

enum UpdateVerb: Verb {
    static let name = "update"
    static let usage = "[-r resources.json|-] [--memory N] [--cpu-quota N] ... ID"
    static let flags: [FlagSpec] = [
        .value("resources", "r"), .value("blkio-weight"), .value("cpu-period"), .value("cpu-quota"),
        .value("cpu-share"), .value("cpu-rt-period"), .value("cpu-rt-runtime"), .value("cpuset-cpus"),
        .value("cpuset-mems"), .value("kernel-memory"), .value("kernel-memory-tcp"), .value("memory"),
        .value("memory-reservation"), .value("memory-swap"), .value("pids-limit"), .value("l3-cache-schema"),
        .value("mem-bw-schema"),
    ]

    static func run(_ ctx: Context, _ args: ParsedArgs) throws -> Int32 {
        let id = try args.requireID(name)
        try ctx.runtime.update(id: id, resources: try resources(args))
        return 0
    }

    static func resources(_ args: ParsedArgs) throws -> LinuxResources {
        if let file = args.string("resources") {
            let bytes = file == "-" ? try FileIO.readAll(fd: 0, what: "stdin") : try FileIO.read(file)
            return try JSONCoding.decode(LinuxResources.self, from: bytes, source: file == "-" ? "resources (stdin)" : file)
        }
        var r = LinuxResources()
        func u64(_ flag: String) throws -> UInt64? {
            guard let v = args.string(flag) else { return nil }
            guard let n = UInt64(v) else { throw BerthError(.invalidArgument, "invalid value \"\(v)\" for --\(flag)") }
            return n
        }
        func i64(_ flag: String) throws -> Int64? {
            guard let v = args.string(flag) else { return nil }
            guard let n = Int64(v) else { throw BerthError(.invalidArgument, "invalid value \"\(v)\" for --\(flag)") }
            return n
        }
        func bytes(_ flag: String) throws -> Int64? {
            guard let v = args.string(flag) else { return nil }
            if v == "-1" { return -1 }
            guard let n = ByteSize.parse(v) else { throw BerthError(.invalidArgument, "invalid value \"\(v)\" for --\(flag)") }
            return n
        }
        var cpu = CPUResources()
        cpu.period = try u64("cpu-period")
        cpu.quota = try i64("cpu-quota")
        cpu.shares = try u64("cpu-share")
        cpu.realtimePeriod = try u64("cpu-rt-period")
        cpu.realtimeRuntime = try i64("cpu-rt-runtime")
        cpu.cpus = args.string("cpuset-cpus")
        cpu.mems = args.string("cpuset-mems")
        if cpu != CPUResources() { r.cpu = cpu }
        var memory = MemoryResources()
        memory.limit = try bytes("memory")
        memory.reservation = try bytes("memory-reservation")
        memory.swap = try bytes("memory-swap")
        memory.kernel = try bytes("kernel-memory")
        memory.kernelTCP = try bytes("kernel-memory-tcp")
        if memory != MemoryResources() { r.memory = memory }
        if let pids = try i64("pids-limit") { r.pids = PidsResources(limit: pids) }
        if let weight = try u64("blkio-weight") {
            var blkio = BlockIOResources()
            blkio.weight = UInt16(clamping: weight)
            r.blockIO = blkio
        }
        return r
    }
}

/// Docker-style sizes: 512, 512k, 64m, 1g (binary units, as go-units RAMInBytes).
enum ByteSize {
    static func parse(_ text: String) -> Int64? {
        let lower = text.lowercased()
        var digits = lower
        var multiplier: Int64 = 1
        let units: [(String, Int64)] = [("kb", 1 << 10), ("mb", 1 << 20), ("gb", 1 << 30), ("tb", 1 << 40),
                                        ("k", 1 << 10), ("m", 1 << 20), ("g", 1 << 30), ("t", 1 << 40), ("b", 1)]
        for (suffix, m) in units where lower.hasSuffix(suffix) {
            digits = String(lower.dropLast(suffix.count))
            multiplier = m
            break
        }
        guard let n = Int64(digits), n >= 0 else { return nil }
        return n.multipliedReportingOverflow(by: multiplier).overflow ? nil : n * multiplier
    }
}
