import BerthCore
import BerthEngineAPI
import BerthOCI
import BerthSupervisorAPI

extension ContainerService {
    /// `POST /containers/create`: a record with the image's config merged in, and the container's
    /// read-write snapshot prepared on the image's layers. Nothing runs yet; nothing is left behind
    /// when a step fails.
    public func create(name requestedName: String?, request: ContainerCreateRequest) async throws -> ContainerCreateResponse {
        var config = request.config
        var hostConfig = request.hostConfig ?? HostConfig()
        let name = try validatedName(requestedName)
        guard !config.image.isEmpty else { throw BerthError(.invalidArgument, "config.Image: an image is required") }
        try validate(hostConfig)
        let image = try await catalog.find(config.image)
        let imageConfig = image.config.config

        let id = Self.newID()
        merge(&config, image: imageConfig, id: id, hostNetwork: hostConfig.networkMode == "host")
        let argv = (config.entrypoint ?? []) + (config.cmd ?? [])
        guard let path = argv.first else { throw BerthError(.invalidArgument, "no command specified") }
        let endpointsConfig = try await resolveNetworking(&hostConfig, request.networkingConfig, legacyMAC: config.macAddress)
        applyDefaults(&hostConfig)

        let finalName = name ?? NameGenerator().uniqueName(containerID: id) { self.store.nameTaken($0) != nil }
        if let name, let other = store.nameTaken(name) {
            throw BerthError(.alreadyExists, "Conflict. The container name \"/\(name)\" is already in use by container \"\(other)\". You have to remove (or rename) that container to be able to reuse that name.")
        }
        let mountPoints = try resolveMountPoints(config: config, host: hostConfig)
        let newVolumes = mountPoints.filter { $0.type == "volume" && $0.anonymous }.map(\.name)
        let chainID: String
        do {
            chainID = try await prepareRWLayer(key: id, image: image)
        } catch {
            removeVolumes(newVolumes)
            throw error
        }
        var record = ContainerRecord(id: id, name: finalName, created: Timestamp.rfc3339Nano(Timestamp.now()), path: path,
                                     args: Array(argv.dropFirst()), config: config, hostConfig: hostConfig, imageID: image.id,
                                     snapshotter: options.snapshotter, chainID: chainID)
        record.mountPoints = mountPoints
        record.endpointsConfig = endpointsConfig
        do {
            try store.insert(record)
        } catch {
            try? await removeSnapshot(key: id)
            removeVolumes(newVolumes)
            throw error
        }
        events.container("create", record)
        return ContainerCreateResponse(id: id, warnings: [])
    }

    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// dockerd's name rule: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`, a leading slash allowed.
    func validatedName(_ name: String?) throws -> String? {
        guard var name, !name.isEmpty else { return nil }
        if name.hasPrefix("/") { name.removeFirst() }
        let first = name.unicodeScalars.first
        let valid = name.count >= 2 && first.map { $0.properties.isAlphabetic && $0.isASCII || ("0"..."9").contains($0) } == true
            && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0)) }
        guard valid else {
            throw BerthError(.invalidArgument, "Invalid container name (\(name)), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
        }
        return name
    }

    func validate(_ host: HostConfig) throws {
        if host.autoRemove, !host.restartPolicy.name.isEmpty, host.restartPolicy.name != "no" {
            throw BerthError(.invalidArgument, "can't create 'AutoRemove' container with restart policy")
        }
        switch host.restartPolicy.name {
        case "", "no", "always", "unless-stopped":
            if host.restartPolicy.maximumRetryCount != 0 {
                throw BerthError(.invalidArgument, "invalid restart policy: maximum retry count can only be used with 'on-failure'")
            }
        case "on-failure":
            if host.restartPolicy.maximumRetryCount < 0 {
                throw BerthError(.invalidArgument, "invalid restart policy: maximum retry count cannot be negative")
            }
        default:
            throw BerthError(.invalidArgument, "invalid restart policy: unknown policy '\(host.restartPolicy.name)'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'")
        }
        _ = try LogDriver(name: host.logConfig.type.isEmpty ? options.logDriver : host.logConfig.type)
        if !host.logConfig.type.isEmpty || host.logConfig.config != nil {
            _ = try LogDriverOptions(driver: host.logConfig.type.isEmpty ? options.logDriver : host.logConfig.type,
                                     options: host.logConfig.config ?? [:])
        }
        _ = try SecurityOptions(parsing: host.securityOpt ?? [])
        switch host.networkMode {
        case "", "default", "bridge", "none", "host": break
        case let mode where mode.hasPrefix("container:"): break
        default:
            if networks == nil { throw BerthError(.notFound, "network \(host.networkMode) not found") }
        }
        if !host.runtime.isEmpty, host.runtime != "runc", host.runtime != "berth-runtime", options.runtimes[host.runtime] == nil {
            throw BerthError(.invalidArgument, "unknown or invalid runtime name: \(host.runtime)")
        }
        if host.memory != 0, host.memory < 6 * 1024 * 1024 {
            throw BerthError(.invalidArgument, "Minimum memory limit allowed is 6MB")
        }
    }

    /// dockerd's merge of the image config into the container config (daemon/create.go + merge.go).
    func merge(_ config: inout ContainerConfig, image: ImageConfig.ExecutionConfig?, id: String, hostNetwork: Bool) {
        if config.hostname.isEmpty, !hostNetwork { config.hostname = String(id.prefix(12)) }
        guard let image else { return }
        if config.user.isEmpty { config.user = image.user ?? "" }
        let env = EnvironmentOverlay.apply(config.env ?? [], to: image.env ?? [])
        config.env = env.isEmpty ? nil : env
        if config.entrypoint == nil {
            config.entrypoint = image.entrypoint
            if config.cmd == nil || config.cmd?.isEmpty == true { config.cmd = image.cmd }
        }
        if config.workingDir.isEmpty { config.workingDir = image.workingDir ?? "" }
        if let labels = image.labels {
            var merged = labels
            for (key, value) in config.labels ?? [:] { merged[key] = value }
            config.labels = merged
        }
        if let ports = image.exposedPorts {
            config.exposedPorts = ports.mapValues { _ in BerthEngineAPI.EmptyObject() }.merging(config.exposedPorts ?? [:]) { _, new in new }
        }
        if let volumes = image.volumes {
            config.volumes = volumes.mapValues { _ in BerthEngineAPI.EmptyObject() }.merging(config.volumes ?? [:]) { _, new in new }
        }
        if config.stopSignal.isEmpty { config.stopSignal = image.stopSignal ?? "" }
        if config.shell == nil { config.shell = image.shell }
        if config.healthcheck == nil || config.healthcheck?.test?.isEmpty == true, let check = image.healthcheck {
            config.healthcheck = HealthConfig(test: check.test, interval: check.interval ?? 0, timeout: check.timeout ?? 0,
                                              startPeriod: check.startPeriod ?? 0, startInterval: check.startInterval ?? 0,
                                              retries: check.retries ?? 0)
        }
        if config.onBuild == nil { config.onBuild = image.onBuild }
    }

    /// The values dockerd writes into HostConfig at create, so inspect shows them.
    func applyDefaults(_ host: inout HostConfig) {
        if host.logConfig.type.isEmpty {
            host.logConfig.type = options.logDriver
            if host.logConfig.config == nil { host.logConfig.config = options.logOptions }
        }
        if host.logConfig.config == nil { host.logConfig.config = [:] }
        if host.networkMode.isEmpty || host.networkMode == "default" { host.networkMode = "bridge" }
        if host.ipcMode.isEmpty { host.ipcMode = "private" }
        if host.shmSize == 0 { host.shmSize = 64 * 1024 * 1024 }
        if host.cgroupnsMode.isEmpty { host.cgroupnsMode = "host" }
        if host.runtime.isEmpty { host.runtime = "runc" }
        if host.restartPolicy.name.isEmpty { host.restartPolicy.name = "no" }
    }

    /// Prepares the container's snapshot on the image's layers. The image's chain id is remembered
    /// after its first unpack, so later creates skip the Unpack call; if the chain is gone meanwhile
    /// (image removed and collected), the prepare fails and the image is unpacked again.
    func prepareRWLayer(key: String, image: ResolvedImage) async throws -> String {
        let target = image.target.digest.description
        if let known = unpackedChains.withLock({ $0[target] }) {
            do {
                try await prepareSnapshot(key: key, parent: known)
                return known
            } catch let error as BerthError where error.code == .notFound || error.code == .invalidArgument {
                unpackedChains.withLock { _ = $0.removeValue(forKey: target) }
            }
        }
        let chainID = try await unpack(image)
        try await prepareSnapshot(key: key, parent: chainID)
        unpackedChains.withLock { $0[target] = chainID }
        return chainID
    }

    /// Unpacks the image for the snapshotter (a no-op when done before) and returns its chain id.
    func unpack(_ image: ResolvedImage) async throws -> String {
        guard let name = image.recordNames.first else { throw BerthError(.notFound, "No such image: \(image.id)") }
        var request = Berth_Supervisor_V1_UnpackRequest()
        request.namespace = namespace
        request.name = name
        request.snapshotter = options.snapshotter
        return try await SupervisorError.mapping { try await link.images.unpack(request).chainID }
    }

    func prepareSnapshot(key: String, parent: String) async throws {
        try await SupervisorError.mapping {
            var request = Berth_Supervisor_V1_PrepareSnapshotRequest()
            request.namespace = namespace
            request.snapshotter = options.snapshotter
            request.key = key
            request.parent = parent
            // Keeps the snapshot through garbage collection while no supervisor container refers to it.
            request.labels = ["containerd.io/gc.root": Timestamp.rfc3339Nano(Timestamp.now())]
            _ = try await link.snapshots.prepare(request)
        }
    }

    /// Removes the snapshot; one already gone is fine, any other failure is thrown.
    func removeSnapshot(key: String, snapshotter: String? = nil) async throws {
        try await SupervisorError.ignoringNotFound {
            var request = Berth_Supervisor_V1_RemoveSnapshotRequest()
            request.namespace = namespace
            request.snapshotter = snapshotter ?? options.snapshotter
            request.key = key
            _ = try await link.snapshots.remove(request)
        }
    }
}
