import BerthEngineAPI

extension ContainerCreateOptions {
    /// The HostConfig fields that come straight from flags (resources, namespaces, security, logging).
    static func hostConfig(_ a: ParsedArguments, flagError: (String, String, String) -> CLIError) throws -> HostConfig {
        var h = HostConfig()
        func bytes(_ flag: String, short: Character? = nil, allowMinusOne: Bool = false) throws -> Int64 {
            guard let text = a.values[flag]?.last, !text.isEmpty else { return 0 }
            if allowMinusOne && text == "-1" { return -1 }
            guard let n = ByteSize.ram(text) else {
                throw flagError(short.map { "-\($0), --\(flag)" } ?? "--\(flag)", text, "invalid size: '\(text)'")
            }
            return n
        }
        h.memory = try bytes("memory", short: "m")
        h.memoryReservation = try bytes("memory-reservation")
        h.memorySwap = try bytes("memory-swap", allowMinusOne: true)
        h.shmSize = try bytes("shm-size")
        h.memorySwappiness = Int64(a.int("memory-swappiness") ?? -1)
        h.oomKillDisable = a.bool("oom-kill-disable")
        if a.isSet("pids-limit") { h.pidsLimit = Int64(a.int("pids-limit") ?? 0) }
        h.oomScoreAdj = a.int("oom-score-adj") ?? 0
        h.cpuShares = Int64(a.int("cpu-shares") ?? 0)
        h.cpuPeriod = Int64(a.int("cpu-period") ?? 0)
        h.cpuQuota = Int64(a.int("cpu-quota") ?? 0)
        h.blkioWeight = UInt16(clamping: a.int("blkio-weight") ?? 0)
        h.cpusetCpus = a.string("cpuset-cpus") ?? ""
        h.cpusetMems = a.string("cpuset-mems") ?? ""
        if let cpus = a.string("cpus"), !cpus.isEmpty {
            guard let v = Double(cpus), v >= 0 else { throw flagError("--cpus", cpus, "failed to parse \(cpus) as a rational number") }
            h.nanoCpus = Int64((v * 1e9).rounded())
            if h.cpuPeriod != 0 || h.cpuQuota != 0 {
                throw CLIError.message("Conflicting options: Nano CPUs and CPU Period cannot both be set", status: 125)
            }
        }
        h.privileged = a.bool("privileged")
        h.readonlyRootfs = a.bool("read-only")
        h.publishAllPorts = a.bool("publish-all")
        let (capAdd, capDrop) = effectiveCapabilities(add: a.list("cap-add"), drop: a.list("cap-drop"))
        h.capAdd = nonEmpty(capAdd)
        h.capDrop = nonEmpty(capDrop)
        h.securityOpt = nonEmpty(a.list("security-opt"))
        h.groupAdd = nonEmpty(a.list("group-add"))
        h.dns = a.list("dns")
        h.dnsOptions = a.list("dns-option")
        h.dnsSearch = a.list("dns-search")
        h.extraHosts = nonEmpty(a.list("add-host"))
        h.links = nonEmpty(a.list("link"))
        h.volumesFrom = nonEmpty(a.list("volumes-from"))
        h.volumeDriver = a.string("volume-driver") ?? ""
        h.ipcMode = a.string("ipc") ?? ""
        h.pidMode = a.string("pid") ?? ""
        h.utsMode = a.string("uts") ?? ""
        h.usernsMode = a.string("userns") ?? ""
        h.cgroupnsMode = a.string("cgroupns") ?? ""
        h.cgroupParent = a.string("cgroup-parent") ?? ""
        h.runtime = a.string("runtime") ?? ""
        if a.isSet("init") { h.runInit = a.bool("init") }
        h.consoleSize = [0, 0]
        var logConfig = LogConfig(type: a.string("log-driver") ?? "", config: [:])
        for opt in a.list("log-opt") {
            let kv = opt.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { throw flagError("--log-opt", opt, "invalid key value pair format") }
            logConfig.config?[kv[0]] = kv[1]
        }
        h.logConfig = logConfig
        var sysctls: [String: String] = [:]
        for s in a.list("sysctl") {
            let kv = s.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { throw flagError("--sysctl", s, "sysctl '\(s)' is not allowed") }
            sysctls[kv[0]] = kv[1]
        }
        h.sysctls = sysctls.isEmpty ? nil : sysctls
        var storage: [String: String] = [:]
        for s in a.list("storage-opt") {
            let kv = s.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { throw CLIError.message("invalid storage option", status: 125) }
            storage[kv[0]] = kv[1]
        }
        h.storageOpt = storage.isEmpty ? nil : storage
        var annotations: [String: String] = [:]
        for s in a.list("annotation") {
            let kv = s.split(separator: "=", maxSplits: 1).map(String.init)
            annotations[kv[0]] = kv.count > 1 ? kv[1] : ""
        }
        h.annotations = annotations.isEmpty ? nil : annotations
        var tmpfs: [String: String] = [:]
        for t in a.list("tmpfs") {
            let kv = t.split(separator: ":", maxSplits: 1).map(String.init)
            tmpfs[kv[0]] = kv.count > 1 ? kv[1] : ""
        }
        h.tmpfs = tmpfs.isEmpty ? nil : tmpfs
        let mounts = try a.list("mount").map(MountSpec.parseMount)
        h.mounts = mounts.isEmpty ? nil : mounts
        h.ulimits = try a.list("ulimit").map { try ulimit($0, flagError: flagError) }
        h.devices = try a.list("device").map { try device($0, flagError: flagError) }
        try applyDeviceOptions(a, to: &h, flagError: flagError)
        return h
    }

    /// docker 28's capability normalisation: `net_admin` → `CAP_NET_ADMIN`, duplicates dropped,
    /// sorted, ALL trumps the rest (a capability both added and dropped is left for the daemon).
    public static func effectiveCapabilities(add: [String], drop: [String]) -> ([String], [String]) {
        func normalize(_ caps: [String]) -> [String] {
            var out: [String] = []
            for c in caps {
                var n = c.trimmingSpaces().uppercased()
                if n != "ALL" && !n.hasPrefix("CAP_") { n = "CAP_" + n }
                if !out.contains(n) { out.append(n) }
            }
            return out
        }
        var addCaps = normalize(add).sorted(), dropCaps = normalize(drop).sorted()
        if addCaps.contains("ALL") { addCaps = ["ALL"] }
        if dropCaps.contains("ALL") { dropCaps = ["ALL"] }
        return (addCaps, dropCaps)
    }

    /// `nofile=1024:2048` (soft:hard); one number sets both.
    public static func ulimit(_ s: String, flagError: (String, String, String) -> CLIError) throws -> Ulimit {
        let kv = s.split(separator: "=", maxSplits: 1).map(String.init)
        guard kv.count == 2 else { throw flagError("--ulimit", s, "invalid ulimit argument: \(s)") }
        let limits = kv[1].split(separator: ":", omittingEmptySubsequences: false)
        guard limits.count <= 2, let soft = Int64(limits[0]), let hard = Int64(limits.count > 1 ? limits[1] : limits[0]) else {
            throw flagError("--ulimit", s, "invalid ulimit argument: \(s)")
        }
        if soft > hard && hard != -1 {
            throw flagError("--ulimit", s, "ulimit soft limit must be less than or equal to hard limit: \(soft) > \(hard)")
        }
        return Ulimit(name: kv[0], hard: hard, soft: soft)
    }

    /// `/dev/sda[:/dev/xvda][:rwm]`.
    public static func device(_ s: String, flagError: (String, String, String) -> CLIError) throws -> DeviceMapping {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var d = DeviceMapping(pathOnHost: parts[0], pathInContainer: parts[0], cgroupPermissions: "rwm")
        switch parts.count {
        case 1: break
        case 2:
            if isPermissions(parts[1]) { d.cgroupPermissions = parts[1] } else { d.pathInContainer = parts[1] }
        case 3:
            guard isPermissions(parts[2]) else { throw flagError("--device", s, "invalid device mode: \(parts[2])") }
            d.pathInContainer = parts[1]
            d.cgroupPermissions = parts[2]
        default: throw flagError("--device", s, "invalid device specification: \(s)")
        }
        return d
    }

    static func isPermissions(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 3 && s.allSatisfy { "rwm".contains($0) }
    }

    static func nonEmpty<T>(_ xs: [T]) -> [T]? { xs.isEmpty ? nil : xs }
}
