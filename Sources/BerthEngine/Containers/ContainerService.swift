import BerthCore
import BerthEngineAPI
import BerthLinux
import BerthSupervisorAPI
import Synchronization

/// Docker's container lifecycle over the supervisor: records in `ContainerStore`, tasks through the
/// supervisor's Tasks service (one shim each), stdio through FIFOs the engine owns (`ProcessIO`).
/// The verbs live in the `ContainerService+*.swift` files.
public final class ContainerService: Sendable {
    let link: SupervisorLink
    public let store: ContainerStore
    let catalog: ImageCatalog
    public let events: EngineEvents
    public let options: ContainerServiceOptions
    let waiters = ContainerWaiters()
    /// The init process's I/O of every running container.
    let live = Mutex<[String: ProcessIO]>([:])
    /// Attach clients waiting for a created container to start (lock order: `live`, then this).
    let pendingAttach = Mutex<[String: [AttachTarget]]>([:])
    let execs = ExecStore()
    /// Image target digest → chain id of its unpacked layers (see `prepareRWLayer`).
    let unpackedChains = Mutex<[String: String]>([:])
    /// Containers being removed: start and a second remove are refused meanwhile.
    let removing = Mutex<Set<String>>([])
    /// Named and anonymous volumes; nil refuses them (as before the volume service existed).
    public let volumes: VolumeService?
    /// Bridge, macvlan and user networks; nil gives every container a namespace with loopback only.
    public let networks: NetworkService?

    public init(link: SupervisorLink, catalog: ImageCatalog, events: EngineEvents, options: ContainerServiceOptions,
                volumes: VolumeService? = nil, networks: NetworkService? = nil) throws {
        self.link = link
        self.catalog = catalog
        self.events = events
        self.options = options
        self.volumes = volumes
        self.networks = networks
        let store = try ContainerStore(root: options.containersRoot)
        self.store = store
        volumes?.setUsers { name in
            store.all().filter { $0.mountPoints?.contains { $0.type == "volume" && $0.name == name } == true }.map(\.id).sorted()
        }
    }

    var namespace: String { SupervisorLink.namespace }

    func io(_ id: String) -> ProcessIO? { live.withLock { $0[id] } }

    /// Reloads every record and reconciles it with the supervisor: a task that still runs gets its
    /// output pump and exit monitor back; one that ended while berthd was away is recorded as exited.
    public func restore() async -> [String] {
        var problems = store.load()
        if let networks {
            for record in store.all() {
                guard let state = record.network else { continue }
                if record.state.running {
                    problems += await networks.restore(record.id, name: record.name, state: state, dns: record.hostConfig.dns ?? [],
                                                       links: record.hostConfig.links ?? [])
                } else {
                    // Stopped while the record still held its namespace: nothing may leak.
                    await networks.detach(record.id, state: state)
                    _ = try? store.update(record.id) { $0.network = nil }
                }
            }
        }
        for record in store.all() where record.state.running {
            do {
                try await reattach(record)
            } catch {
                problems.append("container \(record.id): \(error)")
            }
        }
        return problems
    }

    func reattach(_ record: ContainerRecord) async throws {
        var get = Berth_Supervisor_V1_GetRequest()
        get.namespace = namespace
        get.containerID = record.id
        let process: Berth_Supervisor_V1_Process
        do {
            process = try await link.tasks.get(get).process
        } catch where SupervisorError.isNotFound(error) {
            // No task: it is gone with its exit status; record what the shim could not tell us.
            try await finishExit(record.id, status: 255, exitedAt: nil)
            return
        } catch {
            // The supervisor is not answering yet: keep the container running and let the monitor
            // ask until it does (the output stays in the FIFOs meanwhile).
            let io = ProcessIO(directory: ioDirectory(record.id), prefix: "init", stdin: record.config.openStdin, tty: record.config.tty)
            try io.startPump(writer: try logWriter(record))
            live.withLock { $0[record.id] = io }
            monitor(record.id)
            throw SupervisorError.map(error)
        }
        let io = ProcessIO(directory: ioDirectory(record.id), prefix: "init", stdin: record.config.openStdin, tty: record.config.tty)
        try io.startPump(writer: try logWriter(record))
        io.openStdin()
        live.withLock { $0[record.id] = io }
        if process.status == .stopped {
            Task { try? await self.finishExit(record.id, status: Int(process.exitStatus), exitedAt: nil) }
        } else {
            monitor(record.id)
        }
    }

    func ioDirectory(_ id: String) -> String { store.directory(id) + "/io" }

    func logDriver(_ record: ContainerRecord) throws -> LogDriver {
        try LogDriver(name: record.hostConfig.logConfig.type.isEmpty ? options.logDriver : record.hostConfig.logConfig.type)
    }

    func logWriter(_ record: ContainerRecord) throws -> any ContainerLogWriter {
        let options = record.hostConfig.logConfig.config ?? (record.hostConfig.logConfig.type.isEmpty ? self.options.logOptions : [:])
        return try logDriver(record).makeWriter(containerDirectory: store.directory(record.id), containerID: record.id, options: options)
    }
}
