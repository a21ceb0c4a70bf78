import BerthCore
import BerthEngineAPI

extension ContainerSpecInput {
    /// The spec builder's view of a container's Docker config and host config.
    init(record: ContainerRecord) throws {
        self.init(id: record.id)
        let config = record.config
        let host = record.hostConfig
        hostname = config.hostname
        domainname = config.domainname
        user = config.user
        env = config.env ?? []
        cmd = config.cmd
        entrypoint = config.entrypoint
        workingDir = config.workingDir
        tty = config.tty
        openStdin = config.openStdin
        consoleSize = host.consoleSize
        // Volumes were resolved at create (record.mountPoints): the spec gets them as `name:/dst` binds,
        // which the volume hook turns into their mountpoints. Older records keep the raw binds.
        let resolved = record.mountPoints
        binds = (host.binds ?? []).filter { raw in
            guard resolved != nil, let bind = try? BindMountSpec.parse(raw), case .volume = bind.kind else { return true }
            return false
        }
        tmpfs = host.tmpfs ?? [:]
        for mount in host.mounts ?? [] {
            if resolved != nil && mount.type == "volume" { continue }
            switch mount.type {
            case "bind":
                guard !mount.source.isEmpty, !mount.target.isEmpty else {
                    throw BerthError(.invalidArgument, "invalid mount config for type \"bind\": field Source must not be empty")
                }
                // BindOptions.Propagation rides in the mode, as in a `-v` string.
                let mode = [mount.readOnly ? "ro" : "", mount.bindOptions?.propagation ?? ""].filter { !$0.isEmpty }
                binds.append("\(mount.source):\(mount.target)" + (mode.isEmpty ? "" : ":" + mode.joined(separator: ",")))
            case "tmpfs":
                var options: [String] = []
                if let size = mount.tmpfsOptions?.sizeBytes, size > 0 { options.append("size=\(size)") }
                if let mode = mount.tmpfsOptions?.mode, mode > 0 { options.append("mode=" + String(mode, radix: 8)) }
                if mount.readOnly { options.append("ro") }
                tmpfs[mount.target] = options.joined(separator: ",")
            case "volume":
                binds.append(mount.source.isEmpty ? mount.target : "\(mount.source):\(mount.target)" + (mount.readOnly ? ":ro" : ""))
            default:
                throw BerthError(.invalidArgument, "invalid mount config: mount type unknown: \"\(mount.type)\"")
            }
        }
        for point in resolved ?? [] {
            let origin = point.type == "volume" ? point.name : point.source
            binds.append("\(origin):\(point.destination)" + (point.rw ? "" : ":ro"))
        }
        readonlyRootfs = host.readonlyRootfs
        privileged = host.privileged
        capAdd = host.capAdd ?? []
        capDrop = host.capDrop ?? []
        securityOpt = host.securityOpt ?? []
        networkMode = host.networkMode.isEmpty ? "default" : host.networkMode
        ipcMode = host.ipcMode.isEmpty ? "private" : host.ipcMode
        pidMode = host.pidMode
        utsMode = host.utsMode
        cgroupnsMode = host.cgroupnsMode
        cgroupParent = host.cgroupParent
        shmSize = host.shmSize
        sysctls = host.sysctls ?? [:]
        ulimits = (host.ulimits ?? []).map { Ulimit(name: $0.name, soft: $0.soft, hard: $0.hard) }
        oomScoreAdj = host.oomScoreAdj
        groupAdd = host.groupAdd ?? []
        devices = (host.devices ?? []).map {
            DeviceMapping(pathOnHost: $0.pathOnHost, pathInContainer: $0.pathInContainer,
                          cgroupPermissions: $0.cgroupPermissions.isEmpty ? "rwm" : $0.cgroupPermissions)
        }
        deviceCgroupRules = host.deviceCgroupRules ?? []
        initProcess = host.runInit
        annotations = host.annotations ?? [:]
        maskedPaths = host.maskedPaths
        readonlyPaths = host.readonlyPaths
        resources = Resources(host)
    }
}

extension ContainerSpecInput.Resources {
    init(_ host: HostConfig) {
        self.init()
        memory = host.memory
        memorySwap = host.memorySwap
        memoryReservation = host.memoryReservation
        memorySwappiness = host.memorySwappiness.flatMap { $0 < 0 ? nil : $0 }
        oomKillDisable = host.oomKillDisable
        nanoCpus = host.nanoCpus
        cpuShares = host.cpuShares
        cpuPeriod = host.cpuPeriod
        cpuQuota = host.cpuQuota
        cpuRealtimePeriod = host.cpuRealtimePeriod
        cpuRealtimeRuntime = host.cpuRealtimeRuntime
        cpusetCpus = host.cpusetCpus
        cpusetMems = host.cpusetMems
        pidsLimit = host.pidsLimit
        blkioWeight = host.blkioWeight
    }
}
