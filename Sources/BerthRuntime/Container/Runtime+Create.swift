import BerthCgroups
import BerthCore
import BerthLinux
import BerthOCI
import BerthSeccomp
import CBerthLinux
import Glibc

extension Runtime {
    /// `create`: everything up to a container whose init waits on exec.fifo. Any failure tears down
    /// what was made (init, cgroup, state directory), so a bad config leaves nothing behind.
    /// Returns the init pid.
    @discardableResult
    public func create(id: String, _ opts: CreateOptions, detached: Bool = true) throws -> Int32 {
        try create(id: id, opts, bundleConfig: try BundleConfig.load(opts.bundle), detached: detached)
    }

    func create(id: String, _ opts: CreateOptions, bundleConfig: BundleConfig, detached: Bool) throws -> Int32 {
        guard berth_thread_count() <= 1 else {
            throw BerthError(.illegalState, "refusing to fork from a multi-threaded process")
        }
        let bundle = bundleConfig.bundle
        let spec = bundleConfig.spec
        try spec.validate()
        guard let process = spec.process else {
            throw BerthError(.invalidConfig, "config.json: process: required to create a container")
        }
        let rootPath = spec.root?.path ?? "rootfs"
        let rootfs = Paths.absolute(rootPath.hasPrefix("/") ? rootPath : bundle + "/" + rootPath)
        guard FileIO.isDirectory(rootfs) else {
            throw BerthError(.invalidConfig, "config.json: root.path: rootfs (\(rootfs)) does not exist")
        }
        let terminal = process.terminal == true
        if terminal && detached && opts.consoleSocket == nil && opts.consoleConnection == nil {
            throw BerthError(.invalidArgument, "cannot allocate tty if berth-runtime will detach without setting console socket")
        }
        if !terminal && opts.consoleSocket != nil {
            throw BerthError(.invalidArgument, "cannot use console socket if berth-runtime will not detach or allocate tty")
        }
        try ProcessAttributes.validate(process: process, linux: spec.linux)
        // Not implemented: refuse rather than run a container without what the config asked for.
        if let devices = spec.linux?.netDevices, !devices.isEmpty {
            throw BerthError(.unsupported, "config.json: linux.netDevices: moving network devices is not supported by berth-runtime")
        }
        if spec.linux?.intelRdt != nil {
            throw BerthError(.unsupported, "config.json: linux.intelRdt: Intel RDT is not supported by berth-runtime")
        }
        // Compiled before anything touches the host: a bad profile fails with nothing to undo.
        let seccomp = try spec.linux?.seccomp.map { try SeccompFilter.compile($0, cacheDirectory: seccompCacheDirectory) }
        try LSMLabels.check(process: process, linux: spec.linux, log: log)

        let nsText = (spec.linux?.namespaces ?? []).map { ns in ns.path.map { "\(ns.type)=\($0)" } ?? ns.type.rawValue }
        log.debugLog("create \(id): config \(bundle)/config.json loaded (rootfs \(rootfs), namespaces \(nsText))")
        let lock = try store.claim(id)
        var cleanup = CreateCleanup(store: store, id: id)
        do {
            let pid = try createClaimed(id: id, opts: opts, bundle: bundle, rootfs: rootfs, spec: spec, process: process,
                                        configBytes: bundleConfig.bytes, seccomp: seccomp, cleanup: &cleanup)
            cleanup.disarm()
            _ = lock
            return pid
        } catch {
            cleanup.run()
            throw error
        }
    }

    private func createClaimed(id: String, opts: CreateOptions, bundle: String, rootfs: String, spec: Spec,
                               process: Process, configBytes: [UInt8], seccomp: SeccompFilter?, cleanup: inout CreateCleanup) throws -> Int32 {
        let fifo = store.fifoPath(id)
        guard berth_mkfifo(fifo, 0o622) == 0 else { throw BerthError.sys("mkfifo \(fifo)") }
        // The init writes to it as the container's root, which a user namespace maps to another host
        // uid: give the fifo to that uid (runc does the same), past the umask.
        chmod(fifo, 0o622)
        let rootUID = spec.linux?.uidMappings?.first(where: { $0.containerID == 0 })?.hostID ?? 0
        let rootGID = spec.linux?.gidMappings?.first(where: { $0.containerID == 0 })?.hostID ?? 0
        if rootUID != 0 || rootGID != 0 { chown(fifo, rootUID, rootGID) }
        let stateDirFd = berthOpen(store.directory(id), OpenFlag.path | O_DIRECTORY | O_CLOEXEC)
        guard stateDirFd >= 0 else { throw BerthError.sys("open \(store.directory(id))") }
        defer { close(stateDirFd) }

        let cgroup = try Cgroups.manager(cgroupsPath: spec.linux?.cgroupsPath, containerID: id, systemd: options.systemdCgroup)
        cleanup.cgroup = cgroup
        try cgroup.create()
        log.debugLog("create \(id): cgroup \(cgroup.mode) at \(cgroup.paths.values.sorted())")
        if let resources = DefaultDeviceRules.apply(to: spec.linux?.resources, linux: spec.linux) {
            do { try cgroup.set(resources) } catch let e as BerthError {
                throw BerthError(e.code, "linux.resources: \(e.message)", cause: e.cause)
            }
        }

        var consoleSocket: Int32 = opts.consoleConnection ?? -1
        var connected: Int32 = -1
        if let path = opts.consoleSocket {
            connected = berth_unix_connect(path)
            guard connected >= 0 else { throw BerthError.sys("connect to console socket \(path)") }
            consoleSocket = connected
        }
        defer { if connected >= 0 { close(connected) } }
        var listener: Int32 = -1
        if let seccomp, seccomp.usesNotify, let path = spec.linux?.seccomp?.listenerPath {
            listener = berth_unix_connect(path)
            guard listener >= 0 else { throw BerthError.sys("connect to seccomp listener \(path)") }
        }
        defer { if listener >= 0 { close(listener) } }

        let idmapped = try IDMappedMounts.prepare(spec.mounts ?? [])
        defer { for fd in idmapped.values { close(fd) } }
        let hooks = spec.hooks
        var plan = InitPlan(id: id, bundle: bundle, rootfs: rootfs, spec: spec, process: process, cgroup: cgroup,
                            stateDirFd: stateDirFd, consoleSocket: consoleSocket, seccomp: seccomp,
                            seccompListener: listener, noPivot: opts.noPivot, preserveFds: opts.preserveFds,
                            hasRuntimeHooks: !((hooks?.prestart ?? []).isEmpty && (hooks?.createRuntime ?? []).isEmpty))
        plan.idmappedTrees = idmapped
        let (parentEnd, childEnd) = try Pipes.socketPair()
        let unifiedFd = try cgroup.openUnifiedDirectory() ?? -1
        var joinedUnified: Int32 = 0
        let stage1 = berth_clone_into(0, unifiedFd, &joinedUnified)
        if unifiedFd >= 0 { close(unifiedFd) }
        if stage1 < 0 { throw BerthError.sys("fork") }
        if stage1 == 0 {
            close(parentEnd)
            // Without clone3 (kernels before 5.7) stage 1 joins the cgroup2 directory itself.
            plan.joinUnifiedInChild = unifiedFd >= 0 && joinedUnified == 0
            ContainerInit(plan: plan, sync: SyncChannel(fd: childEnd)).stage1()
        }
        close(childEnd)
        defer { close(parentEnd) }
        let sync = SyncChannel(fd: parentEnd)
        var initPid: Int32 = 0
        cleanup.stage1 = stage1

        while true {
            guard let message = try sync.receive() else {
                throw BerthError(.system, "container init exited before it was ready")
            }
            log.debugLog("create \(id): init reports \"\(message)\"")
            if message == "userns" {
                try writeIDMaps(pid: stage1, linux: spec.linux)
                try sync.send("go")
            } else if message.hasPrefix("pid:"), let pid = Int32(message.dropFirst(4)) {
                initPid = pid
                cleanup.initPid = pid
                var status: Int32 = 0
                _ = berth_wait_status(stage1, 0, &status)
                cleanup.stage1 = 0
                try sync.send("go:\(pid)")
            } else if message == "hooks" {
                let state = State(id: id, status: "creating", pid: initPid, bundle: bundle, annotations: spec.annotations)
                try HookRunner.run(hooks?.prestart ?? [], kind: "prestart", state: state)
                try HookRunner.run(hooks?.createRuntime ?? [], kind: "createRuntime", state: state)
                try sync.send("go")
            } else if message == "ready" {
                break
            } else if message.hasPrefix("error:") {
                throw BerthError(.system, String(message.dropFirst(6)))
            }
        }
        guard let stat = ProcStat.read(pid: initPid) else {
            throw BerthError(.system, "container init \(initPid) vanished")
        }
        let record = ContainerRecord(id: id, bundle: bundle, rootfs: rootfs, initPid: initPid, initStartTime: stat.startTime,
                                     created: Timestamp.rfc3339Nano(Timestamp.now()),
                                     cgroupPaths: cgroup.paths, annotations: spec.annotations, hooks: spec.hooks,
                                     noPivot: opts.noPivot ? true : nil)
        // The bundle's own bytes: no re-encoding on the start-up path.
        try store.saveConfig(bytes: configBytes, id: id)
        try store.save(record)
        if let pidFile = opts.pidFile {
            try FileIO.writeAtomically(Paths.absolute(pidFile), Array(String(initPid).utf8), durable: false)
        }
        log.debugLog("create \(id): created, init pid \(initPid), state in \(store.directory(id))")
        return initPid
    }

    /// The parent writes the maps: as host root it may map any range (setgroups stays allowed).
    func writeIDMaps(pid: Int32, linux: Linux?) throws {
        func text(_ maps: [IDMapping]?) -> String {
            (maps ?? []).map { "\($0.containerID) \($0.hostID) \($0.size)\n" }.joined()
        }
        do {
            try FileIO.write("/proc/\(pid)/uid_map", text(linux?.uidMappings), flags: O_WRONLY)
        } catch let e as BerthError { throw BerthError(.invalidConfig, "linux.uidMappings: cannot write uid_map", cause: e.cause) }
        do {
            try FileIO.write("/proc/\(pid)/gid_map", text(linux?.gidMappings), flags: O_WRONLY)
        } catch let e as BerthError { throw BerthError(.invalidConfig, "linux.gidMappings: cannot write gid_map", cause: e.cause) }
    }
}

/// Undo list for a failed create.
struct CreateCleanup {
    let store: ContainerStore
    let id: String
    var cgroup: (any CgroupManager)?
    var stage1: Int32 = 0
    var initPid: Int32 = 0
    var armed = true

    mutating func disarm() { armed = false }

    func run() {
        guard armed else { return }
        var status: Int32 = 0
        if stage1 > 0 {
            kill(stage1, SIGKILL)
            _ = berth_wait_status(stage1, 0, &status)
        }
        if initPid > 0 {
            kill(initPid, SIGKILL)
            // The init is our child (CLONE_PARENT), so it can be reaped here.
            _ = berth_wait_status(initPid, 0, &status)
        }
        if let cgroup { _ = CgroupTeardown.run(cgroup, killRemaining: true) }
        store.remove(id)
    }
}

/// A bundle's config.json, read and decoded once per invocation.
struct BundleConfig {
    var bundle: String
    var bytes: [UInt8]
    var spec: Spec

    static func load(_ bundleArg: String) throws -> BundleConfig {
        let bundle = Paths.absolute(bundleArg)
        let path = bundle + "/config.json"
        let bytes: [UInt8]
        do { bytes = try FileIO.read(path) } catch {
            throw BerthError(.invalidConfig, "cannot read \(path)", cause: (error as? BerthError)?.cause)
        }
        return BundleConfig(bundle: bundle, bytes: bytes, spec: try JSONCoding.decode(Spec.self, from: bytes, source: "config.json"))
    }
}
