import BerthEngineAPI

extension ContainerCreateOptions {
    /// Device throttling, real-time CPU, Windows-only resources and GPU requests (opts.go).
    static func applyDeviceOptions(_ a: ParsedArguments, to h: inout HostConfig,
                                   flagError: (String, String, String) -> CLIError) throws {
        func pair(_ flag: String, _ s: String) throws -> (String, String) {
            let parts = s.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0].hasPrefix("/") else { throw flagError("--\(flag)", s, "bad format: \(s)") }
            return (parts[0], parts[1])
        }
        h.blkioWeightDevice = try a.list("blkio-weight-device").map { s in
            let (path, w) = try pair("blkio-weight-device", s)
            guard let weight = UInt16(w), weight >= 10, weight <= 1000 else {
                throw flagError("--blkio-weight-device", s, "invalid weight for device: \(s)")
            }
            return WeightDevice(path: path, weight: weight)
        }
        func throttle(_ flag: String, bytes: Bool) throws -> [ThrottleDevice] {
            try a.list(flag).map { s in
                let (path, r) = try pair(flag, s)
                let rate = bytes ? ByteSize.ram(r).map(UInt64.init) : UInt64(r)
                guard let rate else { throw flagError("--\(flag)", s, "invalid rate for device: \(s)") }
                return ThrottleDevice(path: path, rate: rate)
            }
        }
        h.blkioDeviceReadBps = try throttle("device-read-bps", bytes: true)
        h.blkioDeviceWriteBps = try throttle("device-write-bps", bytes: true)
        h.blkioDeviceReadIOps = try throttle("device-read-iops", bytes: false)
        h.blkioDeviceWriteIOps = try throttle("device-write-iops", bytes: false)
        h.deviceCgroupRules = nonEmpty(a.list("device-cgroup-rule"))
        h.cpuRealtimePeriod = Int64(a.int("cpu-rt-period") ?? 0)
        h.cpuRealtimeRuntime = Int64(a.int("cpu-rt-runtime") ?? 0)
        h.cpuCount = Int64(a.int("cpu-count") ?? 0)
        h.cpuPercent = Int64(a.int("cpu-percent") ?? 0)
        h.ioMaximumIOps = UInt64(clamping: a.int("io-maxiops") ?? 0)
        if let bw = a.string("io-maxbandwidth"), !bw.isEmpty {
            guard let n = ByteSize.ram(bw) else { throw flagError("--io-maxbandwidth", bw, "invalid size: '\(bw)'") }
            h.ioMaximumBandwidth = UInt64(n)
        }
        if let km = a.string("kernel-memory"), !km.isEmpty {
            guard let n = ByteSize.ram(km) else { throw flagError("--kernel-memory", km, "invalid size: '\(km)'") }
            h.kernelMemory = n
        }
        h.isolation = a.string("isolation") ?? ""
        if let gpus = a.string("gpus"), !gpus.isEmpty {
            h.deviceRequests = [try gpuRequest(gpus, flagError: flagError)]
        }
    }

    /// opts.GpuOpts: `all`, a count, or `device=0,1` plus `capabilities=…`/`driver=…`.
    static func gpuRequest(_ s: String, flagError: (String, String, String) -> CLIError) throws -> DeviceRequest {
        var r = DeviceRequest(capabilities: [["gpu"]], options: [:])
        for field in s.split(separator: ",") {
            let kv = field.split(separator: "=", maxSplits: 1).map(String.init)
            switch (kv[0], kv.count > 1 ? kv[1] : nil) {
            case ("all", nil): r.count = -1
            case (let n, nil) where Int(n) != nil: r.count = Int(n) ?? 0
            case ("count", let v?): r.count = v == "all" ? -1 : (Int(v) ?? 0)
            case ("device", let v?): r.deviceIDs = v.split(separator: ",").map(String.init)
            case ("driver", let v?): r.driver = v
            case ("capabilities", let v?): r.capabilities = [Array(Set(v.split(separator: ",").map(String.init) + ["gpu"])).sorted()]
            default: throw flagError("--gpus", s, "unexpected key '\(kv[0])' in '\(field)'")
            }
        }
        return r
    }
}
