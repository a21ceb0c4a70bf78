import BerthContent
import BerthCore
import BerthLinux
import BerthShimAPI
import BerthSnapshots
import FoundationEssentials
import Synchronization

/// Creates tasks (bundle + rootfs + shim), tracks them, and turns what shims report into events.
/// Every shim call runs through `Blocking`, off the cooperative pool.
final class TaskManager: Sendable {
    struct Configuration: Sendable {
        /// `/run/berth`: bundles under `shims/`, shim sockets under `s/`.
        var stateRoot: String
        var shimBinary: String
        /// Used when a container names no runtime.
        var defaultRuntime: String
        /// Runtime state roots are `<runtimeRoot>/<namespace>`, so one id may exist in two namespaces.
        var runtimeRoot: String
    }

    /// The name containers use for "the supervisor's configured runtime".
    static let defaultRuntimeName = "berth-runtime"
    let configuration: Configuration
    let launcher: ShimLauncher
    let events: EventBroker
    let containerLookup: @Sendable (_ namespace: String, _ id: String) throws -> TaskContainer
    let snapshotMounts: @Sendable (_ snapshotter: String, _ namespace: String, _ key: String) throws -> [BerthSnapshots.Mount]
    private let tasks = Mutex<[TaskKey: TaskHandle]>([:])
    private let pending = Mutex<Set<TaskKey>>([])

    init(configuration: Configuration, events: EventBroker,
         containerLookup: @escaping @Sendable (String, String) throws -> TaskContainer,
         snapshotMounts: @escaping @Sendable (String, String, String) throws -> [BerthSnapshots.Mount]) {
        self.configuration = configuration
        self.events = events
        self.containerLookup = containerLookup
        self.snapshotMounts = snapshotMounts
        launcher = ShimLauncher(shimBinary: configuration.shimBinary, socketDirectory: Self.shimSocketDirectory(stateRoot: configuration.stateRoot))
    }

    // MARK: lookup

    func handle(_ key: TaskKey) throws -> TaskHandle {
        guard let handle = tasks.withLock({ $0[key] }) else {
            throw BerthError(.notFound, "task \(key.id) in namespace \(key.namespace): not found")
        }
        return handle
    }

    func handles(namespace: String) -> [TaskHandle] {
        tasks.withLock { $0.values.filter { $0.key.namespace == namespace } }.sorted { $0.key.id < $1.key.id }
    }

    var count: Int { tasks.withLock { $0.count } }

    func register(_ handle: TaskHandle) {
        tasks.withLock { $0[handle.key] = handle }
    }

    // MARK: create

    struct CreateOptions: Sendable {
        var rootfs: [BerthSnapshots.Mount]
        var stdin: String
        var stdout: String
        var stderr: String
        var terminal: Bool
        var logPath: String
    }

    func create(_ key: TaskKey, _ options: CreateOptions) async throws -> Int32 {
        let claimed = pending.withLock { $0.insert(key).inserted }
        guard claimed else { throw BerthError(.alreadyExists, "task \(key.id): being created") }
        defer { _ = pending.withLock { $0.remove(key) } }
        if tasks.withLock({ $0[key] }) != nil { throw BerthError(.alreadyExists, "task \(key.id): already exists") }
        let container = try containerLookup(key.namespace, key.id)
        let handle = try await Blocking.run { try self.createBlocking(key, container, options) }
        tasks.withLock { $0[key] = handle }
        startMonitor(handle)
        events.publish(namespace: key.namespace, topic: "/tasks/create", [
            "container_id": key.id, "bundle": handle.bundle.path, "pid": String(handle.pid),
        ])
        return handle.pid
    }

    private func createBlocking(_ key: TaskKey, _ container: TaskContainer, _ options: CreateOptions) throws -> TaskHandle {
        let bundle = TaskBundle(stateRoot: configuration.stateRoot, key: key)
        if FileIO.exists(bundle.path) {
            // A leftover of a task that was never deleted: refuse rather than overwrite its state.
            throw BerthError(.alreadyExists, "task \(key.id): bundle \(bundle.path) already exists")
        }
        let runtime = container.runtime.isEmpty || container.runtime == Self.defaultRuntimeName
            ? configuration.defaultRuntime : container.runtime
        let runtimeRoot = Self.runtimeRoot(options: container.runtimeOptions)
            ?? "\(configuration.runtimeRoot)/\(key.namespace)"
        var mounts = options.rootfs
        if mounts.isEmpty {
            guard !container.snapshotKey.isEmpty else {
                throw BerthError(.invalidArgument, "container \(key.id) has no snapshot and no rootfs mounts were given")
            }
            mounts = try snapshotMounts(container.snapshotter, key.namespace, container.snapshotKey)
        }
        var record = TaskBundle.Record(namespace: key.namespace, id: key.id, runtime: runtime, runtimeRoot: runtimeRoot, rootfsMounted: false)
        var shimStarted = false
        do {
            try bundle.prepare(spec: container.spec, record: record)
            try bundle.mountRootfs(mounts)
            record.rootfsMounted = true
            try bundle.save(record)
            let address = try launcher.start(key: key, bundle: bundle, runtime: runtime, runtimeRoot: runtimeRoot)
            shimStarted = true
            let client = ShimClient(address: address, timeoutMilliseconds: 60_000)
            let pid = try client.create(CreateRequest(
                id: key.id, bundle: bundle.path, runtime: runtime, runtimeRoot: runtimeRoot, terminal: options.terminal,
                stdin: options.stdin.nonEmpty, stdout: options.stdout.nonEmpty, stderr: options.stderr.nonEmpty,
                logPath: options.logPath.nonEmpty))
            return TaskHandle(key: key, bundle: bundle, client: client, record: record, pid: pid.pid)
        } catch {
            // Nothing half-made stays behind: the shim, the rootfs mount and the bundle all go.
            if shimStarted {
                let client = ShimClient(address: ShimAddress.address(forSocket: ShimAddress.socketPath(
                    namespace: key.namespace, id: key.id, socketDirectory: launcher.socketDirectory)), timeoutMilliseconds: 5000)
                try? client.shutdown(now: true)
            }
            if record.rootfsMounted { try? bundle.unmountRootfs() }
            try? bundle.remove()
            throw error
        }
    }

    /// Shim sockets are `<dir>/<64 hex>` (console sockets add `.c<n>`) and must fit sun_path (107
    /// bytes). `<state>/s` when that fits with room for the suffix;
    /// otherwise a short per-state directory under /run/berth/s, so a long --state still works and two
    /// supervisors never share socket names.
    static func shimSocketDirectory(stateRoot: String) -> String {
        let preferred = stateRoot + "/s"
        if preferred.utf8.count + 1 + 64 + 8 <= 107 { return preferred }
        let tag = SHA256Hasher.digest(Array(stateRoot.utf8)).encoded.prefix(16)
        return "/run/berth/s/\(tag)"
    }

    static func runtimeRoot(options: [UInt8]) -> String? {
        guard !options.isEmpty, let value = try? JSONValue.parse(options), case .object(let fields) = value,
              case .string(let root)? = fields["root"], !root.isEmpty else { return nil }
        return root
    }

    // MARK: process calls

    func start(_ key: TaskKey, execID: String) async throws -> Int32 {
        let handle = try liveHandle(key)
        let pid = try await Blocking.run { try handle.client.start(execID: execID.nonEmpty).pid }
        if execID.isEmpty {
            events.publish(namespace: key.namespace, topic: "/tasks/start", ["container_id": key.id, "pid": String(pid)])
        } else {
            events.publish(namespace: key.namespace, topic: "/tasks/exec-started",
                           ["container_id": key.id, "exec_id": execID, "pid": String(pid)])
        }
        return pid
    }

    func state(_ key: TaskKey, execID: String) async throws -> StateResponse {
        let handle = try handle(key)
        if let exit = handle.dead {
            guard execID.isEmpty else { throw BerthError(.notFound, "exec \(execID) in task \(key.id): not found") }
            return StateResponse(id: key.id, execID: nil, pid: exit.pid, status: .stopped, exitStatus: exit.exitStatus,
                                 exitedAt: exit.exitedAt, terminal: false, stdin: nil, stdout: nil, stderr: nil,
                                 bundle: handle.bundle.path)
        }
        do {
            return try await Blocking.run { try handle.client.state(execID: execID.nonEmpty) }
        } catch let error as ShimError where error.code == .unavailable {
            if let exit = await confirmDeath(handle) {
                return StateResponse(id: key.id, execID: nil, pid: exit.pid, status: .stopped, exitStatus: exit.exitStatus,
                                     exitedAt: exit.exitedAt, terminal: false, stdin: nil, stdout: nil, stderr: nil,
                                     bundle: handle.bundle.path)
            }
            throw error
        }
    }

    func kill(_ key: TaskKey, execID: String, signal: Int32, all: Bool) async throws {
        let handle = try liveHandle(key)
        try await Blocking.run { try handle.client.kill(execID: execID.nonEmpty, signal: signal, all: all) }
    }

    func exec(_ key: TaskKey, _ request: ExecRequest) async throws {
        let handle = try liveHandle(key)
        try await Blocking.run { try handle.client.exec(request) }
        events.publish(namespace: key.namespace, topic: "/tasks/exec-added", ["container_id": key.id, "exec_id": request.execID])
    }

    func wait(_ key: TaskKey, execID: String) async throws -> ExitResponse {
        let handle = try handle(key)
        if let exit = handle.dead, execID.isEmpty { return exit }
        do {
            return try await Blocking.run { try handle.client.wait(execID: execID.nonEmpty) }
        } catch let error as ShimError where error.code == .unavailable && execID.isEmpty {
            // The shim went away while we waited: its recorded exit is the answer.
            if let exit = await confirmDeath(handle) { return exit }
            throw error
        }
    }

    func pause(_ key: TaskKey) async throws {
        let handle = try liveHandle(key)
        try await Blocking.run { try handle.client.pause() }
        events.publish(namespace: key.namespace, topic: "/tasks/paused", ["container_id": key.id])
    }

    func resume(_ key: TaskKey) async throws {
        let handle = try liveHandle(key)
        try await Blocking.run { try handle.client.resume() }
        events.publish(namespace: key.namespace, topic: "/tasks/resumed", ["container_id": key.id])
    }

    func pids(_ key: TaskKey) async throws -> [ShimProcessInfo] {
        let handle = try liveHandle(key)
        return try await Blocking.run { try handle.client.pids() }
    }

    func resizePty(_ key: TaskKey, execID: String, width: UInt32, height: UInt32) async throws {
        let handle = try liveHandle(key)
        try await Blocking.run { try handle.client.resizePty(execID: execID.nonEmpty, width: width, height: height) }
    }

    func closeIO(_ key: TaskKey, execID: String) async throws {
        let handle = try liveHandle(key)
        try await Blocking.run { try handle.client.closeIO(execID: execID.nonEmpty, stdin: true) }
    }

    func update(_ key: TaskKey, resources: String) async throws {
        let handle = try liveHandle(key)
        try await Blocking.run { try handle.client.update(resources: resources) }
    }

    func stats(_ key: TaskKey) async throws -> String {
        let handle = try liveHandle(key)
        return try await Blocking.run { try handle.client.stats() }
    }

    // MARK: delete

    func deleteProcess(_ key: TaskKey, execID: String) async throws -> ExitResponse {
        let handle = try liveHandle(key)
        return try await Blocking.run { try handle.client.delete(execID: execID) }
    }

    func delete(_ key: TaskKey) async throws -> ExitResponse {
        let handle = try handle(key)
        var exit: ExitResponse
        if let dead = handle.dead {
            exit = dead
        } else {
            do {
                exit = try await Blocking.run { try handle.client.delete(execID: nil) }
                try? await Blocking.run { try handle.client.shutdown(now: true) }
            } catch let error as ShimError where error.code == .unavailable {
                guard let dead = await confirmDeath(handle) else { throw error }
                exit = dead
            }
        }
        publishExit(handle, exit)
        try await Blocking.run {
            if handle.record.rootfsMounted { try handle.bundle.unmountRootfs() }
            try handle.bundle.remove()
        }
        tasks.withLock { _ = $0.removeValue(forKey: key) }
        events.publish(namespace: key.namespace, topic: "/tasks/delete", [
            "container_id": key.id, "pid": String(exit.pid), "exit_status": String(exit.exitStatus),
            "exited_at": exit.exitedAt ?? "",
        ])
        return exit
    }

    private func liveHandle(_ key: TaskKey) throws -> TaskHandle {
        let handle = try handle(key)
        if handle.dead != nil {
            throw BerthError(.illegalState, "task \(key.id): process already finished (its shim exited)")
        }
        return handle
    }

    // MARK: exits and shim death

    func publishExit(_ handle: TaskHandle, _ exit: ExitResponse) {
        handle.publishExitOnce {
            events.publish(namespace: handle.key.namespace, topic: "/tasks/exit", [
                "container_id": handle.key.id, "id": handle.key.id, "pid": String(exit.pid),
                "exit_status": String(exit.exitStatus), "exited_at": exit.exitedAt ?? "",
            ])
        }
    }

    /// Called when a shim stops answering. If it really is gone, cleans up through `berth-shim delete`
    /// (which runs the runtime's `delete --force`) and reports the task exited.
    func confirmDeath(_ handle: TaskHandle) async -> ExitResponse? {
        if let exit = handle.dead { return exit }
        let probe = ShimClient(address: ShimAddress.address(forSocket: handle.client.socketPath), timeoutMilliseconds: 2000)
        let alive = (try? await Blocking.run { try probe.connect() }) != nil
        probe.close()
        if alive { return nil }
        let exit = (try? await Blocking.run {
            self.launcher.delete(key: handle.key, bundle: handle.bundle, runtime: handle.record.runtime,
                                 runtimeRoot: handle.record.runtimeRoot)
        }) ?? ExitResponse(pid: 0, exitStatus: 137, exitedAt: nil)
        handle.markDead(exit)
        publishExit(handle, handle.dead ?? exit)
        return handle.dead
    }

    /// One thread per task follows the shim's event stream; when the stream breaks, the shim is
    /// checked and, if dead, cleaned up.
    func startMonitor(_ handle: TaskHandle) {
        Blocking.detach { [self] in
            if let stream = try? handle.client.subscribe() {
                // An exit that happened before we subscribed (while the supervisor was down) is in
                // the shim's state; the marker keeps it from being published twice.
                if let state = try? handle.client.state(), state.status == .stopped {
                    publishExit(handle, ExitResponse(pid: state.pid, exitStatus: state.exitStatus, exitedAt: state.exitedAt))
                }
                while let event = try? stream.next() {
                    route(event, handle)
                }
                stream.close()
            }
            guard tasks.withLock({ $0[handle.key] }) === handle else { return }
            Task { _ = await self.confirmDeath(handle) }
        }
    }

    private func route(_ event: ShimEvent, _ handle: TaskHandle) {
        let key = handle.key
        switch event.topic {
        case ShimEvent.Topic.exit:
            let exit = ExitResponse(pid: event.pid, exitStatus: event.exitStatus ?? 0, exitedAt: event.exitedAt)
            if let execID = event.execID, !execID.isEmpty {
                events.publish(namespace: key.namespace, topic: "/tasks/exit", [
                    "container_id": key.id, "id": execID, "pid": String(exit.pid),
                    "exit_status": String(exit.exitStatus), "exited_at": exit.exitedAt ?? "",
                ])
            } else {
                publishExit(handle, exit)
            }
        case ShimEvent.Topic.oom:
            events.publish(namespace: key.namespace, topic: "/tasks/oom", ["container_id": key.id])
        default:
            break  // create/start/exec/pause events are published by the RPCs that caused them
        }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
