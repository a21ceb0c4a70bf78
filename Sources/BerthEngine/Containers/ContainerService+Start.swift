import BerthCore
import BerthEngineAPI
import BerthLinux
import BerthOCI
import BerthSnapshots
import BerthSupervisorAPI
import FoundationEssentials
import Glibc

extension ContainerService {
    /// `POST /containers/{id}/start`. Returns false when the container already runs (dockerd's 304).
    @discardableResult
    /// - Parameter byPolicy: a restart-policy start, which leaves the user's "stopped" mark alone.
    public func start(_ reference: String, byPolicy: Bool = false) async throws -> Bool {
        let record = try store.find(reference)
        if record.state.paused {
            throw BerthError(.alreadyExists, "cannot start a paused container, try unpause instead")
        }
        if record.state.running { return false }
        if removing.withLock({ $0.contains(record.id) }) {
            throw BerthError(.alreadyExists, "container is marked for removal and cannot be started")
        }
        do {
            try await startTask(record, byPolicy: byPolicy)
        } catch {
            let message = "\(error)"
            let code = Self.startFailureExitCode(message)
            _ = try? store.update(record.id) { record in
                record.state.error = message
                record.state.exitCode = code
                if record.state.status == "running" { record.state.status = "exited" }
            }
            events.container("die", record, extra: ["exitCode": String(code)])
            if record.hostConfig.autoRemove {
                // After the start error reached the client: the CLI reads it before its removal wait ends.
                Task {
                    try? await Task.sleep(for: .milliseconds(50))
                    try? await self.remove(record.id, force: true, volumes: true)
                }
            }
            // The container exists: a missing executable or path is a bad request (dockerd's 400), not a 404.
            if let failure = error as? BerthError, failure.code == .notFound {
                throw BerthError(.invalidArgument, failure.message, cause: failure.cause)
            }
            throw error
        }
        return true
    }

    /// The exit code dockerd records for a container that could not start (the CLI maps the text the same way).
    static func startFailureExitCode(_ message: String) -> Int {
        if message.contains("executable file not found") || message.contains("no such file or directory") { return 127 }
        if message.contains("permission denied") || message.contains("is a directory") { return 126 }
        return 128
    }

    func startTask(_ initial: ContainerRecord, byPolicy: Bool) async throws {
        let id = initial.id
        let directory = store.directory(id)
        let files = ContainerNetworkFiles(directory: directory)
        let hostNetwork = initial.hostConfig.networkMode == "host"
        // The namespace, endpoints and ports come first: /etc/hosts needs the address.
        let network = try await attachNetwork(initial)
        do {
            try await startTask(initial, network: network, files: files, hostNetwork: hostNetwork, byPolicy: byPolicy)
        } catch {
            await detachNetwork(id, network)
            _ = try? store.update(id) { $0.network = nil }
            throw error
        }
    }

    func startTask(_ initial: ContainerRecord, network: ContainerNetworkState?, files: ContainerNetworkFiles, hostNetwork: Bool,
                   byPolicy: Bool) async throws {
        let id = initial.id
        let directory = store.directory(id)
        let embeddedDNS = network?.endpoints.contains { !$0.dnsNames.isEmpty } ?? false
        var dnsOptions = initial.hostConfig.dnsOptions ?? []
        if embeddedDNS, !dnsOptions.contains(where: { $0.hasPrefix("ndots:") }) { dnsOptions.append("ndots:0") }
        try files.write(hostname: initial.config.hostname.isEmpty ? SpecBuildEnvironment.currentHostname() : initial.config.hostname,
                        domainname: initial.config.domainname, ip: network?.primary?.address?.description,
                        extraHosts: linkHosts(initial) + (await resolvedExtraHosts(initial)),
                        dns: embeddedDNS ? ["127.0.0.11"] : initial.hostConfig.dns ?? [], dnsSearch: initial.hostConfig.dnsSearch ?? [],
                        dnsOptions: dnsOptions, hostNetwork: hostNetwork)
        // Persisted once, with the running state below: one fsync per start instead of two.
        var record = initial
        record.network = network
        record.hostnamePath = files.hostnamePath
        record.hostsPath = files.hostsPath
        record.resolvConfPath = files.resolvConfPath
        record.logPath = (try? logDriver(record))?.logPath(containerDirectory: directory, containerID: id) ?? ""
        let paths = record
        let spec = try await buildSpec(record, files: files)

        try await recreateSupervisorContainer(record, spec: spec)
        try FileIO.mkdirAll(ioDirectory(id), mode: 0o700)
        let io = ProcessIO(directory: ioDirectory(id), prefix: "init", stdin: record.config.openStdin, tty: record.config.tty)
        try io.makeFIFOs()
        try io.startPump(writer: try logWriter(record))
        let pending = live.withLock { ios -> [AttachTarget] in
            ios[id] = io
            return pendingAttach.withLock { $0.removeValue(forKey: id) ?? [] }
        }
        for target in pending { target.bind(io) }
        do {
            var create = Berth_Supervisor_V1_CreateTaskRequest()
            create.namespace = namespace
            create.containerID = id
            create.stdin = io.stdinPath ?? ""
            create.stdout = io.stdoutPath
            create.stderr = io.stderrPath ?? ""
            create.terminal = record.config.tty
            _ = try await SupervisorError.mapping { try await link.tasks.create(create) }
            io.openStdin()
            if let size = record.hostConfig.consoleSize, size.count == 2, size[0] > 0, size[1] > 0, record.config.tty {
                try? await resize(id, execID: "", height: size[0], width: size[1])
            }
            var start = Berth_Supervisor_V1_StartRequest()
            start.namespace = namespace
            start.containerID = id
            let started = try await SupervisorError.mapping { try await link.tasks.start(start) }
            record = try store.update(id) { record in
                record.hostnamePath = paths.hostnamePath
                record.hostsPath = paths.hostsPath
                record.resolvConfPath = paths.resolvConfPath
                record.logPath = paths.logPath
                record.network = network
                record.state.running = true
                record.state.paused = false
                record.state.restarting = false
                record.state.status = "running"
                record.state.pid = Int(started.pid)
                record.state.exitCode = 0
                record.state.error = ""
                record.state.oomKilled = false
                record.state.startedAt = Timestamp.rfc3339Nano(Timestamp.now())
                record.state.finishedAt = ContainerRecord.zeroTime
                record.hasBeenStarted = true
                if !byPolicy { record.manuallyStopped = false }
            }
        } catch {
            io.stopPump()
            live.withLock { _ = $0.removeValue(forKey: id) }
            await deleteTask(id)
            try? await deleteSupervisorContainer(id)
            io.removeFIFOs()
            throw error
        }
        events.container("start", record)
        monitor(id)
        monitorHealth(id, startedAt: record.state.startedAt)
    }

    /// Mounts the container's snapshot for the time it takes to build the spec: users and groups are
    /// resolved from its /etc files, and a missing working directory is created in it.
    func buildSpec(_ record: ContainerRecord, files: ContainerNetworkFiles) async throws -> Spec {
        var request = Berth_Supervisor_V1_MountsRequest()
        request.namespace = namespace
        request.snapshotter = record.snapshotter
        request.key = record.snapshotKey
        let mounts = try await SupervisorError.mapping { try await link.snapshots.mounts(request).mounts }
        let target = store.directory(record.id) + "/rootfs-build"
        try FileIO.mkdirAll(target, mode: 0o700)
        try Mount.mountAll(mounts.map { Mount(type: $0.type, source: $0.source, options: $0.options) }, at: target)
        defer {
            try? Mount.unmountAll(target)
            rmdir(target)
        }
        var environment = SpecBuildEnvironment(rootfsPath: target)
        environment.hostnamePath = files.hostnamePath
        environment.hostsPath = files.hostsPath
        environment.resolvConfPath = files.resolvConfPath
        environment.initBinaryPath = options.initPath
        environment.networkNamespacePath = record.network.flatMap { $0.sandboxKey.isEmpty ? nil : $0.sandboxKey }
        let store = self.store
        environment.namespacePath = { reference, type in
            let other = try store.find(reference)
            guard other.state.running, other.state.pid > 0 else {
                throw BerthError(.illegalState, "cannot join namespace of a non running container \(other.id)")
            }
            if type == .network, let key = other.network?.sandboxKey, !key.isEmpty { return key }
            let names: [String: String] = ["network": "net", "mount": "mnt", "pid": "pid", "ipc": "ipc", "uts": "uts",
                                           "user": "user", "cgroup": "cgroup"]
            return "/proc/\(other.state.pid)/ns/\(names[type.rawValue] ?? type.rawValue)"
        }
        if let volumes {
            let points = record.mountPoints ?? []
            environment.volumePath = { name, destination in
                guard let name else {
                    throw BerthError(.invalidArgument, "anonymous volume at \(destination) was not created with the container")
                }
                // Copy-up needs the image's content, which is at the destination in the snapshot mounted here.
                if let point = points.first(where: { $0.name == name && $0.destination == destination }), !point.noCopy {
                    try volumes.copyUp(name, rootfs: target, destination: destination)
                }
                return try volumes.prepareForUse(name)
            }
        }
        let input = try ContainerSpecInput(record: record)
        return try DockerSpecBuilder(environment: environment).build(container: input, image: nil)
    }

    func runtimeBinary(_ record: ContainerRecord) -> String {
        let name = record.hostConfig.runtime
        if let path = options.runtimes[name] { return path }
        return options.runtime
    }

    /// The supervisor's container object lives while the task does (as dockerd's in containerd).
    func recreateSupervisorContainer(_ record: ContainerRecord, spec: Spec) async throws {
        try? await deleteSupervisorContainer(record.id)
        var container = Berth_Supervisor_V1_Container()
        container.id = record.id
        container.image = record.imageID
        container.snapshotter = record.snapshotter
        container.snapshotKey = record.snapshotKey
        container.runtime.name = runtimeBinary(record)
        container.spec = Data(try JSONCoding.encode(spec))
        var request = Berth_Supervisor_V1_CreateContainerRequest()
        request.namespace = namespace
        request.container = container
        _ = try await SupervisorError.mapping { try await link.containers.create(request) }
    }

    /// Deletes the supervisor's container object; one already gone is fine, any other failure is thrown.
    func deleteSupervisorContainer(_ id: String) async throws {
        try await SupervisorError.ignoringNotFound {
            var request = Berth_Supervisor_V1_DeleteContainerRequest()
            request.namespace = namespace
            request.id = id
            _ = try await link.containers.delete(request)
        }
    }

    /// Deletes the task (the shim exits) and returns its exit status if it had one.
    @discardableResult
    func deleteTask(_ id: String) async -> (status: UInt32, exitedAt: Int64?)? {
        var request = Berth_Supervisor_V1_DeleteTaskRequest()
        request.namespace = namespace
        request.containerID = id
        guard let response = try? await link.tasks.delete(request) else { return nil }
        let nanos = response.hasExitedAt ? response.exitedAt.seconds * 1_000_000_000 + Int64(response.exitedAt.nanos) : nil
        return (response.exitStatus, nanos)
    }

    public func resize(_ id: String, execID: String, height: UInt, width: UInt) async throws {
        var request = Berth_Supervisor_V1_ResizePtyRequest()
        request.namespace = namespace
        request.containerID = id
        request.execID = execID
        request.width = UInt32(clamping: width)
        request.height = UInt32(clamping: height)
        _ = try await SupervisorError.mapping { try await link.tasks.resizePty(request) }
    }
}
