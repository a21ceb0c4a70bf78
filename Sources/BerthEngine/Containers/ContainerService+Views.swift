import BerthCore
import BerthEngineAPI
import BerthLinux
import BerthSupervisorAPI

extension ContainerService {
    /// `GET /containers/{id}/json`.
    public func inspect(_ reference: String, size: Bool) async throws -> ContainerInspectResponse {
        let record = try store.find(reference)
        var out = ContainerInspectResponse()
        out.id = record.id
        out.created = record.created
        out.path = record.path
        out.args = record.args
        out.state = record.state
        out.image = record.imageID
        out.resolvConfPath = record.resolvConfPath
        out.hostnamePath = record.hostnamePath
        out.hostsPath = record.hostsPath
        out.logPath = record.logPath
        out.name = "/" + record.name
        out.restartCount = record.restartCount
        out.driver = record.snapshotter
        out.platform = "linux"
        let execIDs = execs.ids(container: record.id)
        out.execIDs = execIDs.isEmpty ? nil : execIDs
        out.hostConfig = record.hostConfig
        out.graphDriver = GraphDriverData(data: nil, name: record.snapshotter)
        out.mounts = mountPoints(record)
        out.config = record.config
        out.networkSettings = networkSettings(record)
        if size {
            let rw = await snapshotUsage(record)
            out.sizeRw = rw
            out.sizeRootFs = rw + ((try? await catalog.find(record.imageID).size) ?? 0)
        }
        return out
    }

    func mountPoints(_ record: ContainerRecord) -> [MountPoint] {
        var points: [MountPoint] = []
        let resolved = record.mountPoints
        for bind in record.hostConfig.binds ?? [] {
            if resolved != nil, let spec = try? BindMountSpec.parse(bind), case .volume = spec.kind { continue }
            let parts = bind.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2 else { continue }
            let mode = parts.count > 2 ? parts[2] : ""
            var point = MountPoint()
            point.type = "bind"
            point.source = parts[0]
            point.destination = parts[1]
            point.mode = mode
            point.rw = !mode.split(separator: ",").contains("ro")
            point.propagation = "rprivate"
            points.append(point)
        }
        for mount in record.hostConfig.mounts ?? [] {
            if resolved != nil && mount.type == "volume" { continue }
            var point = MountPoint()
            point.type = mount.type
            point.source = mount.source
            point.destination = mount.target
            point.rw = !mount.readOnly
            if mount.type == "bind" { point.propagation = "rprivate" }
            points.append(point)
        }
        // dockerd: {"Type":"volume","Name":…,"Source":<mountpoint>,"Destination":…,"Driver":"local","Mode":"z","RW":true,"Propagation":""}
        for resolvedPoint in resolved ?? [] {
            var point = MountPoint()
            point.type = resolvedPoint.type
            point.destination = resolvedPoint.destination
            point.mode = resolvedPoint.mode
            point.rw = resolvedPoint.rw
            if resolvedPoint.type == "volume" {
                point.name = resolvedPoint.name
                point.source = volumes?.mountpoint(resolvedPoint.name) ?? ""
                point.driver = "local"
            } else {
                point.source = resolvedPoint.source
                point.propagation = "rprivate"
            }
            points.append(point)
        }
        return points
    }

    func networkSettings(_ record: ContainerRecord) -> NetworkSettings {
        var settings = NetworkSettings()
        let mode = record.hostConfig.networkMode
        let state = record.state.running ? record.network : nil
        settings.ports = record.state.running ? publishedPorts(record) : [:]
        if !mode.hasPrefix("container:") {
            var networks: [String: EndpointSettings] = [:]
            // Configured networks show their settings; a running container's also show its addresses.
            let configured = [mode == "default" ? "bridge" : mode] + (record.endpointsConfig ?? [:]).keys.sorted()
            for name in configured where networks[name] == nil {
                var endpoint = record.endpointsConfig?[name] ?? EndpointSettings()
                if let live = state?.endpoints.first(where: { $0.networkName == name }) {
                    endpoint.networkID = live.networkID
                    endpoint.endpointID = live.endpointID
                    endpoint.gateway = live.gateway?.description ?? ""
                    endpoint.ipAddress = live.address?.description ?? ""
                    endpoint.ipPrefixLen = live.address == nil ? 0 : live.prefixLength
                    endpoint.macAddress = live.macAddress
                    endpoint.dnsNames = live.dnsNames.isEmpty ? nil : live.dnsNames
                }
                networks[name] = endpoint
            }
            settings.networks = networks
        }
        if let state, !state.sandboxKey.isEmpty {
            settings.sandboxKey = state.sandboxKey
            settings.sandboxID = String(state.sandboxKey.split(separator: "/").last ?? "")
        } else if record.state.running, mode != "host" {
            settings.sandboxKey = "/proc/\(record.state.pid)/ns/net"
        }
        // The deprecated top-level fields mirror the default bridge endpoint, as dockerd fills them.
        if let bridge = state?.endpoints.first(where: { $0.networkName == "bridge" }) {
            settings.bridge = ""
            settings.endpointID = bridge.endpointID
            settings.gateway = bridge.gateway?.description ?? ""
            settings.ipAddress = bridge.address?.description ?? ""
            settings.ipPrefixLen = bridge.prefixLength
            settings.macAddress = bridge.macAddress
        }
        return settings
    }

    /// NetworkSettings.Ports: every exposed or published port, with its host bindings (null when none).
    func publishedPorts(_ record: ContainerRecord) -> [String: [PortBinding]?] {
        var out: [String: [PortBinding]?] = [:]
        for key in (record.config.exposedPorts ?? [:]).keys { out[Self.portKey(key)] = .some(nil) }
        for key in (record.hostConfig.portBindings ?? [:]).keys where out[Self.portKey(key)] == nil { out[Self.portKey(key)] = .some(nil) }
        for mapping in record.network?.ports ?? [] {
            let key = "\(mapping.containerPort)/\(mapping.proto.rawValue)"
            var list = (out[key] ?? nil) ?? []
            list.append(PortBinding(hostIp: mapping.hostIP.description, hostPort: String(mapping.hostPort)))
            out[key] = .some(list)
        }
        return out
    }

    static func portKey(_ key: String) -> String { key.contains("/") ? key : key + "/tcp" }

    /// `docker ps` ports: published ones with their host side, exposed ones without.
    func summaryPorts(_ record: ContainerRecord) -> [Port] {
        guard record.state.running else { return [] }
        var out: [Port] = []
        for (key, bindings) in publishedPorts(record).sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "/")
            let port = UInt16(parts.first ?? "") ?? 0
            let type = parts.count > 1 ? String(parts[1]) : "tcp"
            guard let bindings, !bindings.isEmpty else {
                out.append(Port(privatePort: port, type: type))
                continue
            }
            for binding in bindings {
                out.append(Port(ip: binding.hostIp, privatePort: port, publicPort: UInt16(binding.hostPort) ?? 0, type: type))
            }
        }
        return out
    }

    func snapshotUsage(_ record: ContainerRecord) async -> Int64 {
        var request = Berth_Supervisor_V1_UsageRequest()
        request.namespace = namespace
        request.snapshotter = record.snapshotter
        request.key = record.snapshotKey
        return (try? await link.snapshots.usage(request).size) ?? 0
    }

    /// `GET /containers/json`: newest first, as dockerd lists them.
    public func list(all: Bool, limit: Int?, size: Bool, filters: [String: [String]]) async throws -> [ContainerSummary] {
        let filter = try ContainerFilter(filters)
        var records = store.all().sorted { $0.created > $1.created }
        let showAll = all || (limit ?? 0) > 0 || filters["status"] != nil || filters["exited"] != nil
        records = records.filter { (showAll || $0.state.running || $0.state.restarting) && filter.matches($0, store: store) }
        if let limit, limit > 0 { records = Array(records.prefix(limit)) }
        let now = Double(LogTime.now()) / 1e9
        var out: [ContainerSummary] = []
        out.reserveCapacity(records.count)
        for record in records {
            var summary = ContainerSummary()
            summary.id = record.id
            summary.names = ["/" + record.name]
            summary.image = record.config.image
            summary.imageID = record.imageID
            summary.command = ([record.path] + record.args).joined(separator: " ")
            summary.created = (Timestamp.unixNanos(rfc3339: record.created) ?? 0) / 1_000_000_000
            summary.ports = summaryPorts(record)
            summary.labels = record.config.labels ?? [:]
            summary.state = record.state.status
            summary.status = Self.statusText(record, now: now)
            summary.hostConfig = ContainerSummaryHostConfig(networkMode: record.hostConfig.networkMode)
            summary.networkSettings = ContainerSummaryNetworkSettings(networks: networkSettings(record).networks)
            summary.mounts = mountPoints(record)
            if size {
                let rw = await snapshotUsage(record)
                summary.sizeRw = rw
                summary.sizeRootFs = rw + ((try? await catalog.find(record.imageID).size) ?? 0)
            }
            out.append(summary)
        }
        return out
    }

    /// The human `Status` column: "Up 5 seconds", "Exited (0) 2 minutes ago", "Created".
    static func statusText(_ record: ContainerRecord, now: Double) -> String {
        func since(_ text: String) -> String {
            let start = Double(Timestamp.unixNanos(rfc3339: text) ?? 0) / 1e9
            return HumanDuration.describe(seconds: max(0, now - start))
        }
        let state = record.state
        if state.running {
            if state.paused { return "Up \(since(state.startedAt)) (Paused)" }
            if state.restarting { return "Restarting (\(state.exitCode)) \(since(state.finishedAt)) ago" }
            switch state.health?.status {
            case "starting": return "Up \(since(state.startedAt)) (health: starting)"
            case "healthy": return "Up \(since(state.startedAt)) (healthy)"
            case "unhealthy": return "Up \(since(state.startedAt)) (unhealthy)"
            default: return "Up \(since(state.startedAt))"
            }
        }
        if state.restarting { return "Restarting (\(state.exitCode)) \(since(state.finishedAt)) ago" }
        if state.status == "removing" { return "Removal In Progress" }
        if state.dead { return "Dead" }
        if state.status == "created" || state.finishedAt == ContainerRecord.zeroTime || state.finishedAt.isEmpty {
            return "Created"
        }
        return "Exited (\(state.exitCode)) \(since(state.finishedAt)) ago"
    }

    /// `GET /containers/{id}/top`: the container's processes from /proc, in `ps -ef`'s columns.
    public func top(_ reference: String) async throws -> (titles: [String], processes: [[String]]) {
        let record = try store.find(reference)
        guard record.state.running else {
            throw BerthError(.alreadyExists, "container \(record.id) is not running")
        }
        var request = Berth_Supervisor_V1_ListPidsRequest()
        request.namespace = namespace
        request.containerID = record.id
        let pids = try await SupervisorError.mapping { try await link.tasks.listPids(request).processes.map(\.pid) }
        let rows = pids.sorted().compactMap { ProcessTable.row(pid: Int($0)) }
        return (ProcessTable.titles, rows)
    }
}

extension ContainerService {
    /// The image list for `/system/df`.
    public func imageSummaries() async throws -> [ImageSummary] {
        try await catalog.summaries()
    }
}
